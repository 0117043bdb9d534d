import { GetQueueUrlCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { Queue } from "@wapos/core/queue/index";
import { createId } from "@wapos/core/util/id";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPoller, toSqsEvent } from "../src/local/poller";
import { consumer } from "../src/queue/consumer";
import { type LocalAws, startLocalAws, waitFor } from "./harness";

const record = (body: unknown, attributes: Record<string, string> = {}): SQSRecord => ({
  messageId: createId(),
  receiptHandle: createId(),
  body: typeof body === "string" ? body : JSON.stringify(body),
  attributes: {
    ApproximateReceiveCount: "1",
    SentTimestamp: "0",
    SenderId: "test",
    ApproximateFirstReceiveTimestamp: "0",
  },
  messageAttributes: Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      { dataType: "String", stringValue: value, stringListValues: [], binaryListValues: [] },
    ]),
  ),
  md5OfBody: "",
  eventSource: "aws:sqs",
  eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:jobs",
  awsRegion: "us-east-1",
});

const job = (note: string) => ({ v: 1 as const, type: "test.note", payload: { note } });

describe("queue consumer wrapper", () => {
  const handled: string[] = [];
  const handler = consumer("jobs", async (message) => {
    const note = String(message.payload.note);
    if (note === "explode") throw new Error("handler failed");
    handled.push(note);
  });

  it("acts once when the same message is delivered twice, even in one batch", async () => {
    const key = createId();
    const first = record(job(`once-${key}`), { message_key: key });
    const again = record(job(`once-${key}`), { message_key: key });
    expect(await handler({ Records: [first, again] })).toEqual({ batchItemFailures: [] });
    expect(await handler({ Records: [record(job(`once-${key}`), { message_key: key })] })).toEqual({
      batchItemFailures: [],
    });
    expect(handled.filter((note) => note === `once-${key}`)).toHaveLength(1);
  });

  it("uses meta.key from the body when the message has no attributes (scheduled messages)", async () => {
    const key = createId();
    const body = { ...job(`meta-${key}`), meta: { key } };
    await handler({ Records: [record(body), record(body)] });
    expect(handled.filter((note) => note === `meta-${key}`)).toHaveLength(1);
  });

  it("reports only the failed records of a batch, so SQS retries just those", async () => {
    const ok = record(job(`ok-${createId()}`));
    const bad = record(job("explode"));
    const poison = record("not json at all");
    const wrongShape = record({ v: 9 });
    const event: SQSEvent = { Records: [ok, bad, poison, wrongShape] };
    const result = await handler(event);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [bad.messageId, poison.messageId, wrongShape.messageId].sort(),
    );
    expect(handled).toContain(JSON.parse(ok.body).payload.note);
  });

  it("lets a failed attempt be retried: the key is only kept when the work commits", async () => {
    let attempts = 0;
    const flaky = consumer("jobs", async () => {
      attempts++;
      if (attempts === 1) throw new Error("first try fails");
    });
    const key = createId();
    const first = await flaky({ Records: [record(job("flaky"), { message_key: key })] });
    expect(first.batchItemFailures).toHaveLength(1);
    const second = await flaky({ Records: [record(job("flaky"), { message_key: key })] });
    expect(second.batchItemFailures).toHaveLength(0);
    expect(attempts).toBe(2);
  });
});

describe("local poller (the event source mapping stand-in)", () => {
  let aws: LocalAws;
  beforeAll(async () => {
    aws = await startLocalAws({ names: ["jobs"], visibilityTimeout: 1, maxReceiveCount: 2 });
    Queue.setPort(aws.queue);
  });
  afterAll(async () => {
    Queue.setPort(undefined);
    await aws.stop();
  });

  it("builds the SQS event Lambda would pass", async () => {
    await Queue.send("jobs", job("shape"), { key: "shape-key" });
    const messages = await aws.queue.receive("jobs", { max: 1, waitSeconds: 1 });
    const event = toSqsEvent(messages, "arn:aws:sqs:us-east-1:000000000000:jobs");
    expect(event.Records[0]).toMatchObject({
      eventSource: "aws:sqs",
      body: JSON.stringify(job("shape")),
      attributes: { ApproximateReceiveCount: "1" },
      messageAttributes: { message_key: { stringValue: "shape-key", dataType: "String" } },
    });
    await aws.queue.remove("jobs", messages[0]!.receiptHandle);
  });

  it("deletes handled messages and sends a poison message to the DLQ after bounded retries", async () => {
    const seen: string[] = [];
    const handler = consumer("jobs", async (message) => {
      seen.push(String(message.payload.note));
    });
    const poller = startPoller({ port: aws.queue, queue: "jobs", queueArn: "arn:local:jobs", handler });
    try {
      await Queue.send("jobs", job("good"));
      await aws.sqsClient.send(
        new (await import("@aws-sdk/client-sqs")).SendMessageCommand({
          QueueUrl: aws.urls.jobs,
          MessageBody: "{oops",
        }),
      );
      await waitFor(async () => seen.includes("good"));
      const dlqUrl = (
        await aws.sqsClient.send(
          new GetQueueUrlCommand({ QueueName: aws.urls.jobs.split("/").pop()!.replace(/jobs$/, "jobs-dlq") }),
        )
      ).QueueUrl!;
      const dead = await waitFor(
        async () => {
          const r = await aws.sqsClient.send(
            new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 1 }),
          );
          return r.Messages?.[0];
        },
        { timeoutMs: 15_000 },
      );
      expect(dead.Body).toBe("{oops");
      expect(await aws.queue.stats("jobs")).toMatchObject({ visible: 0, inFlight: 0 });
    } finally {
      await poller.stop();
    }
  });
});
