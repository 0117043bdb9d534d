import { randomBytes } from "node:crypto";
import { systemActor, withActor } from "@wapos/core/actor";
import { signAccess } from "@wapos/core/auth/token";
import { Blob } from "@wapos/core/blob/index";
import { createTransaction } from "@wapos/core/db/transaction";
import { Message, OUTBOX_SWEEP_AFTER_MS } from "@wapos/core/message/index";
import { Queue, type QueuePort } from "@wapos/core/queue/index";
import { Scheduler } from "@wapos/core/scheduler/index";
import { createLocalScheduler } from "@wapos/core/scheduler/local";
import { Ticket } from "@wapos/core/ticket/index";
import type { User } from "@wapos/core/user/index";
import { NO_PACING } from "@wapos/wa-gateway/pacing";
import { SimulatedTransport } from "@wapos/wa-gateway/simulated";
import { type StartedGateway, startGateway } from "@wapos/wa-gateway/start";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInStaff } from "../../core/test/accounts";
import { TEST_NOW, useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { handler as jobs } from "../src/consumers/jobs";
import { handler as waInbound } from "../src/consumers/wa-inbound";
import { startPoller, toSqsEvent } from "../src/local/poller";
import { createPublicApi } from "../src/public/index";
import { drained, json, type LocalAws, randomPhone, startLocalAws, submitIntake, waitFor } from "./harness";

// The sweeper reads every queued row of the database: one of its own, so no other file's rows.
useIsolatedDatabase();

const api = createApi();
const pub = createPublicApi();
const clock = useFixedClock();
let aws: LocalAws;
let gateway: StartedGateway;
let poller: { stop: () => Promise<void> };
let transport: SimulatedTransport;
let tech: User.Row & { sessionId: string };
/** While set, the outbound queues refuse every send: the process "crashed" before its queue send. */
let crashed = false;

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://shop.example";
  process.env.WA_SESSION_NAME = `test-${randomBytes(6).toString("hex")}`;
  aws = await startLocalAws({ names: ["wa-inbound", "wa-outbound-tx", "wa-outbound-bulk", "jobs"] });
  const failing: QueuePort = {
    ...aws.queue,
    send: (message) => {
      if (crashed && message.queue.startsWith("wa-outbound")) throw new Error("process stopped");
      return aws.queue.send(message);
    },
  };
  Queue.setPort(failing);
  Blob.setStore(aws.blob);
  Scheduler.setPort(createLocalScheduler());
  transport = new SimulatedTransport({ deliverAfterMs: 10, readAfterMs: 20 });
  gateway = await startGateway({ transport, port: 0, pacing: NO_PACING, pollWaitSeconds: 1 });
  poller = startPoller({
    port: aws.queue,
    queue: "wa-inbound",
    queueArn: "arn:local:wa-inbound",
    handler: waInbound,
  });
  const { user, sessionId } = await signedInStaff("tech");
  tech = { ...user, sessionId };
});
afterAll(async () => {
  await poller.stop();
  await gateway.stop();
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  Scheduler.setPort(undefined);
  await aws.stop();
});

const headers = async () => ({
  "content-type": "application/json",
  authorization: `Bearer ${(await signAccess(tech, tech.sessionId)).token}`,
});

/** A ticket from the public intake for a customer who opted in, its acknowledgement delivered. */
async function newTicket() {
  const phone = randomPhone();
  const created = await submitIntake(pub, phone);
  const { tickets } = await json<{ tickets: { id: string }[] }>(
    api.request(`/api/tickets/search?q=${created.ticket_number}`, { headers: await headers() }),
  );
  await waitFor(async () => transport.chats.get(phone)?.length === 1);
  return { id: tickets[0]!.id, phone };
}

/** Runs what is on the jobs queue through the jobs consumer, as the local runtime does. */
async function runJobs() {
  for (;;) {
    const messages = await aws.queue.receive("jobs", { max: 10, waitSeconds: 0 });
    if (!messages.length) return;
    const result = await jobs(toSqsEvent(messages, "arn:local:jobs"));
    expect(result.batchItemFailures).toEqual([]);
    for (const message of messages) await aws.queue.remove("jobs", message.receiptHandle);
  }
}

const sweepNow = async () => {
  await Message.sweepOutbox.enqueue({});
  await runJobs();
};

describe("the outbox", () => {
  it("keeps a ticket notice whose queue send never happened, and the sweeper delivers it exactly once", async () => {
    const { id, phone } = await newTicket();
    crashed = true;
    try {
      const eta = new Date(TEST_NOW.getTime() + 2 * 86_400_000).toISOString();
      await json(
        api.request(`/api/tickets/${id}/estimate`, {
          method: "PATCH",
          headers: await headers(),
          body: JSON.stringify({ price_estimate: "180.00", eta_ready_at: eta }),
        }),
      );
    } finally {
      crashed = false;
    }
    const notice = (await Message.listChat({ phone })).find((m) => m.body?.includes("RM 180.00"));
    expect(notice).toMatchObject({
      status: "queued",
      ticket_id: id,
      enqueued_at: null,
      send_attempted_at: null,
    });

    // Before its time the sweeper leaves it alone: a send may still be under way.
    await sweepNow();
    await drained(aws, ["wa-outbound-tx"]);
    expect(transport.chats.get(phone)).toHaveLength(1);

    clock.advance(OUTBOX_SWEEP_AFTER_MS + 1000);
    await sweepNow();
    await waitFor(async () => transport.chats.get(phone)?.length === 2);
    expect((transport.chats.get(phone)![1]!.message as { id: string; text: string }).id).toBe(
      notice!.wa_message_id,
    );

    // A second sweep finds nothing, and a command sent again anyway is refused by the claim.
    expect(await Message.sweep()).toBe(0);
    await Queue.send("wa-outbound-tx", { v: 1, type: "message.send", message_id: notice!.wa_message_id });
    await drained(aws, ["wa-outbound-tx", "wa-inbound"]);
    expect(transport.chats.get(phone)).toHaveLength(2);
  });

  it("writes a ticket notice in the step's own transaction, so a rolled-back step leaves none", async () => {
    const { id, phone } = await newTicket();
    const eta = new Date(TEST_NOW.getTime() + 2 * 86_400_000).toISOString();
    let inside: Message.Row[] = [];
    await expect(
      withActor(systemActor("test"), () =>
        createTransaction(async () => {
          await Ticket.estimate(id, { price_estimate: "99.00", eta_ready_at: eta });
          inside = await Message.listChat({ phone });
          throw new Error("the step failed after its notice was written");
        }),
      ),
    ).rejects.toThrow(/step failed/);
    expect(inside.some((m) => m.body?.includes("RM 99.00") && m.status === "queued")).toBe(true);
    expect((await Message.listChat({ phone })).some((m) => m.body?.includes("RM 99.00"))).toBe(false);
  });

  it("writes no message when the change that causes it rolls back", async () => {
    const phone = randomPhone();
    await expect(
      createTransaction(async () => {
        await Message.send({ purpose: "staff", to: phone, text: "Your device is ready" });
        throw new Error("the step failed after the notice was written");
      }),
    ).rejects.toThrow(/step failed/);
    expect(await Message.listChat({ phone })).toEqual([]);
    clock.advance(OUTBOX_SWEEP_AFTER_MS + 1000);
    expect(await Message.sweep()).toBe(0);
  });

  it("sends what the ledger holds, not what a command says", async () => {
    const phone = randomPhone();
    const row = await Message.send({ purpose: "staff", to: phone, text: "Ready for pickup" });
    await waitFor(async () => transport.chats.get(phone)?.length === 1);
    expect(transport.chats.get(phone)![0]!.message).toMatchObject({
      id: row.wa_message_id,
      text: "Ready for pickup",
    });
  });
});
