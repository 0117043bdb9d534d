import * as z from "zod";
import { JobMessage } from "../job/contract";
import { GatewayEvent, OutboundCommand } from "../message/contract";
import { Meta } from "./meta";

/** Message attribute names. EventBridge Scheduler cannot set attributes, so consumers also read `meta` in the body. */
export const ATTRIBUTE = { key: "message_key", correlationId: "correlation_id" } as const;

export const QUEUE_NAMES = [
  "wa-inbound",
  "wa-outbound-tx",
  "wa-outbound-bulk",
  "jobs",
  "einvoice",
  "ai",
] as const;
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

/**
 * Per queue, in AWS and locally alike. The einvoice consumer runs one invocation at a time
 * (reserved concurrency 1: LHDN's rate limits are counted per client, and each Lambda instance
 * has its own), so SQS may hand it messages while it is busy and Lambda throttles them. AWS's
 * guidance for that case: a visibility timeout of at least six times the function's timeout
 * (the einvoice function's is 55 s, infra/handlers) and at least 5 receives before the DLQ, so
 * a throttled message is retried rather than dead-lettered.
 */
export const QUEUE_SETTINGS: Record<
  QueueName,
  { visibilityTimeoutSeconds: number; maxReceiveCount: number }
> = {
  "wa-inbound": { visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS, maxReceiveCount: MAX_RECEIVE_COUNT },
  "wa-outbound-tx": {
    visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
    maxReceiveCount: MAX_RECEIVE_COUNT,
  },
  "wa-outbound-bulk": {
    visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
    maxReceiveCount: MAX_RECEIVE_COUNT,
  },
  jobs: { visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS, maxReceiveCount: MAX_RECEIVE_COUNT },
  einvoice: { visibilityTimeoutSeconds: 360, maxReceiveCount: 5 },
  ai: { visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS, maxReceiveCount: MAX_RECEIVE_COUNT },
};

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
  // A customer's question for the assistant to answer: the inbound message's ledger id.
  ai: z.object({ v: z.literal(1), message_id: z.uuid(), meta: Meta.optional() }),
} as const satisfies Record<QueueName, z.ZodType>;
