import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { systemActor, withActor } from "@wapos/core/actor";
import { log, withCorrelation } from "@wapos/core/log";
import { ATTRIBUTE, CONTRACTS, Queue, type QueueName } from "@wapos/core/queue/index";
import { subscribeAll } from "@wapos/core/subscriptions";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { z } from "zod";

export type ConsumerContext = {
  /** The idempotency key the message was deduplicated on. */
  key: string;
  messageId: string;
  receiveCount: number;
};

export type SqsHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/**
 * Wraps a queue consumer: each record is parsed with the queue's zod contract, handled at most
 * once per idempotency key (recorded in the same transaction as the handler's writes, so a
 * redelivery finds it), and failures are reported per record so SQS retries only those;
 * after the queue's maxReceiveCount a record moves to its dead-letter queue.
 */
export function consumer<Q extends QueueName>(
  queue: Q,
  handle: (body: z.output<(typeof CONTRACTS)[Q]>, context: ConsumerContext) => Promise<void>,
  options: {
    /**
     * false: the handler is idempotent by itself and commits as it goes, because its work
     * leaves the database between writes (an e-invoice submitted to LHDN must stay recorded
     * even when a later step fails and the message is retried).
     */
    transactional?: boolean;
  } = {},
): SqsHandler {
  subscribeAll();
  const schema = CONTRACTS[queue];
  const processor = new BatchProcessor(EventType.SQS);

  const processRecord = async (record: SQSRecord) => {
    const parsed = parseBody(record);
    const meta = (parsed as { meta?: { key?: string; correlation_id?: string } } | undefined)?.meta;
    const key = record.messageAttributes?.[ATTRIBUTE.key]?.stringValue ?? meta?.key ?? record.messageId;
    const correlationId =
      record.messageAttributes?.[ATTRIBUTE.correlationId]?.stringValue ?? meta?.correlation_id;
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    return withCorrelation(correlationId, () =>
      withActor(systemActor(`queue:${queue}`), async () => {
        const result = schema.safeParse(parsed);
        if (!result.success) {
          log.error("message does not match its contract", result.error, {
            queue,
            key,
            receive_count: receiveCount,
          });
          throw result.error;
        }
        try {
          const work = () =>
            handle(result.data as z.output<(typeof CONTRACTS)[Q]>, {
              key,
              messageId: record.messageId,
              receiveCount,
            });
          if (options.transactional === false) await work();
          else if (!(await Queue.once(queue, key, work)))
            log.info("duplicate message skipped", { queue, key });
        } catch (error) {
          log.error("message handling failed; SQS will retry it", error, {
            queue,
            key,
            receive_count: receiveCount,
          });
          throw error;
        }
      }),
    );
  };

  // In order, one at a time: receipts and replies for one chat keep their order, and a batch
  // where every record failed is reported like any other instead of thrown.
  return (event, context) =>
    processPartialResponse(event, processRecord, processor, {
      ...(context ? { context } : {}),
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
}

function parseBody(record: SQSRecord): unknown {
  try {
    return JSON.parse(record.body);
  } catch {
    // Not JSON: the contract check reports it, so it fails and reaches the DLQ like any poison message.
    return record.body;
  }
}
