import { log } from "@wapos/core/log";
import type { QueueName, QueuePort, ReceivedMessage } from "@wapos/core/queue/index";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { SqsHandler } from "../queue/consumer";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The SQS event Lambda would pass for these messages, field for field. */
export function toSqsEvent(messages: ReceivedMessage[], queueArn: string, region = "us-east-1"): SQSEvent {
  return {
    Records: messages.map(
      (m): SQSRecord => ({
        messageId: m.messageId,
        receiptHandle: m.receiptHandle,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: m.attributes.ApproximateReceiveCount ?? "1",
          SentTimestamp: m.attributes.SentTimestamp ?? String(Date.now()),
          SenderId: m.attributes.SenderId ?? "local",
          ApproximateFirstReceiveTimestamp:
            m.attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
        },
        messageAttributes: Object.fromEntries(
          Object.entries(m.messageAttributes).map(([name, value]) => [
            name,
            {
              dataType: value.dataType,
              stringValue: value.stringValue,
              stringListValues: [],
              binaryListValues: [],
            },
          ]),
        ),
        md5OfBody: m.md5OfBody,
        eventSource: "aws:sqs",
        eventSourceARN: queueArn,
        awsRegion: region,
      }),
    ),
  };
}

/**
 * Does locally what Lambda's SQS event source mapping does in AWS: receives batches, calls the
 * handler, deletes what succeeded and leaves reported failures to reappear after the
 * visibility timeout (and move to the DLQ after maxReceiveCount).
 */
export function startPoller(options: {
  port: QueuePort;
  queue: QueueName;
  queueArn: string;
  handler: SqsHandler;
  batchSize?: number;
}) {
  const { port, queue, handler } = options;
  let stopping = false;

  const loop = (async () => {
    while (!stopping) {
      try {
        // local-aws-sqs only wakes a long poll early when asking for one message, so drain
        // with a short poll and wait with a single-message long poll.
        let messages = await port.receive(queue, { max: options.batchSize ?? 10, waitSeconds: 0 });
        if (!messages.length) messages = await port.receive(queue, { max: 1, waitSeconds: 1 });
        if (!messages.length) continue;
        const failed = await invoke(handler, toSqsEvent(messages, options.queueArn), queue);
        await Promise.all(
          messages.filter((m) => !failed.has(m.messageId)).map((m) => port.remove(queue, m.receiptHandle)),
        );
      } catch (error) {
        log.error("local poller error", error, { queue });
        await sleep(1000);
      }
    }
  })();

  return {
    stop: async () => {
      stopping = true;
      await loop;
    },
  };
}

async function invoke(handler: SqsHandler, event: SQSEvent, queue: QueueName): Promise<Set<string>> {
  try {
    const response = await handler(event);
    return new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
  } catch (error) {
    // A thrown handler fails the whole batch, as in Lambda.
    log.error("consumer failed the whole batch", error, { queue, size: event.Records.length });
    return new Set(event.Records.map((record) => record.messageId));
  }
}
