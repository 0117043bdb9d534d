import * as z from "zod";
import { JobMessage } from "../job/contract";
import { GatewayEvent, OutboundCommand } from "../message/contract";
import { Meta } from "./meta";

/** Message attribute names. EventBridge Scheduler cannot set attributes, so consumers also read `meta` in the body. */
export const ATTRIBUTE = { key: "message_key", correlationId: "correlation_id" } as const;

export const QUEUE_NAMES = ["wa-inbound", "wa-outbound-tx", "wa-outbound-bulk", "jobs", "einvoice"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * How SQS treats every queue, in AWS (infra/queues.ts) and locally alike: a message that
 * fails this many receives moves to the queue's dead-letter queue.
 */
export const MAX_RECEIVE_COUNT = 3;
/** Longer than the slowest consumer may take, so a message is not handed out twice at once. */
export const VISIBILITY_TIMEOUT_SECONDS = 60;
/** The most SQS allows; the dead-letter queues keep failures as long as possible for inspection. */
export const DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;
export const dlqName = (queue: QueueName) => `${queue}-dlq`;

/** What each queue carries. Every body has a `v` version field so a contract can change safely. */
export const CONTRACTS = {
  "wa-inbound": GatewayEvent,
  "wa-outbound-tx": OutboundCommand,
  "wa-outbound-bulk": OutboundCommand,
  jobs: JobMessage,
  // One invoice's e-invoice to issue (or, once submitted, to look at again), or the daily
  // look at whether last month's consolidated e-invoice is due.
  einvoice: z.union([
    z.object({ v: z.literal(1), invoice_id: z.uuid(), meta: Meta.optional() }),
    z.object({ v: z.literal(1), type: z.literal("consolidate_check"), meta: Meta.optional() }),
    z.object({
      v: z.literal(1),
      type: z.literal("poll_run"),
      period: z.string().regex(/^\d{4}-\d{2}$/),
      meta: Meta.optional(),
    }),
  ]),
} as const satisfies Record<QueueName, z.ZodType>;
