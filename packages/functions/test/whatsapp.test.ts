import { Message } from "@wapos/core/message/index";
import { Queue } from "@wapos/core/queue/index";
import { NO_PACING } from "@wapos/wa-gateway/pacing";
import { SimulatedTransport } from "@wapos/wa-gateway/simulated";
import { type StartedGateway, startGateway } from "@wapos/wa-gateway/start";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../src/api/index";
import { handler as waInbound } from "../src/consumers/wa-inbound";
import { startPoller } from "../src/local/poller";
import { drained, type LocalAws, randomPhone, staff, startLocalAws, waitFor } from "./harness";

const CONTROL_TOKEN = "test-control-token";
let admin: Record<string, string>;

describe("simulated WhatsApp round trip", () => {
  let aws: LocalAws;
  let gateway: StartedGateway;
  let transport: SimulatedTransport;
  let poller: { stop: () => Promise<void> };
  const unregistered = randomPhone();

  beforeAll(async () => {
    process.env.WA_SESSION_NAME = `test-${randomPhone()}`;
    aws = await startLocalAws({ names: ["wa-inbound", "wa-outbound-tx", "wa-outbound-bulk"] });
    Queue.setPort(aws.queue);
    transport = new SimulatedTransport({
      deliverAfterMs: 50,
      readAfterMs: 150,
      unregistered: [unregistered],
    });
    gateway = await startGateway({
      transport,
      port: 0,
      pacing: NO_PACING,
      controlToken: CONTROL_TOKEN,
      pollWaitSeconds: 1,
    });
    poller = startPoller({
      port: aws.queue,
      queue: "wa-inbound",
      queueArn: "arn:local:wa-inbound",
      handler: waInbound,
    });
    process.env.WA_GATEWAY_URL = `http://127.0.0.1:${gateway.port}`;
    process.env.GATEWAY_TOKEN = CONTROL_TOKEN;
    admin = (await staff("admin")).auth;
  });
  afterAll(async () => {
    await poller.stop();
    await gateway.stop();
    Queue.setPort(undefined);
    await aws.stop();
  });

  const statusOf = async (phone: string, waMessageId: string) =>
    (await Message.listChat({ phone })).find((m) => m.wa_message_id === waMessageId)?.status;

  it("sends an outbound message and records sent → delivered → read by message id", async () => {
    const phone = randomPhone();
    const row = await Message.send({ purpose: "staff", to: phone, text: "Your phone is ready for pickup" });
    expect(row.status).toBe("queued");
    await waitFor(async () => (await statusOf(phone, row.wa_message_id)) === "read");
    const chat = transport.chats.get(phone)!;
    expect(chat).toHaveLength(1);
    expect(chat[0]!.message).toMatchObject({ id: row.wa_message_id, text: "Your phone is ready for pickup" });
  });

  it("never sends a message twice when its command is delivered again", async () => {
    const phone = randomPhone();
    const row = await Message.send({ purpose: "staff", to: phone, text: "once only" });
    await waitFor(async () => (await statusOf(phone, row.wa_message_id)) === "read");
    await Queue.send("wa-outbound-tx", { v: 1, type: "message.send", message_id: row.wa_message_id });
    // The gateway took the command again and deleted it: handled, one way or the other.
    await drained(aws, ["wa-outbound-tx"]);
    expect(transport.chats.get(phone)).toHaveLength(1);
  });

  it("sends waiting transactional messages before bulk ones", async () => {
    await gateway.stop();
    const phone = randomPhone();
    const bulk = await Message.send({ purpose: "staff", to: phone, text: "promo", lane: "bulk" });
    const tx = await Message.send({ purpose: "staff", to: phone, text: "your ticket T-1042", lane: "tx" });
    gateway = await startGateway({ transport, port: 0, pacing: NO_PACING, controlToken: CONTROL_TOKEN });
    process.env.WA_GATEWAY_URL = `http://127.0.0.1:${gateway.port}`;
    await waitFor(async () => transport.chats.get(phone)?.length === 2);
    expect(transport.chats.get(phone)!.map((entry) => (entry.message as { id: string }).id)).toEqual([
      tx.wa_message_id,
      bulk.wa_message_id,
    ]);
  });

  it("records a send to a number not on WhatsApp as failed with the reason", async () => {
    const row = await Message.send({ purpose: "staff", to: unregistered, text: "hello?" });
    await waitFor(async () => (await statusOf(unregistered, row.wa_message_id)) === "failed");
    const [stored] = await Message.listChat({ phone: unregistered });
    expect(stored!.failure_reason).toMatch(/not on WhatsApp/);
  });

  it("turns an injected inbound message into a logged customer message through wa-inbound", async () => {
    const phone = randomPhone();
    const api = createApi();
    const response = await api.request("/api/dev/wa/inbound", {
      method: "POST",
      headers: { "content-type": "application/json", ...admin },
      body: JSON.stringify({ from: phone.replace("+60", "0"), text: "is my phone ready?" }),
    });
    expect(response.status).toBe(202);
    const { message_id } = (await response.json()) as { message_id: string };
    const listed = await waitFor(async () => {
      const r = await api.request(`/api/dev/wa/messages?phone=${encodeURIComponent(phone)}`, {
        headers: admin,
      });
      const body = (await r.json()) as {
        messages: { wa_message_id: string; direction: string; status: string }[];
      };
      return body.messages.length ? body.messages : undefined;
    });
    expect(listed).toEqual([
      expect.objectContaining({
        wa_message_id: message_id,
        direction: "in",
        author: "customer",
        status: "received",
      }),
    ]);
  });

  it("answers the container health check and refuses /sim/inbound without the dev token", async () => {
    const base = `http://127.0.0.1:${gateway.port}`;
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ state: "open", mode: "simulated" });
    const refused = await fetch(`${base}/sim/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: randomPhone(), text: "hi" }),
    });
    expect(refused.status).toBe(401);
  });

  it("carries the caller's correlation id from HTTP onto the queue and into the ledger", async () => {
    const phone = randomPhone();
    const response = await createApi().request("/api/dev/wa/outbound", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...admin,
        "x-correlation-id": "req-abc-123",
      },
      body: JSON.stringify({ to: phone, text: "estimate RM 180.00" }),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get("x-correlation-id")).toBe("req-abc-123");
    const [row] = await Message.listChat({ phone });
    expect(row!.correlation_id).toBe("req-abc-123");
    await waitFor(async () => (await Message.listChat({ phone }))[0]?.status === "read");
  });
});
