import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { Blob } from "@wapos/core/blob/index";
import { Queue } from "@wapos/core/queue/index";
import { NO_PACING } from "@wapos/wa-gateway/pacing";
import { SimulatedTransport } from "@wapos/wa-gateway/simulated";
import { type StartedGateway, startGateway } from "@wapos/wa-gateway/start";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../src/api/index";
import { handler as waInbound } from "../src/consumers/wa-inbound";
import { startPoller } from "../src/local/poller";
import { type LocalAws, randomPhone, startLocalAws, waitFor } from "./harness";

type Component = { status: string; detail?: Record<string, number>; error?: string };
type Report = { status: string; components: Record<string, Component> };

const api = createApi();
let aws: LocalAws;
let gateway: StartedGateway;
let poller: { stop: () => Promise<void> };

beforeAll(async () => {
  process.env.WA_SESSION_NAME = `health-${randomPhone()}`;
  aws = await startLocalAws({ visibilityTimeout: 1, maxReceiveCount: 2 });
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  gateway = await startGateway({ transport: new SimulatedTransport(), port: 0, pacing: NO_PACING });
  poller = startPoller({
    port: aws.queue,
    queue: "wa-inbound",
    queueArn: "arn:local:wa-inbound",
    handler: waInbound,
  });
});
afterAll(async () => {
  await poller?.stop();
  await gateway?.stop();
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  await aws?.stop();
});

describe("dead letters in /api/health", () => {
  it("reports none while every consumer keeps up", async () => {
    const response = await api.request("/api/health");
    const report = (await response.json()) as Report;
    expect(response.status).toBe(200);
    expect(report.components.dead_letters).toMatchObject({
      status: "ok",
      detail: { "wa-inbound": 0, jobs: 0 },
    });
  });

  it("flags a message the inbound consumer can never handle once it lands in the DLQ, without failing health", async () => {
    for (const body of ["{not json", JSON.stringify({ v: 9, type: "message.received" })])
      await aws.sqsClient.send(
        new SendMessageCommand({ QueueUrl: aws.urls["wa-inbound"], MessageBody: body }),
      );
    const { response, report } = await waitFor(
      async () => {
        const response = await api.request("/api/health");
        const report = (await response.json()) as Report;
        return report.components.dead_letters?.detail?.["wa-inbound"] === 2
          ? { response, report }
          : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(response.status).toBe(200);
    expect(report.status).toBe("warn");
    expect(report.components.dead_letters).toMatchObject({
      status: "warn",
      error: expect.stringContaining("2 on wa-inbound"),
    });
    expect(report.components.database!.status).toBe("ok");
    expect(await aws.queue.stats("wa-inbound")).toMatchObject({ visible: 0, inFlight: 0, deadLetters: 2 });
  });
});
