import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Message } from "@wapos/core/message/index";
import { Queue } from "@wapos/core/queue/index";
import { createSqsQueue } from "@wapos/core/queue/sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalAws, randomPhone as phone, startLocalAws, waitFor } from "./harness";

let aws: LocalAws;
beforeAll(async () => {
  aws = await startLocalAws({ names: ["wa-outbound-tx", "wa-outbound-bulk"] });
  Queue.setPort(aws.queue);
});
afterAll(async () => {
  Queue.setPort(undefined);
  await aws.stop();
});
const at = (second: number) => new Date(Date.UTC(2026, 11, 1, 0, 0, second)).toISOString();

describe("delivery ledger", () => {
  it.each([
    { label: "in order", receipts: ["sent", "delivered", "read"], final: "read" },
    { label: "a late delivered after read", receipts: ["sent", "read", "delivered"], final: "read" },
    { label: "a late sent after delivered", receipts: ["delivered", "sent"], final: "delivered" },
    { label: "server ack between", receipts: ["sent", "server_ack", "delivered"], final: "delivered" },
    { label: "failed before delivery", receipts: ["sent", "failed"], final: "failed" },
    { label: "failed after delivery is ignored", receipts: ["delivered", "failed"], final: "delivered" },
    { label: "the same receipt twice", receipts: ["delivered", "delivered"], final: "delivered" },
  ] as const)("only moves forward: $label → $final", async ({ receipts, final }) => {
    const row = await Message.send({ purpose: "staff", to: phone(), text: "hello" });
    for (const [i, status] of receipts.entries()) {
      await Message.recordStatus({
        v: 1,
        type: "message.status",
        message_id: row.wa_message_id,
        status,
        at: at(i),
      });
    }
    const [stored] = await Message.listChat({ phone: row.phone });
    expect(stored!.status).toBe(final);
  });

  it("keeps a failure's reason", async () => {
    const row = await Message.send({ purpose: "staff", to: phone(), text: "hello" });
    await Message.recordStatus({
      v: 1,
      type: "message.status",
      message_id: row.wa_message_id,
      status: "failed",
      at: at(1),
      reason: "463 reach-out lock",
    });
    const [stored] = await Message.listChat({ phone: row.phone });
    expect(stored).toMatchObject({ status: "failed", failure_reason: "463 reach-out lock" });
  });

  it("queues the send after commit with the message id as the idempotency key", async () => {
    const to = phone();
    const row = await Message.send({ purpose: "staff", to, text: "Your estimate is RM 120.00" });
    expect(row.wa_message_id).toMatch(/^3EB0[0-9A-F]{36}$/);
    const mine = await waitFor(async () => {
      const received = await aws.queue.receive("wa-outbound-tx", { max: 10, waitSeconds: 0 });
      return received.find((m) => JSON.parse(m.body).message_id === row.wa_message_id);
    });
    // The command names the ledger row only: the gateway sends what the ledger holds.
    expect(JSON.parse(mine!.body)).toEqual({ v: 1, type: "message.send", message_id: row.wa_message_id });
    expect(mine!.messageAttributes.message_key?.stringValue).toBe(row.wa_message_id);
  });

  it("leaves the message queued for the outbox sweeper when the outbound queue refuses it", async () => {
    const to = phone();
    Queue.setPort(
      createSqsQueue({ client: aws.sqsClient, urlOf: () => `${aws.sqs.endpoint}/000000000000/missing` }),
    );
    let row: Message.Row;
    try {
      row = await Message.send({ purpose: "staff", to, text: "lost?" });
    } finally {
      Queue.setPort(aws.queue);
    }
    const [stored] = await Message.listChat({ phone: to });
    expect(stored).toMatchObject({ id: row.id, status: "queued", enqueued_at: null, failure_reason: null });
  });

  it("lets the gateway claim a message for sending exactly once", async () => {
    const row = await Message.send({ purpose: "staff", to: phone(), text: "once" });
    expect(await Message.claimSend(row.wa_message_id)).toMatchObject({ wa_message_id: row.wa_message_id });
    expect(await Message.claimSend(row.wa_message_id)).toBeUndefined();
  });

  it("refuses to claim a message that is no longer queued", async () => {
    const row = await Message.send({ purpose: "staff", to: phone(), text: "too late" });
    await Message.recordStatus({
      v: 1,
      type: "message.status",
      message_id: row.wa_message_id,
      status: "failed",
      at: at(1),
    });
    expect(await Message.claimSend(row.wa_message_id)).toBeUndefined();
  });

  it("stores an inbound message once, however often it arrives, and counts it unread once", async () => {
    const from = phone();
    const event = {
      v: 1 as const,
      type: "message.received" as const,
      message_id: `IN${Date.now()}${Math.random()}`,
      from,
      text: "Berapa harga tukar skrin?",
      wa_timestamp: at(5),
    };
    expect(await Message.recordInbound(event)).toBeDefined();
    expect(await Message.recordInbound(event)).toBeUndefined();
    const chat = await Message.listChat({ phone: from });
    expect(chat).toHaveLength(1);
    expect(chat[0]).toMatchObject({ direction: "in", author: "customer", status: "received" });
    expect(chat[0]!.wa_timestamp!.toISOString()).toBe(at(5));
  });

  it("records a message typed on the shop's own phone as staff, so the bot can step back", async () => {
    const customer = phone();
    await Message.recordInbound({
      v: 1,
      type: "message.received",
      message_id: `ME${Date.now()}${Math.random()}`,
      from: customer,
      from_me: true,
      text: "Boss here, I'll call you",
      wa_timestamp: at(7),
    });
    const [row] = await Message.listChat({ phone: customer });
    expect(row).toMatchObject({ direction: "out", author: "staff" });
  });
});

describe("delivery events", () => {
  it("raises message.undelivered for a failed receipt, for any subscriber (a campaign's send here)", async () => {
    const seen: Message.Undelivered[] = [];
    const campaignId = randomUUID();
    Message.undelivered.subscribe(async (event) => {
      if (event.campaignId === campaignId) seen.push(event);
    });
    const row = await Message.send({
      to: phone(),
      text: "promo",
      lane: "bulk",
      purpose: "campaign",
      campaign_id: campaignId,
    });
    await Message.recordStatus({
      v: 1,
      type: "message.status",
      message_id: row.wa_message_id,
      status: "failed",
      at: at(1),
      reason: "463 reach-out lock",
    });
    expect(seen).toEqual([
      expect.objectContaining({
        cause: "failed",
        failureReason: "463 reach-out lock",
        messageId: row.id,
        lane: "bulk",
        purpose: "campaign",
        campaignId,
        ticketId: null,
      }),
    ]);
  });

  it("keeps the message ledger free of ticket code: tickets subscribe to its events instead", () => {
    const folder = path.resolve(__dirname, "../../core/src/message");
    const offenders = fs
      .readdirSync(folder)
      .filter((file) => file.endsWith(".ts"))
      .filter((file) =>
        /from "\.\.\/(ticket|campaign)\//.test(fs.readFileSync(path.join(folder, file), "utf8")),
      );
    expect(offenders).toEqual([]);
  });
});
