import { GetQueueAttributesCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { withCorrelation } from "@wapos/core/log";
import { Queue } from "@wapos/core/queue/index";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalAws, startLocalAws, waitFor } from "./harness";

describe("SQS adapter against the local endpoint", () => {
  let aws: LocalAws;
  /** The next receive of one jobs message, once there is one to hand out. */
  const nextJob = () =>
    waitFor(async () => {
      const received = await aws.queue.receive("jobs", { max: 1, waitSeconds: 0 });
      return received.length > 0 ? received : undefined;
    });
  beforeAll(async () => {
    aws = await startLocalAws({ visibilityTimeout: 1, maxReceiveCount: 2 });
    Queue.setPort(aws.queue);
  });
  afterAll(async () => {
    Queue.setPort(undefined);
    await aws.stop();
  });

  const job = { v: 1 as const, type: "maintenance.prune", payload: {} };

  it("sends a validated body with its key and correlation id as attributes", async () => {
    const { key } = await withCorrelation("corr-123", () => Queue.send("jobs", job, { key: "job-1" }));
    expect(key).toBe("job-1");
    const [message] = await aws.queue.receive("jobs", { max: 1, waitSeconds: 1 });
    expect(JSON.parse(message!.body)).toEqual(job);
    expect(message!.messageAttributes.message_key?.stringValue).toBe("job-1");
    expect(message!.messageAttributes.correlation_id?.stringValue).toBe("corr-123");
    await aws.queue.remove("jobs", message!.receiptHandle);
  });

  it("refuses a body that breaks the queue's contract before anything is sent", async () => {
    await expect(Queue.send("jobs", { v: 2, type: "x" } as never)).rejects.toMatchObject({
      name: "ZodError",
    });
    expect(await aws.queue.receive("jobs", { max: 10, waitSeconds: 0 })).toHaveLength(0);
  });

  it("hides a received message for the visibility timeout, then hands it out again", async () => {
    await Queue.send("jobs", job);
    const [first] = await aws.queue.receive("jobs", { max: 1, waitSeconds: 1 });
    expect(first!.attributes.ApproximateReceiveCount).toBe("1");
    expect(await aws.queue.receive("jobs", { max: 1, waitSeconds: 0 })).toHaveLength(0);
    const [again] = await nextJob();
    expect(again!.messageId).toBe(first!.messageId);
    expect(again!.attributes.ApproximateReceiveCount).toBe("2");
    await aws.queue.remove("jobs", again!.receiptHandle);
  });

  it("moves a message to the dead-letter queue after maxReceiveCount receives", async () => {
    const { key } = await Queue.send("jobs", job);
    const { Attributes } = await aws.sqsClient.send(
      new GetQueueAttributesCommand({ QueueUrl: aws.urls.jobs, AttributeNames: ["RedrivePolicy"] }),
    );
    const dlqArn = JSON.parse(Attributes!.RedrivePolicy!).deadLetterTargetArn as string;
    const dlqUrl = aws.urls.jobs.replace(/[^/]+$/, dlqArn.split(":").pop()!);
    await nextJob();
    await nextJob();
    // A third receive never hands it out: it goes to the dead-letter queue instead.
    const dead = await waitFor(async () => {
      expect(await aws.queue.receive("jobs", { max: 1, waitSeconds: 0 })).toHaveLength(0);
      const { Messages } = await aws.sqsClient.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MaxNumberOfMessages: 1,
          MessageAttributeNames: ["All"],
        }),
      );
      return Messages?.[0];
    });
    expect(dead.MessageAttributes?.message_key?.StringValue).toBe(key);
  });

  it("reports queue depth and the redrive target for health checks", async () => {
    await Queue.send("einvoice", { v: 1, invoice_id: "01a21644-485d-7141-b0d8-7f4c84d8e21a" });
    const stats = await aws.queue.stats("einvoice");
    expect(stats.visible).toBe(1);
    expect(stats.maxReceiveCount).toBe(2);
    expect(stats.deadLetterTargetArn).toMatch(/einvoice-dlq$/);
  });
});
