import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { Env } from "../env/index";
import { ATTRIBUTE, type QueueName } from "./contracts";
import { AnyQueueEnv, queueUrlVariable } from "./env";
import type { OutgoingMessage, QueuePort, ReceivedMessage } from "./index";

export { queueUrlVariable };

export function queueUrlFromEnv(queue: QueueName, source: Env.Source = Env.use()): string {
  const url = Env.read(AnyQueueEnv, source)[queueUrlVariable(queue)];
  if (!url) throw new Error(`${queueUrlVariable(queue)} is not set`);
  return url;
}

/**
 * The SQS adapter. The endpoint comes from the SDK's own settings (AWS_ENDPOINT_URL_SQS for
 * the local endpoint or LocalStack), so the same code runs everywhere.
 */
export function createSqsQueue(options: { client?: SQSClient; urlOf?: (queue: QueueName) => string } = {}) {
  const client = options.client ?? new SQSClient({});
  const urlOf = options.urlOf ?? ((queue) => queueUrlFromEnv(queue));
  const dlqUrls = new Map<string, Promise<string | undefined>>();

  /** The DLQ's URL from its ARN (arn:aws:sqs:region:account:name), looked up once. */
  const dlqUrl = (arn: string) => {
    let url = dlqUrls.get(arn);
    if (!url) {
      const [, , , , account, name] = arn.split(":");
      url = client
        .send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }))
        .then((result) => result.QueueUrl);
      url.catch(() => dlqUrls.delete(arn));
      dlqUrls.set(arn, url);
    }
    return url;
  };

  const depth = async (url: string) => {
    const { Attributes: a = {} } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0);
  };

  const port: QueuePort & { client: SQSClient; urlOf: (queue: QueueName) => string } = {
    client,
    urlOf,
    async send(message: OutgoingMessage) {
      const attributes: Record<string, { DataType: "String"; StringValue: string }> = {
        [ATTRIBUTE.key]: { DataType: "String", StringValue: message.key },
      };
      if (message.correlationId)
        attributes[ATTRIBUTE.correlationId] = { DataType: "String", StringValue: message.correlationId };
      const result = await client.send(
        new SendMessageCommand({
          QueueUrl: urlOf(message.queue),
          MessageBody: JSON.stringify(message.body),
          MessageAttributes: attributes,
          DelaySeconds: message.delaySeconds,
        }),
      );
      return { messageId: result.MessageId ?? "" };
    },

    async receive(queue, options) {
      const result = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: urlOf(queue),
          MaxNumberOfMessages: options.max,
          WaitTimeSeconds: options.waitSeconds,
          VisibilityTimeout: options.visibilityTimeout,
          // The local endpoint only honours the older AttributeNames; AWS accepts both.
          AttributeNames: ["All"],
          MessageSystemAttributeNames: ["All"],
          MessageAttributeNames: ["All"],
        }),
      );
      return (result.Messages ?? []).map(
        (m): ReceivedMessage => ({
          queue,
          messageId: m.MessageId ?? "",
          receiptHandle: m.ReceiptHandle ?? "",
          body: m.Body ?? "",
          md5OfBody: m.MD5OfBody ?? "",
          attributes: { ...m.Attributes },
          messageAttributes: Object.fromEntries(
            Object.entries(m.MessageAttributes ?? {}).map(([name, value]) => [
              name,
              { dataType: value.DataType ?? "String", stringValue: value.StringValue },
            ]),
          ),
        }),
      );
    },

    async remove(queue, receiptHandle) {
      await client.send(new DeleteMessageCommand({ QueueUrl: urlOf(queue), ReceiptHandle: receiptHandle }));
    },

    async release(queue, receiptHandle, delaySeconds = 0) {
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: urlOf(queue),
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: delaySeconds,
        }),
      );
    },

    async stats(queue) {
      const { Attributes: a = {} } = await client.send(
        new GetQueueAttributesCommand({
          QueueUrl: urlOf(queue),
          AttributeNames: [
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "RedrivePolicy",
          ],
        }),
      );
      const redrive = a.RedrivePolicy ? JSON.parse(a.RedrivePolicy) : undefined;
      const deadLetterTargetArn = redrive?.deadLetterTargetArn as string | undefined;
      const deadUrl = deadLetterTargetArn ? await dlqUrl(deadLetterTargetArn) : undefined;
      return {
        visible: Number(a.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
        deadLetterTargetArn,
        maxReceiveCount: redrive ? Number(redrive.maxReceiveCount) : undefined,
        deadLetters: deadUrl ? await depth(deadUrl) : undefined,
      };
    },
  };
  return port;
}
