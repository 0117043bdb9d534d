import { randomBytes } from "node:crypto";
import { signAccess } from "@wapos/core/auth/token";
import { Blob } from "@wapos/core/blob/index";
import { customerTable } from "@wapos/core/customer/customer.sql";
import { useDb } from "@wapos/core/db/index";
import { Message } from "@wapos/core/message/index";
import { Queue } from "@wapos/core/queue/index";
import { Scheduler } from "@wapos/core/scheduler/index";
import { createLocalScheduler } from "@wapos/core/scheduler/local";
import { scheduleTable } from "@wapos/core/scheduler/scheduler.sql";
import { FOLLOW_UP_DAYS, followUp, followUpName } from "@wapos/core/ticket/jobs";
import { workTicketTable } from "@wapos/core/ticket/ticket.sql";
import type { User } from "@wapos/core/user/index";
import { NO_PACING } from "@wapos/wa-gateway/pacing";
import { SimulatedTransport } from "@wapos/wa-gateway/simulated";
import { type StartedGateway, startGateway } from "@wapos/wa-gateway/start";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInStaff } from "../../core/test/accounts";
import { TEST_NOW, useFixedClock } from "../../core/test/clock";
import { createApi } from "../src/api/index";
import { handler as waInbound } from "../src/consumers/wa-inbound";
import { startPoller } from "../src/local/poller";
import { createPublicApi } from "../src/public/index";
import { drained, json, type LocalAws, randomPhone, startLocalAws, submitIntake, waitFor } from "./harness";

const api = createApi();
const pub = createPublicApi();
useFixedClock();
let aws: LocalAws;
let gateway: StartedGateway;
let poller: { stop: () => Promise<void> };
let transport: SimulatedTransport;
const users = {} as Record<"admin" | "tech" | "cashier", User.Row & { sessionId: string }>;

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://shop.example";
  process.env.WA_SESSION_NAME = `test-${randomBytes(6).toString("hex")}`;
  aws = await startLocalAws({ names: ["wa-inbound", "wa-outbound-tx", "wa-outbound-bulk", "jobs"] });
  Queue.setPort(aws.queue);
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
  for (const role of ["admin", "tech", "cashier"] as const) {
    const { user, sessionId } = await signedInStaff(role, role);
    users[role] = { ...user, sessionId };
  }
});
afterAll(async () => {
  await poller.stop();
  await gateway.stop();
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  Scheduler.setPort(undefined);
  await aws.stop();
});

async function as(role: keyof typeof users) {
  const { token } = await signAccess(users[role], users[role].sessionId);
  return { "content-type": "application/json", authorization: `Bearer ${token}` };
}

/** A customer who opted in on the intake form, with their ticket; the acknowledgement has arrived. */
async function optedInCustomer(language: "en" | "ms" = "en") {
  const phone = randomPhone();
  const created = await submitIntake(pub, phone, language);
  const db = await useDb();
  const [customer] = await db.select().from(customerTable).where(eq(customerTable.phone, phone));
  const [ticket] = await db
    .select()
    .from(workTicketTable)
    .where(eq(workTicketTable.customer_id, customer!.id));
  await waitFor(async () => transport.chats.get(phone)?.length === 1);
  return { phone, customer: customer!, ticket: ticket!, number: created.ticket_number };
}

const consentOf = async (id: string) => {
  const [row] = await (await useDb()).select().from(customerTable).where(eq(customerTable.id, id));
  return row!.whatsapp_consent;
};
const sentTo = (phone: string) =>
  (transport.chats.get(phone) ?? [])
    .filter((e) => e.direction === "out")
    .map((e) => (e.message as { text?: string }).text ?? "");

describe("opting out on WhatsApp", () => {
  it.each(["STOP", "berhenti", "Stop please"])(
    "%j withdraws consent through the real inbound path within 60 s, with the message as evidence and one confirmation",
    async (word) => {
      const { phone, customer } = await optedInCustomer(word === "berhenti" ? "ms" : "en");
      const started = performance.now();
      const messageId = await transport.receive(phone, word);
      await waitFor(async () => (await consentOf(customer.id)) === "opted_out", { timeoutMs: 60_000 });
      const elapsed = performance.now() - started;
      console.info(
        `opt-out "${word}": consent withdrawn ${Math.round(elapsed)} ms after the gateway received it`,
      );
      expect(elapsed).toBeLessThan(60_000);

      const { consents } = await json<{
        consents: {
          kind: string;
          granted: boolean;
          source: string;
          text_shown: string;
          evidence: Record<string, unknown>;
        }[];
      }>(api.request(`/api/customers/${customer.id}`, { headers: await as("tech") }));
      expect(consents[0]).toMatchObject({
        kind: "whatsapp",
        granted: false,
        source: "whatsapp:STOP",
        text_shown: word,
        evidence: { message_id: messageId, text: word, at: expect.any(String) },
      });

      // The same word again, a repeat of the same message: still one confirmation.
      await transport.receive(phone, "STOP");
      await drained(aws, ["wa-inbound", "wa-outbound-tx", "wa-inbound"]);
      const confirmations = sentTo(phone).slice(1);
      expect(confirmations).toHaveLength(1);
      expect(confirmations[0]).toMatch(word === "berhenti" ? /MULA/ : /START/);
    },
  );

  it("cancels the follow-ups of a ticket waiting for pickup, and the job sends nothing even if it runs", async () => {
    const { phone, customer, ticket } = await optedInCustomer();
    const db = await useDb();
    await db.update(workTicketTable).set({ status: "READY" }).where(eq(workTicketTable.id, ticket.id));
    for (const day of FOLLOW_UP_DAYS)
      await followUp.scheduleAt(
        followUpName(ticket.id, day),
        new Date(TEST_NOW.getTime() + day * 86_400_000),
        {
          ticket_id: ticket.id,
          day,
        },
      );
    await transport.receive(phone, "Stop please");
    await waitFor(async () => (await consentOf(customer.id)) === "opted_out");
    const names = FOLLOW_UP_DAYS.map((day) => followUpName(ticket.id, day));
    await waitFor(async () => {
      const rows = await db.select().from(scheduleTable).where(inArray(scheduleTable.name, names));
      return rows.length === 3 && rows.every((r) => r.state === "cancelled");
    });
    await followUp.run({ ticket_id: ticket.id, day: 1 });
    await drained(aws, ["wa-outbound-tx"]);
    expect((await Message.listChat({ phone })).filter((m) => m.purpose === "follow_up")).toEqual([]);
  });

  it("refuses at the gateway's claim a non-essential message queued before the opt-out, and says why", async () => {
    const { phone, customer } = await optedInCustomer();
    await gateway.stop();
    const queued = await Message.send({
      to: phone,
      text: "Your device is still waiting",
      purpose: "follow_up",
    });
    const confirmation = await Message.send({
      to: phone,
      text: "Confirmed",
      purpose: "consent_confirmation",
    });
    // As an opt-out racing the send leaves it: the consent changed, the command is on the queue.
    await (await useDb())
      .update(customerTable)
      .set({ whatsapp_consent: "opted_out" })
      .where(eq(customerTable.id, customer.id));
    gateway = await startGateway({ transport, port: 0, pacing: NO_PACING, pollWaitSeconds: 1 });
    await waitFor(async () => sentTo(phone).includes("Confirmed"));
    await drained(aws, ["wa-outbound-tx", "wa-inbound"]);
    expect(sentTo(phone)).not.toContain("Your device is still waiting");
    const stored = (await Message.listChat({ phone })).find((m) => m.id === queued.id);
    expect(stored).toMatchObject({ status: "cancelled", failure_reason: "consent:opted_out" });
    expect((await Message.listChat({ phone })).find((m) => m.id === confirmation.id)?.status).not.toBe(
      "cancelled",
    );
  });

  it("flags the ticket 'call the customer' when an opt-out cancels a notice about it that was waiting to go", async () => {
    const { phone, customer, ticket } = await optedInCustomer();
    await gateway.stop();
    try {
      await Message.send({
        to: phone,
        text: "Estimate RM 80.00",
        purpose: "ticket_notice",
        ticket_id: ticket.id,
      });
      const response = await api.request(`/api/customers/${customer.id}/whatsapp-consent/withdraw`, {
        method: "POST",
        headers: await as("cashier"),
        body: JSON.stringify({ note: "Asked at the counter" }),
      });
      expect(response.status).toBe(200);
    } finally {
      gateway = await startGateway({ transport, port: 0, pacing: NO_PACING, pollWaitSeconds: 1 });
    }
    const [flagged] = await (await useDb())
      .select()
      .from(workTicketTable)
      .where(eq(workTicketTable.id, ticket.id));
    expect(flagged!.call_customer_reason).toMatch(/opted out of WhatsApp/);
    const notice = (await Message.listChat({ phone })).find((m) => m.body === "Estimate RM 80.00");
    expect(notice).toMatchObject({ status: "cancelled", failure_reason: "consent:opted_out" });
    await drained(aws, ["wa-outbound-tx", "wa-inbound"]);
    expect(sentTo(phone)).not.toContain("Estimate RM 80.00");
  });

  it("sends an opted-out customer no estimate: it is kept as not sent and the ticket says to phone them", async () => {
    const { phone, customer, ticket } = await optedInCustomer();
    await transport.receive(phone, "STOP");
    await waitFor(async () => (await consentOf(customer.id)) === "opted_out");
    await drained(aws, ["wa-inbound", "wa-outbound-tx", "wa-inbound"]);
    const before = sentTo(phone).length;
    const eta = new Date(TEST_NOW.getTime() + 2 * 86_400_000).toISOString();
    await json(
      api.request(`/api/tickets/${ticket.id}/estimate`, {
        method: "PATCH",
        headers: await as("tech"),
        body: JSON.stringify({ price_estimate: "150.00", eta_ready_at: eta }),
      }),
    );
    const notice = (await Message.listChat({ phone })).find((m) => m.body?.includes("RM 150.00"));
    expect(notice).toMatchObject({
      status: "cancelled",
      failure_reason: "consent:opted_out",
      purpose: "ticket_notice",
    });
    const [flagged] = await (await useDb())
      .select()
      .from(workTicketTable)
      .where(eq(workTicketTable.id, ticket.id));
    expect(flagged!.call_customer_reason).toMatch(/opted out of WhatsApp/);
    await drained(aws, ["wa-outbound-tx", "wa-inbound"]);
    expect(sentTo(phone)).toHaveLength(before);
  });

  it("opts back in on START with the message as evidence and one confirmation", async () => {
    const { phone, customer } = await optedInCustomer();
    await transport.receive(phone, "STOP");
    await waitFor(async () => (await consentOf(customer.id)) === "opted_out");
    const messageId = await transport.receive(phone, "start");
    await waitFor(async () => (await consentOf(customer.id)) === "opted_in");
    await drained(aws, ["wa-inbound", "wa-outbound-tx", "wa-inbound"]);
    const confirmations = sentTo(phone).slice(1);
    expect(confirmations).toHaveLength(2);
    expect(confirmations[1]).toMatch(/Reply STOP/);
    const { consents } = await json<{
      consents: { granted: boolean; source: string; evidence: Record<string, unknown> }[];
    }>(api.request(`/api/customers/${customer.id}`, { headers: await as("tech") }));
    expect(consents[0]).toMatchObject({
      granted: true,
      source: "whatsapp:START",
      evidence: { message_id: messageId },
    });
  });
});

describe("staff changing a customer's WhatsApp consent", () => {
  const post = async (
    role: keyof typeof users,
    id: string,
    action: "withdraw" | "restore",
    note = "Asked at the counter",
  ) =>
    api.request(`/api/customers/${id}/whatsapp-consent/${action}`, {
      method: "POST",
      headers: await as(role),
      body: JSON.stringify({ note }),
    });

  it.each(["admin", "tech", "cashier"] as const)(
    "lets %s withdraw it, audited, with one confirmation",
    async (role) => {
      const { phone, customer } = await optedInCustomer();
      const response = await post(role, customer.id, "withdraw");
      expect(response.status).toBe(200);
      expect(await consentOf(customer.id)).toBe("opted_out");
      const audit = await json<{
        entries: { action: string; actor_id: string | null; diff: Record<string, unknown> }[];
      }>(api.request(`/api/audit?entity=customer&entity_id=${customer.id}`, { headers: await as("admin") }));
      expect(audit.entries.find((e) => e.action === "whatsapp_consent_withdrawn")).toMatchObject({
        actor_id: users[role].id,
        diff: { whatsapp_consent: { from: "opted_in", to: "opted_out" } },
      });
      await waitFor(async () => sentTo(phone).length === 2);
      expect((await post(role, customer.id, "withdraw")).status).toBe(200);
      await drained(aws, ["wa-outbound-tx"]);
      expect(sentTo(phone)).toHaveLength(2);
    },
  );

  it.each(["tech", "cashier"] as const)("refuses %s restoring it; only an admin may", async (role) => {
    const { customer } = await optedInCustomer();
    await post("cashier", customer.id, "withdraw");
    const refused = await post(role, customer.id, "restore");
    expect(refused.status).toBe(403);
    expect(await consentOf(customer.id)).toBe("opted_out");
    expect(
      (await post("admin", customer.id, "restore", "Customer asked by phone to get updates again")).status,
    ).toBe(200);
    expect(await consentOf(customer.id)).toBe("opted_in");
  });

  it("needs a note saying what the customer asked", async () => {
    const { customer } = await optedInCustomer();
    expect((await post("admin", customer.id, "withdraw", "")).status).toBe(400);
    expect(await consentOf(customer.id)).toBe("opted_in");
  });
});
