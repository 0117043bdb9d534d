import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import {
  DLQ_RETENTION_SECONDS,
  dlqName,
  QUEUE_NAMES,
  QUEUE_SETTINGS,
  type QueueName,
} from "@wapos/core/queue/index";
import { createSqsServer } from "local-aws-sqs";
import S3rver from "s3rver";

export type QueueSettings = { visibilityTimeout?: number; maxReceiveCount?: number };

/**
 * Creates each queue with its dead-letter queue and redrive policy, as infra/queues.ts does
 * in AWS. Returns the queue URLs. `prefix` keeps tests' queues apart on one endpoint.
 */
export async function createQueues(
  client: SQSClient,
  options: QueueSettings & { prefix?: string; names?: readonly QueueName[] } = {},
): Promise<Record<QueueName, string>> {
  const prefix = options.prefix ?? "";
  const urls = {} as Record<QueueName, string>;
  for (const queue of options.names ?? QUEUE_NAMES) {
    const dlq = await client.send(
      new CreateQueueCommand({
        QueueName: `${prefix}${dlqName(queue)}`,
        Attributes: { MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS) },
      }),
    );
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }),
    );
    const created = await client.send(
      new CreateQueueCommand({
        QueueName: `${prefix}${queue}`,
        Attributes: {
          VisibilityTimeout: String(
            options.visibilityTimeout ?? QUEUE_SETTINGS[queue].visibilityTimeoutSeconds,
          ),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: Attributes?.QueueArn,
            maxReceiveCount: options.maxReceiveCount ?? QUEUE_SETTINGS[queue].maxReceiveCount,
          }),
        },
      }),
    );
    urls[queue] = created.QueueUrl!;
  }
  return urls;
}

/** The local SQS-compatible endpoint (in-process, in memory) on loopback. */
export async function startLocalSqs(port = 0) {
  const server = await createSqsServer({
    port,
    hostname: "127.0.0.1",
    emulateQueueCreationLifecycle: false,
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The local S3-compatible endpoint, storing objects under `directory` so they survive a
 * restart. CORS lets the dashboard's browser PUT to presigned URLs.
 */
export async function startLocalS3(options: {
  directory: string;
  bucket: string;
  port?: number;
  allowOrigins: string[];
}) {
  fs.mkdirSync(options.directory, { recursive: true });
  const cors = `<CORSConfiguration>${options.allowOrigins
    .map(
      (origin) =>
        `<CORSRule><AllowedOrigin>${origin}</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule>`,
    )
    .join("")}</CORSConfiguration>`;
  const server = new S3rver({
    address: "127.0.0.1",
    port: options.port ?? 0,
    silent: true,
    directory: path.resolve(options.directory),
    configureBuckets: [{ name: options.bucket, configs: [cors] }],
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    stop: () => server.close(),
  };
}
