import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createS3BlobStore, createS3Client } from "@wapos/core/blob/s3";
import { useDb } from "@wapos/core/db/index";
import { Message } from "@wapos/core/message/index";
import { QUEUE_NAMES, type QueueName } from "@wapos/core/queue/index";
import { processedMessageTable } from "@wapos/core/queue/queue.sql";
import { createSqsQueue } from "@wapos/core/queue/sqs";
import { createId } from "@wapos/core/util/id";
import { and, eq } from "drizzle-orm";
import { signedInStaff } from "../../core/test/accounts";
import { createQueues, type QueueSettings, startLocalS3, startLocalSqs } from "../src/local/aws";
import { intakeRequest } from "./intake-request";
import { waitFor } from "./wait";

/**
 * The local SQS and S3 endpoints the runtime uses, started for one test file, with queues
 * made under a random prefix so files never see each other's messages.
 */
export async function startLocalAws(options: QueueSettings & { names?: readonly QueueName[] } = {}) {
  process.env.AWS_REGION = "us-east-1";
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
  const sqs = await startLocalSqs();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-s3-"));
  const bucket = `test-${createId().slice(-12)}`;
  const s3 = await startLocalS3({ directory, bucket, allowOrigins: ["http://localhost"] });
  const sqsClient = new SQSClient({ endpoint: sqs.endpoint });
  const urls = await createQueues(sqsClient, { prefix: `t${createId().slice(-10)}-`, ...options });
  const queue = createSqsQueue({ client: sqsClient, urlOf: (name) => urls[name] });
  const s3Client = createS3Client({ endpoint: s3.endpoint });
  const blob = createS3BlobStore({ bucket, client: s3Client });
  return {
    sqs,
    s3,
    sqsClient,
    s3Client,
    bucket,
    urls,
    queue,
    blob,
    names: options.names ?? QUEUE_NAMES,
    stop: async () => {
      await sqs.stop();
      await s3.stop();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

export type LocalAws = Awaited<ReturnType<typeof startLocalAws>>;

/**
 * Waits until each of `queues`, asked in the order given, holds nothing: not visible, not in
 * flight, not delayed. Consumers delete a message only once they are done with it, so every
 * message sent so far has been handled, including what one queue's consumer sent to the next
 * (list them upstream first). A test asserts that something did not happen only after this.
 */
export async function drained(aws: LocalAws, queues: readonly QueueName[]) {
  await waitFor(async () => {
    for (const queue of queues) {
      const { Attributes: a = {} } = await aws.sqsClient.send(
        new GetQueueAttributesCommand({
          QueueUrl: aws.urls[queue],
          AttributeNames: [
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
          ],
        }),
      );
      if (Object.values(a).some((count) => Number(count) > 0)) return false;
    }
    return true;
  });
}

/** Waits until the consumer of `queue` has committed the message with idempotency key `key`. */
export async function processed(queue: QueueName, key: string) {
  await waitFor(async () => {
    const rows = await (await useDb())
      .select()
      .from(processedMessageTable)
      .where(and(eq(processedMessageTable.queue, queue), eq(processedMessageTable.message_key, key)));
    return rows.length === 1;
  });
}

/**
 * A staff account of `role` past its first login, and a real access token of a live session,
 * signed with the test key: routes are exercised with the same tokens login would issue.
 */
export async function staff(role: "admin" | "tech" | "cashier") {
  const { user, sessionId, token } = await signedInStaff(role);
  return { user, sessionId, token, auth: { authorization: `Bearer ${token}` } };
}

/**
 * What @hono/node-server hands the app for a connection from `address`: an in-process
 * `app.request(path, init, fromAddress(ip))` has a client address as a real socket gives one.
 */
export const fromAddress = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

/** A random client address (benchmarking range), so tests never share a rate-limit bucket. */
export const randomAddress = () =>
  `198.18.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;

/** POST /api/auth/login from a random client address, so per-address limits are met only on purpose. */
export const requestLogin = (
  api: { request(path: string, init: RequestInit, env?: object): Response | Promise<Response> },
  email: string,
  password: string,
) =>
  api.request(
    "/api/auth/login",
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    },
    fromAddress(randomAddress()),
  );

/** A random valid Malaysian mobile number in E.164, so tests never share a chat. */
/** A customer's WhatsApp message as the wa-inbound consumer records it (new, never a duplicate). */
export async function recordReceived(
  phone: string,
  text: string,
  at: Date,
  media?: { kind: "image" | "document"; key: string },
) {
  const row = await Message.recordInbound({
    v: 1,
    type: "message.received",
    message_id: `3A${createId().replaceAll("-", "").toUpperCase()}`,
    from: phone,
    text,
    kind: media?.kind ?? "text",
    media_key: media?.key,
    wa_timestamp: at.toISOString(),
  });
  return row!;
}

export const randomPhone = () => `+6012${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

export { waitFor };

/** The body of a successful response as T; any other status fails with the body. */
export async function json<T>(response: Response | Promise<Response>): Promise<T> {
  const r = await response;
  const body = await r.text();
  if (!r.ok) throw new Error(`${r.status} ${body}`);
  return JSON.parse(body) as T;
}

type Requester = { request(path: string, init?: RequestInit, env?: object): Response | Promise<Response> };

/** A repair request on the public intake form from a new customer at `phone` who opts in to WhatsApp. */
export async function submitIntake(pub: Requester, phone: string, language: "en" | "ms" = "en") {
  const form = await json<{ form: { version: number }; upload_session: string }>(
    pub.request("/api/public/intake"),
  );
  return json<{ ticket_number: string }>(
    pub.request(
      "/api/public/intake",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(intakeRequest(form, phone, language)),
      },
      fromAddress(randomAddress()),
    ),
  );
}
