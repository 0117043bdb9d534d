import { Audit } from "@wapos/core/audit/index";
import { signAccess } from "@wapos/core/auth/token";
import { Blob } from "@wapos/core/blob/index";
import { Message } from "@wapos/core/message/index";
import { Queue } from "@wapos/core/queue/index";
import { Scheduler } from "@wapos/core/scheduler/index";
import { createLocalScheduler, fireDue } from "@wapos/core/scheduler/local";
import type { User } from "@wapos/core/user/index";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInStaff } from "../../core/test/accounts";
import { useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { handler as jobs } from "../src/consumers/jobs";
import { toSqsEvent } from "../src/local/poller";
import { createPublicApi } from "../src/public/index";
import { fromAddress, type LocalAws, randomAddress, randomPhone, startLocalAws } from "./harness";
import { intakeRequest } from "./intake-request";

// Delivery checks fire from the schedules table and read the shop's settings: a database of its own.
useIsolatedDatabase();

const api = createApi();
const pub = createPublicApi();
const MINUTE = 60_000;
const clock = useFixedClock();
let aws: LocalAws;
const users = {} as Record<"admin" | "tech" | "cashier", User.Row & { sessionId: string }>;

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://shop.example";
  // No gateway: what is queued stays queued, as when WhatsApp Web says "sent" and nothing arrives.
  aws = await startLocalAws({ names: ["wa-outbound-tx", "wa-outbound-bulk", "jobs"] });
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  Scheduler.setPort(createLocalScheduler());
  for (const role of ["admin", "tech", "cashier"] as const) {
    const { user, sessionId } = await signedInStaff(role, role);
    users[role] = { ...user, sessionId };
  }
});
afterAll(async () => {
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  Scheduler.setPort(undefined);
  await aws.stop();
});

/** Headers with an access token signed now by the test's clock (tokens last 15 minutes). */
async function as(role: keyof typeof users) {
  const { token } = await signAccess(users[role], users[role].sessionId);
  return { "content-type": "application/json", authorization: `Bearer ${token}` };
}

async function json<T>(response: Response | Promise<Response>): Promise<T> {
  const r = await response;
  const body = await r.text();
  if (!r.ok) throw new Error(`${r.status} ${body}`);
  return JSON.parse(body) as T;
}

/**
 * Fires the schedules that are due and runs what they put on the jobs queue through the jobs
 * consumer, the way the local runtime does, until the queue is empty.
 */
async function runDue() {
  const fired = await fireDue((message) => aws.queue.send(message));
  for (;;) {
    const messages = await aws.queue.receive("jobs", { max: 10, waitSeconds: 0 });
    if (!messages.length) return fired;
    const result = await jobs(toSqsEvent(messages, "arn:local:jobs"));
    expect(result.batchItemFailures).toEqual([]);
    for (const message of messages) await aws.queue.remove("jobs", message.receiptHandle);
  }
}

/** A ticket from the intake form, for a customer who opted in: its acknowledgement is a tx message. */
async function newTicket() {
  const phone = randomPhone();
  const form = await json<{ form: { version: number }; upload_session: string }>(
    pub.request("/api/public/intake"),
  );
  const created = await json<{ ticket_number: string }>(
    pub.request(
      "/api/public/intake",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(intakeRequest(form, phone)),
      },
      fromAddress(randomAddress()),
    ),
  );
  const { tickets } = await json<{ tickets: { id: string }[] }>(
    api.request(`/api/tickets/search?q=${created.ticket_number}`, { headers: await as("tech") }),
  );
  const [ack] = await Message.listChat({ phone });
  expect(ack).toMatchObject({ lane: "tx", status: "queued", ticket_id: tickets[0]!.id });
  return { id: tickets[0]!.id, phone, ack: ack! };
}

type View = {
  ticket: { call_customer_at: string | null; call_customer_reason: string | null };
  events: { type: string; note: string | null; data: Record<string, unknown> }[];
};
const view = async (id: string) =>
  json<View>(api.request(`/api/tickets/${id}`, { headers: await as("tech") }));
const flags = (v: View) => v.events.filter((e) => e.type === "CALL_CUSTOMER");

const receipt = (waMessageId: string, status: "delivered" | "read" | "failed", reason?: string) =>
  Message.recordStatus({
    v: 1,
    type: "message.status",
    message_id: waMessageId,
    status,
    at: clock.now().toISOString(),
    reason,
  });

const done = async (id: string, role: keyof typeof users, body: Record<string, unknown> = {}) =>
  api.request(`/api/tickets/${id}/call-customer/done`, {
    method: "POST",
    headers: await as(role),
    body: JSON.stringify(body),
  });

describe("the delivery check", () => {
  it("flags the ticket when its acknowledgement is not delivered by the deadline", async () => {
    const { id, ack } = await newTicket();

    clock.advance(29 * MINUTE);
    await runDue();
    expect((await view(id)).ticket.call_customer_at).toBeNull();

    clock.advance(2 * MINUTE);
    await runDue();
    const flagged = await view(id);
    expect(flagged.ticket.call_customer_at).toBe(clock.now().toISOString());
    expect(flagged.ticket.call_customer_reason).toContain("30 minutes");
    expect(flags(flagged)).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ message_id: ack.id, status: "queued", cause: "deadline" }),
      }),
    ]);
    const { columns } = await json<{ columns: Record<string, { id: string; call_customer_at: string }[]> }>(
      api.request("/api/tickets/kanban", { headers: await as("cashier") }),
    );
    expect(columns.NEW!.find((t) => t.id === id)?.call_customer_at).toBe(clock.now().toISOString());
    const { entries } = await Audit.list({ entity: "ticket", entity_id: id });
    expect(entries.map((e) => e.action)).toContain("call_customer");
  });

  it.each(["delivered", "read"] as const)(
    "leaves the ticket alone when the message was %s",
    async (status) => {
      const { id, ack } = await newTicket();
      await receipt(ack.wa_message_id, status);
      clock.advance(31 * MINUTE);
      expect(await runDue()).toBeGreaterThanOrEqual(1);
      const after = await view(id);
      expect(after.ticket.call_customer_at).toBeNull();
      expect(flags(after)).toEqual([]);
    },
  );

  it("flags at once, with WhatsApp's reason, when the message fails", async () => {
    const { id, ack } = await newTicket();
    await receipt(ack.wa_message_id, "failed", "463: reach-out restricted");
    const flagged = await view(id);
    expect(flagged.ticket.call_customer_reason).toContain("463: reach-out restricted");
    expect(flags(flagged)[0]!.data).toMatchObject({
      message_id: ack.id,
      status: "failed",
      cause: "failed",
      failure_reason: "463: reach-out restricted",
    });

    // The deadline passing later adds nothing.
    clock.advance(31 * MINUTE);
    await runDue();
    expect(flags(await view(id))).toHaveLength(1);
  });

  it("never flags for bulk messages or messages without a ticket", async () => {
    const { id, phone, ack } = await newTicket();
    await receipt(ack.wa_message_id, "delivered");
    const bulk = await Message.send({
      purpose: "staff",
      to: phone,
      text: "Promo: 20% off screen protectors",
      lane: "bulk",
      ticket_id: id,
    });
    const loose = await Message.send({ purpose: "staff", to: randomPhone(), text: "Hello", lane: "tx" });
    await receipt(bulk.wa_message_id, "failed", "this number is not on WhatsApp");
    await receipt(loose.wa_message_id, "failed", "this number is not on WhatsApp");

    clock.advance(31 * MINUTE);
    await runDue();
    for (const row of [bulk, loose])
      await Message.deliveryCheck.run({ message_id: row.wa_message_id, deadline_minutes: 30 });
    const after = await view(id);
    expect(after.ticket.call_customer_at).toBeNull();
    expect(flags(after)).toEqual([]);
  });

  it("changes nothing the second time it runs, nor after staff called about that message", async () => {
    const { id, ack } = await newTicket();
    clock.advance(31 * MINUTE);
    const check = { message_id: ack.wa_message_id, deadline_minutes: 30 };
    await Message.deliveryCheck.run(check);
    await Message.deliveryCheck.run(check);
    expect(flags(await view(id))).toHaveLength(1);
    const audited = async () =>
      (await Audit.list({ entity: "ticket", entity_id: id })).entries.filter(
        (e) => e.action === "call_customer",
      );
    expect(await audited()).toHaveLength(1);

    expect((await done(id, "tech")).status).toBe(200);
    await Message.deliveryCheck.run(check);
    const after = await view(id);
    expect(after.ticket.call_customer_at).toBeNull();
    expect(flags(after)).toHaveLength(1);
    expect(await audited()).toHaveLength(1);
  });

  it("does not flag a closed ticket", async () => {
    const { id, ack } = await newTicket();
    await json(
      api.request(`/api/tickets/${id}/close`, { method: "POST", headers: await as("tech"), body: "{}" }),
    );
    clock.advance(31 * MINUTE);
    await Message.deliveryCheck.run({ message_id: ack.wa_message_id, deadline_minutes: 30 });
    expect((await view(id)).ticket.call_customer_at).toBeNull();
  });

  it("waits as long as the shop's setting says", async () => {
    const admin = await as("admin");
    const { settings } = await json<{ settings: { whatsapp_templates: Record<string, unknown> } }>(
      api.request("/api/settings", { headers: admin }),
    );
    expect(settings.whatsapp_templates.delivery_deadline_minutes).toBe(30);
    const save = (minutes: unknown) =>
      api.request("/api/settings", {
        method: "PUT",
        headers: admin,
        body: JSON.stringify({
          whatsapp_templates: { ...settings.whatsapp_templates, delivery_deadline_minutes: minutes },
        }),
      });
    for (const wrong of [4, 1441, 7.5]) {
      const refused = await save(wrong);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        issues: [expect.objectContaining({ path: "whatsapp_templates.delivery_deadline_minutes" })],
      });
    }
    expect((await save(10)).status).toBe(200);
    try {
      const { id } = await newTicket();
      clock.advance(11 * MINUTE);
      await runDue();
      expect((await view(id)).ticket.call_customer_reason).toContain("10 minutes");
    } finally {
      expect((await save(30)).status).toBe(200);
    }
  });
});

describe("POST /api/tickets/:id/call-customer/done", () => {
  async function flaggedTicket() {
    const { id, ack } = await newTicket();
    await receipt(ack.wa_message_id, "failed", "this number is not on WhatsApp");
    expect((await view(id)).ticket.call_customer_at).not.toBeNull();
    return id;
  }

  it("clears the flag with the note on the timeline, audited", async () => {
    const id = await flaggedTicket();
    const cleared = await json<View>(done(id, "cashier", { note: "Phoned, will collect on Friday" }));
    expect(cleared.ticket).toMatchObject({ call_customer_at: null, call_customer_reason: null });
    expect(cleared.events.find((e) => e.type === "CALL_CUSTOMER_DONE")).toMatchObject({
      note: "Phoned, will collect on Friday",
    });
    const { entries } = await Audit.list({ entity: "ticket", entity_id: id });
    expect(entries.find((e) => e.action === "call_customer_done")).toMatchObject({
      actor_type: "user",
      actor_id: users.cashier.id,
    });
  });

  it("is 409 when there is no flag to clear", async () => {
    const id = await flaggedTicket();
    expect((await done(id, "tech")).status).toBe(200);
    const again = await done(id, "tech");
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "ticket.call_customer_not_flagged" });
  });

  it("is 404 for a ticket that does not exist", async () => {
    const response = await done("01a21644-485d-7141-b0d8-7f4c84d8e21a", "tech");
    expect(await response.json()).toMatchObject({ code: "ticket.not_found" });
  });

  it.each(["admin", "tech", "cashier"] as const)("lets a %s clear it", async (role) => {
    const id = await flaggedTicket();
    expect((await done(id, role)).status).toBe(200);
  });

  it("refuses a request without staff credentials", async () => {
    const id = await flaggedTicket();
    const response = await api.request(`/api/tickets/${id}/call-customer/done`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(401);
    expect((await view(id)).ticket.call_customer_at).not.toBeNull();
  });

  it("documents the flag on the ticket in the OpenAPI document", async () => {
    const doc = JSON.stringify(await json(api.request("/api/openapi.json")));
    expect(doc).toContain("/api/tickets/{id}/call-customer/done");
    expect(doc).toContain("call_customer_reason");
  });
});
