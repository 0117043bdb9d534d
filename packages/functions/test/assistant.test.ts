import { randomBytes } from "node:crypto";
import { systemActor, withActor } from "@wapos/core/actor";
import { appointmentTable } from "@wapos/core/appointment/appointment.sql";
import { Blob } from "@wapos/core/blob/index";
import { customerTable } from "@wapos/core/customer/customer.sql";
import { useDb } from "@wapos/core/db/index";
import { invoiceTable } from "@wapos/core/invoice/invoice.sql";
import { waMessageTable, waThreadTable } from "@wapos/core/message/message.sql";
import { productTable } from "@wapos/core/product/product.sql";
import { Queue } from "@wapos/core/queue/index";
import { Scheduler } from "@wapos/core/scheduler/index";
import { createLocalScheduler } from "@wapos/core/scheduler/local";
import { Settings } from "@wapos/core/settings/index";
import { workTicketTable } from "@wapos/core/ticket/ticket.sql";
import { fixedClock, setClock } from "@wapos/core/util/clock";
import { NO_PACING } from "@wapos/wa-gateway/pacing";
import { SimulatedTransport } from "@wapos/wa-gateway/simulated";
import { type StartedGateway, startGateway } from "@wapos/wa-gateway/start";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInStaff } from "../../core/test/accounts";
import { TEST_NOW, useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { handler as ai } from "../src/consumers/ai";
import { handler as waInbound } from "../src/consumers/wa-inbound";
import { startPoller } from "../src/local/poller";
import { createPublicApi } from "../src/public/index";
import { drained, json, type LocalAws, randomPhone, startLocalAws, submitIntake, waitFor } from "./harness";

// The shop's appointment slots are shop-wide, and this file books them at fixed times: it has a
// database of its own, so a second run (or another file) finds them free.
useIsolatedDatabase();
const api = createApi();
const pub = createPublicApi();
useFixedClock();
let aws: LocalAws;
let gateway: StartedGateway;
let pollers: { stop: () => Promise<void> }[] = [];
let transport: SimulatedTransport;
let staffToken: string;

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://shop.example";
  process.env.WA_SESSION_NAME = `test-${randomBytes(6).toString("hex")}`;
  aws = await startLocalAws({ names: ["wa-inbound", "wa-outbound-tx", "wa-outbound-bulk", "jobs", "ai"] });
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  Scheduler.setPort(createLocalScheduler());
  transport = new SimulatedTransport({ deliverAfterMs: 10, readAfterMs: 20 });
  gateway = await startGateway({ transport, port: 0, pacing: NO_PACING, pollWaitSeconds: 1 });
  pollers = [
    startPoller({
      port: aws.queue,
      queue: "wa-inbound",
      queueArn: "arn:local:wa-inbound",
      handler: waInbound,
    }),
    startPoller({ port: aws.queue, queue: "ai", queueArn: "arn:local:ai", handler: ai }),
  ];
  const assistant = await Settings.section("assistant");
  await withActor(systemActor("test"), () => Settings.update({ assistant: { ...assistant, enabled: true } }));
  staffToken = (await signedInStaff("tech", "assistant-tech")).token;
});
afterAll(async () => {
  for (const poller of pollers) await poller.stop();
  await gateway.stop();
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  Scheduler.setPort(undefined);
  await aws.stop();
});

/** A customer with a repair in progress (an ETA set), whose acknowledgement has arrived. */
async function customerWithRepair() {
  const phone = randomPhone();
  const { ticket_number } = await submitIntake(pub, phone);
  const db = await useDb();
  const [customer] = await db.select().from(customerTable).where(eq(customerTable.phone, phone));
  await db
    .update(workTicketTable)
    .set({
      status: "IN_PROGRESS",
      approval: "approved",
      eta_ready_at: new Date(TEST_NOW.getTime() + 2 * 86_400_000),
    })
    .where(eq(workTicketTable.customer_id, customer!.id));
  await waitFor(async () => sentTo(phone).length === 1);
  return { phone, customer: customer!, number: ticket_number };
}

const sentTo = (phone: string) =>
  (transport.chats.get(phone) ?? [])
    .filter((e) => e.direction === "out")
    .map((e) => (e.message as { text?: string }).text ?? "");

/** The customer writes; returns the assistant's reply once it arrived (or undefined once all queues are empty). */
async function ask(phone: string, text: string): Promise<string | undefined> {
  const before = sentTo(phone).length;
  await transport.receive(phone, text);
  await drained(aws, ["wa-inbound", "ai", "wa-outbound-tx"]);
  const after = sentTo(phone);
  return after.length > before ? after.at(-1) : undefined;
}

const stateOf = async (phone: string, body: string) => {
  const [row] = await (await useDb())
    .select({ bot_state: waMessageTable.bot_state })
    .from(waMessageTable)
    .where(and(eq(waMessageTable.phone, phone), eq(waMessageTable.body, body)));
  return row?.bot_state;
};

describe("the assistant on the shop's WhatsApp (real queues, real database)", () => {
  it("answers the ticket's owner with its real status and ETA, as the bot", async () => {
    const { phone, number } = await customerWithRepair();
    const answer = await ask(phone, `status ${number}?`);
    expect(answer).toContain(number);
    expect(answer).toContain("being repaired");
    expect(answer).toMatch(/expected ready \w+day, \d+ \w+ 2026/);
    expect(await stateOf(phone, `status ${number}?`)).toBe("answered");
    const [reply] = await (await useDb())
      .select()
      .from(waMessageTable)
      .where(and(eq(waMessageTable.phone, phone), eq(waMessageTable.purpose, "bot_reply")));
    expect(reply).toMatchObject({ author: "bot", lane: "tx", direction: "out" });
  });

  it("tells another number nothing of that ticket", async () => {
    const { number } = await customerWithRepair();
    const stranger = randomPhone();
    const answer = await ask(stranger, `status ${number}?`);
    expect(answer).toBeDefined();
    expect(answer).not.toMatch(/being repaired|expected ready|Samsung|iPhone/i);
    expect(answer).toMatch(/can't find/);
  });

  it("gives the fallback to what the records cannot answer, and flags the chat for staff", async () => {
    const { phone } = await customerWithRepair();
    const answer = await ask(phone, "Do you sell coffee?");
    expect(answer).toBe((await Settings.section("assistant")).fallback.en);
    const [thread] = await (await useDb()).select().from(waThreadTable).where(eq(waThreadTable.phone, phone));
    expect(thread!.needs_staff_at).not.toBeNull();
  });

  it("quotes the catalogue's price, never one of its own", async () => {
    const phone = randomPhone();
    await (await useDb()).insert(productTable).values({
      sku: `SCR-${randomBytes(4).toString("hex")}`,
      name: "Zorblax 9 screen replacement",
      kind: "service",
      price: "245.00",
    });
    const answer = await ask(phone, "how much for zorblax 9 screen?");
    expect(answer).toContain("RM 245.00");
  });

  it("stays silent after staff take the chat over from the shop's phone, until handed back", async () => {
    const { phone, number } = await customerWithRepair();
    await transport.typeOnShopPhone(phone, "!takeover");
    await drained(aws, ["wa-inbound"]);
    expect(await ask(phone, `status ${number}`)).toBeUndefined();
    expect(await stateOf(phone, `status ${number}`)).toBeNull();

    // Any message staff type also pauses it; "!bot" gives the chat back.
    await transport.typeOnShopPhone(phone, "!bot");
    await drained(aws, ["wa-inbound"]);
    expect(await ask(phone, `dah siap ke ${number}`)).toContain(number);
    await transport.typeOnShopPhone(phone, "I'll check it for you now");
    await drained(aws, ["wa-inbound"]);
    expect(await ask(phone, "hello?")).toBeUndefined();
  });

  it('takes "setuju" to the one estimate waiting as the customer\'s approval, and says so', async () => {
    const { phone, customer, number } = await customerWithRepair();
    const db = await useDb();
    await db
      .update(workTicketTable)
      .set({ approval: "pending", price_estimate: "180.00" })
      .where(eq(workTicketTable.customer_id, customer.id));
    const answer = await ask(phone, "setuju");
    expect(answer).toContain(`approval of the estimate for ${number}`);
    const [ticket] = await db
      .select()
      .from(workTicketTable)
      .where(eq(workTicketTable.customer_id, customer.id));
    expect(ticket!.approval).toBe("approved");
    expect(await stateOf(phone, "setuju")).toBeNull();
  });

  it("answers the staff's try from the dashboard without sending anything", async () => {
    const { phone, customer, number } = await customerWithRepair();
    const before = sentTo(phone).length;
    const reply = await json<{ answer: string; grounded: boolean; intent: string; sources: string[] }>(
      api.request("/api/ai/reply", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${staffToken}` },
        body: JSON.stringify({ customer_id: customer.id, question: `is ${number} ready?` }),
      }),
    );
    expect(reply).toMatchObject({ grounded: true, intent: "status", sources: [number] });
    await drained(aws, ["wa-outbound-tx"]);
    expect(sentTo(phone)).toHaveLength(before);
  });
});

describe("invoices of counter sales on the shop's WhatsApp", () => {
  it("sends a customer the receipt of what they bought at the counter, paid to the 5 sen as paid", async () => {
    const phone = randomPhone();
    const cashier = (await signedInStaff("cashier", "assistant-cashier")).token;
    // RM 10.02 paid with RM 10.00 in cash: the 2 sen are cash rounding, nothing is owed.
    const sale = await json<{ number: string; status: string }>(
      api.request("/api/checkout", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${cashier}` },
        body: JSON.stringify({
          customer_phone: phone,
          customer_name: "Farid",
          whatsapp_consent: true,
          items: [{ description: "USB-C cable", qty: 1, unit_price: "10.02" }],
          payments: [{ method: "cash", amount: "10.00" }],
          idempotency_key: `assistant-sale-${randomBytes(6).toString("hex")}`,
        }),
      }),
    );
    expect(sale.status).toBe("paid");
    const answer = await ask(phone, "can you send me my receipt?");
    expect(answer).toContain(`${sale.number} (bought 10 March 2026): RM 10.02, paid.`);
    expect(answer).toMatch(/https?:\/\/\S+/);
    expect(answer).not.toContain("to pay");
  });

  it("tells the owner of a repair that is ready what is still to pay on its invoice", async () => {
    const { phone, customer, number } = await customerWithRepair();
    const db = await useDb();
    const [ticket] = await db
      .update(workTicketTable)
      .set({ status: "READY" })
      .where(eq(workTicketTable.customer_id, customer.id))
      .returning({ id: workTicketTable.id });
    await db.insert(invoiceTable).values({
      number: `INV-T-${randomBytes(4).toString("hex")}`,
      kind: "invoice",
      status: "partially_paid",
      customer_id: customer.id,
      ticket_id: ticket!.id,
      total: "180.00",
      amount_paid: "50.00",
    });
    expect(await ask(phone, `is ${number} ready?`)).toContain(`${number} (`);
    expect(sentTo(phone).at(-1)).toContain("ready for pickup; to pay: RM 130.00.");
  });
});

describe("the shop's limits on what the assistant answers", () => {
  const tryReply = (customerId: string, question: string) =>
    json<{ answer: string; grounded: boolean; fallback: boolean; intent: string; sources: string[] }>(
      api.request("/api/ai/reply", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${staffToken}` },
        body: JSON.stringify({ customer_id: customerId, question }),
      }),
    );
  async function withAssistant(change: Record<string, unknown>, run: () => Promise<void>) {
    const before = await Settings.section("assistant");
    await withActor(systemActor("test"), () => Settings.update({ assistant: { ...before, ...change } }));
    try {
      await run();
    } finally {
      await withActor(systemActor("test"), () => Settings.update({ assistant: before }));
    }
  }

  it("hands a topic the shop switched off to staff, and still answers the others", async () => {
    const { customer, number } = await customerWithRepair();
    const topics = { status: false, price: true, appointment: true, invoice: true };
    await withAssistant({ topics }, async () => {
      expect(await tryReply(customer.id, `is ${number} ready?`)).toMatchObject({
        fallback: true,
        intent: "status",
        sources: [],
        answer: "Please wait, our technician will reply shortly.",
      });
    });
    expect(await tryReply(customer.id, `is ${number} ready?`)).toMatchObject({ fallback: false });
  });

  it("outside the opening hours, says when the shop opens and hands the chat to staff", async () => {
    const { customer, number } = await customerWithRepair();
    await withAssistant({ opening_hours_only: true }, async () => {
      // TEST_NOW is Tuesday 10:00 in Kuala Lumpur, inside the default hours (10:00–19:00).
      expect(await tryReply(customer.id, `is ${number} ready?`)).toMatchObject({ fallback: false });
      setClock(fixedClock(new Date(TEST_NOW.getTime() - 3 * 3_600_000)));
      const closed = await tryReply(customer.id, `is ${number} ready?`);
      expect(closed).toMatchObject({ fallback: true, grounded: false, sources: [] });
      expect(closed.answer).toBe(
        "We are closed now and open again Tuesday, 10 March 2026, 10:00 AM. Please wait, our technician will reply shortly.",
      );
    });
  });
});

describe("appointments on the shop's WhatsApp (real queues, real database)", () => {
  const bookingsOf = async (phone: string) =>
    (await useDb()).select().from(appointmentTable).where(eq(appointmentTable.phone, phone));

  it("books the free slot a customer names, for their own number, and confirms it", async () => {
    const { phone, customer } = await customerWithRepair();
    const answer = await ask(phone, "can I come tomorrow at 3pm?");
    expect(answer).toContain("Booked: your appointment is on Wednesday, 11 March 2026, 3:00 PM.");
    const [booking] = await bookingsOf(phone);
    expect(booking).toMatchObject({
      customer_id: customer.id,
      source: "whatsapp",
      status: "booked",
      starts_at: new Date("2026-03-11T07:00:00.000Z"),
    });
    expect(booking!.wa_message_id).toBeTruthy();
    // A second request is not a second booking: the customer is told theirs, staff are asked to help.
    expect(await ask(phone, "can I book friday 11am?")).toContain("You already have an appointment");
    expect(await bookingsOf(phone)).toHaveLength(1);
  });

  it("offers the nearest free times when the one asked is taken, and books the one the sender replies with", async () => {
    const taken = randomPhone();
    await ask(taken, "boleh datang esok pukul 4 petang?");
    const stranger = randomPhone();
    const offer = await ask(stranger, "boleh datang esok pukul 4 petang?");
    expect(offer).toBe(
      "Masa itu tidak tersedia. Masa yang kosong pada Rabu, 11 Mac 2026: 3:30 PTG, 4:30 PTG, 5:00 PTG. Balas dengan masa yang anda mahu (contohnya 3:30 PTG) dan kami akan menempahnya.",
    );
    expect(await bookingsOf(stranger)).toHaveLength(0);
    expect(await ask(stranger, "4:30 PTG")).toContain(
      "Ditempah: temujanji anda pada Rabu, 11 Mac 2026, 4:30 PTG.",
    );
    const [booking] = await bookingsOf(stranger);
    // A number the customer book does not know is booked by its phone alone.
    expect(booking).toMatchObject({
      customer_id: null,
      language: "ms",
      starts_at: new Date("2026-03-11T08:30:00.000Z"),
    });
  });

  it("offers the first free times of the day named when no time is named, in the staff's try too", async () => {
    const reply = await json<{ answer: string; sources: string[] }>(
      api.request("/api/ai/reply", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${staffToken}` },
        body: JSON.stringify({ question: "I want to book an appointment on Thursday" }),
      }),
    );
    expect(reply.answer).toContain("Free times on Thursday, 12 March 2026: 10:00 AM, 10:30 AM, 11:00 AM.");
    expect(reply.sources).toEqual([
      "slot:2026-03-12 10:00",
      "slot:2026-03-12 10:30",
      "slot:2026-03-12 11:00",
    ]);
  });
});
