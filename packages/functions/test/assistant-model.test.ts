import { systemActor, withActor } from "@wapos/core/actor";
import { appointmentTable } from "@wapos/core/appointment/appointment.sql";
import { answerMessage } from "@wapos/core/assistant/model";
import { answerQuestion } from "@wapos/core/assistant/reply";
import { tryReply } from "@wapos/core/assistant/try";
import { customerTable, deviceTable } from "@wapos/core/customer/customer.sql";
import { useDb } from "@wapos/core/db/index";
import { useTransaction } from "@wapos/core/db/transaction";
import { Message, newWaMessageId } from "@wapos/core/message/index";
import { waMessageTable, waThreadTable } from "@wapos/core/message/message.sql";
import { productTable } from "@wapos/core/product/product.sql";
import { Queue } from "@wapos/core/queue/index";
import { Scheduler } from "@wapos/core/scheduler/index";
import { createLocalScheduler } from "@wapos/core/scheduler/local";
import { Settings } from "@wapos/core/settings/index";
import { label } from "@wapos/core/ticket/base";
import { workTicketTable } from "@wapos/core/ticket/ticket.sql";
import { createId } from "@wapos/core/util/id";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_NOW, useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { type OpenAiFake, startOpenAiFake } from "../../core/test/openai-fake";
import { type LocalAws, randomPhone, startLocalAws } from "./harness";
import { waitFor } from "./wait";

// The OpenAI key is the shop's setting: this file turns the model path on in a database of its own.
useIsolatedDatabase();
const clock = useFixedClock();
let aws: LocalAws;
let fake: OpenAiFake;

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://shop.example";
  fake = await startOpenAiFake();
  process.env.OPENAI_BASE_URL = fake.url;
  process.env.OPENAI_TIMEOUT_MS = "300";
  aws = await startLocalAws({ names: ["wa-outbound-tx", "jobs"] });
  Queue.setPort(aws.queue);
  Scheduler.setPort(createLocalScheduler());
  const assistant = await Settings.section("assistant");
  await withActor(systemActor("test"), () =>
    Settings.update({
      assistant: { ...assistant, enabled: true },
      openai: { model: "gpt-4.1-mini", api_key: "sk-test-0123456789" },
    }),
  );
});
afterAll(async () => {
  Queue.setPort(undefined);
  Scheduler.setPort(undefined);
  await aws.stop();
  await fake.stop();
});

const SKU = `SCR-IP13-${createId().slice(-6)}`;

/** A customer with an Oppo A78 being repaired: estimate RM 180.00, ready Thursday 12 March, 10:00. */
async function customerWithRepair(phone = randomPhone()) {
  const ticketId = createId();
  await useTransaction(async (tx) => {
    const [customer] = await tx
      .insert(customerTable)
      .values({ name: "Aminah", phone, language: "en", whatsapp_consent: "opted_in" })
      .returning();
    const device = createId();
    await tx
      .insert(deviceTable)
      .values({ id: device, customer_id: customer!.id, category: "phone", brand: "Oppo", model: "A78" });
    await tx.insert(workTicketTable).values({
      id: ticketId,
      customer_id: customer!.id,
      device_id: device,
      problem: "Cracked screen",
      status: "IN_PROGRESS",
      approval: "approved",
      price_estimate: "180.00",
      eta_ready_at: new Date(TEST_NOW.getTime() + 2 * 86_400_000),
    });
  });
  const [ticket] = await (await useDb())
    .select({ number: workTicketTable.number })
    .from(workTicketTable)
    .where(eq(workTicketTable.id, ticketId));
  return { phone, ticket: label(ticket!.number) };
}

beforeAll(async () => {
  await (await useDb())
    .insert(productTable)
    .values({ sku: SKU, name: "iPhone 13 screen replacement", kind: "service", price: "450.00" });
});

/** Asks as the customer with `phone`, the question unique to the test so the fake plays its script. */
async function ask(phone: string, question: string) {
  const customer = await useTransaction((tx) =>
    tx.select({ id: customerTable.id }).from(customerTable).where(eq(customerTable.phone, phone)),
  );
  return tryReply({ question, ...(customer[0] && { customer_id: customer[0].id }) });
}

const status = (ticket: string, answer: string, sources = [ticket]) => [
  { call: "my_repairs", arguments: { ticket_number: null } },
  { verdict: { answer, grounded: true, sources, intent: "status" } },
];

describe("the model path (real openai SDK, local Responses API)", () => {
  it("sends a grounded answer through, asked as our code says: strict tools, store off, the sender's records only", async () => {
    const { phone, ticket } = await customerWithRepair();
    const question = `is my oppo ready? ${createId()}`;
    const answer = `${ticket} (Oppo A78) is being repaired; it should be ready on Thursday 12 March at 10:00 AM. The estimate is RM 180.00.`;
    fake.play(question, status(ticket, answer));

    const reply = await ask(phone, question);

    expect(reply).toMatchObject({
      answer,
      grounded: true,
      fallback: false,
      sources: [ticket],
      intent: "status",
    });
    const [first, second] = fake.requests.filter((r) => r.question === question);
    expect(first!.body).toMatchObject({
      model: "gpt-4.1-mini",
      store: false,
      temperature: 0,
      tool_choice: "auto",
    });
    expect(first!.body.tools!.map((t) => [t.name, t.strict])).toEqual([
      ["my_repairs", true],
      ["my_invoices", true],
      ["price_list", true],
    ]);
    expect(second!.toolResults).toEqual([
      {
        repairs: [
          expect.objectContaining({
            ref: ticket,
            device: "Oppo A78",
            estimate: "RM 180.00",
            expected_ready: { at: "2026-03-12 10:00", weekday: "Thursday" },
          }),
        ],
      },
    ]);
  });

  it("leaves appointments to our code: a booking question never reaches the model, and is booked", async () => {
    const { phone } = await customerWithRepair();
    const asked = fake.requests.length;
    const reply = await answerMessage({
      phone,
      text: "can I come tomorrow at 3pm?",
      act: { wa_message_id: newWaMessageId() },
    });
    expect(reply).toMatchObject({ fallback: false, intent: "appointment" });
    expect(reply.answer).toContain("Booked: your appointment is on Wednesday, 11 March 2026, 3:00 PM.");
    expect(fake.requests).toHaveLength(asked);
    const bookings = await (await useDb())
      .select()
      .from(appointmentTable)
      .where(eq(appointmentTable.phone, phone));
    expect(bookings.map((b) => b.starts_at.toISOString())).toEqual(["2026-03-11T07:00:00.000Z"]);
  });

  it("gives the fallback when the answer cites a source no tool returned", async () => {
    const { phone, ticket } = await customerWithRepair();
    const question = `status pls ${createId()}`;
    fake.play(question, status(ticket, `${ticket} is being repaired.`, [ticket, "product:SCR-IP12"]));

    const reply = await ask(phone, question);

    expect(reply).toMatchObject({ fallback: true, grounded: false, sources: [] });
    expect(reply.answer).toBe("Please wait, our technician will reply shortly.");
  });

  it.each([
    ["a price the catalogue does not have", "The iPhone 13 screen replacement is RM 400.00.", "price"],
    [
      "a date the tools never gave",
      "The iPhone 13 screen replacement is RM 450.00, ready on 14 March.",
      "price",
    ],
    ["a time the tools never gave", "The iPhone 13 screen replacement is RM 450.00; come at 3pm.", "price"],
  ])("gives the fallback for %s", async (_, answer, intent) => {
    const question = `how much iphone 13 screen ${createId()}`;
    fake.play(question, [
      { call: "price_list", arguments: { words: ["iphone 13", "screen"] } },
      { verdict: { answer, grounded: true, sources: [`product:${SKU}`], intent } },
    ]);

    const reply = await ask(randomPhone(), question);

    expect(fake.requests.at(-1)!.toolResults).toEqual([
      { items: [{ ref: `product:${SKU}`, name: "iPhone 13 screen replacement", price: "RM 450.00" }] },
    ]);
    expect(reply).toMatchObject({ fallback: true, sources: [] });
  });

  it("lets the same price through when it is the catalogue's", async () => {
    const question = `how much iphone 13 screen ${createId()}`;
    const answer = "The iPhone 13 screen replacement is RM 450 at our shop.";
    fake.play(question, [
      { call: "price_list", arguments: { words: ["iphone 13", "screen"] } },
      { verdict: { answer, grounded: true, sources: [`product:${SKU}`], intent: "price" } },
    ]);

    expect(await ask(randomPhone(), question)).toMatchObject({ answer, fallback: false });
  });

  it("returns nothing of another customer's ticket to a tool call asking for it", async () => {
    const owner = await customerWithRepair();
    const other = await customerWithRepair();
    const question = `my brother's oppo ready? ${createId()}`;
    fake.play(question, [
      { call: "my_repairs", arguments: { ticket_number: owner.ticket } },
      // A model that answers anyway, with the owner's facts, is stopped by our check.
      {
        verdict: {
          answer: `${owner.ticket} is being repaired, ready 12 March, estimate RM 180.00.`,
          grounded: true,
          sources: [owner.ticket],
          intent: "status",
        },
      },
    ]);

    const reply = await ask(other.phone, question);

    const results = fake.requests.filter((r) => r.question === question).at(-1)!.toolResults;
    expect(results).toEqual([{ repairs: [] }]);
    expect(JSON.stringify(results)).not.toContain(owner.ticket);
    expect(reply).toMatchObject({ fallback: true, sources: [] });
  });

  it.each([
    ["the API answers 500", { status: 500 }, 2],
    ["the API does not answer in time", { hang: true as const }, undefined],
    ["the model refuses", { refusal: "I can't help with that." }, 1],
  ])("gives the fallback when %s", async (_, step, requests) => {
    const { phone } = await customerWithRepair();
    const question = `bila siap? ${createId()}`;
    fake.play(question, [step]);

    const reply = await ask(phone, question);

    expect(reply).toMatchObject({ fallback: true, language: "ms" });
    expect(reply.answer).toBe("Sila tunggu, juruteknik kami akan membalas sebentar lagi.");
    // One retry for a 5xx, as the SDK is told; none for a refusal. A hang ends at the turn's deadline.
    if (requests) expect(fake.requests.filter((r) => r.question === question)).toHaveLength(requests);
  });
});

describe("answering a queued question through the model", () => {
  it("holds no lock while the model thinks, then sends the fallback and flags the chat for staff", async () => {
    process.env.OPENAI_TIMEOUT_MS = "1000";
    const { phone } = await customerWithRepair();
    const question = `ada update? ${createId()}`;
    fake.play(question, [{ hang: true }]);
    const row = await Message.recordInbound({
      v: 1,
      type: "message.received",
      message_id: `3A${createId().replaceAll("-", "").toUpperCase()}`,
      from: phone,
      text: question,
      wa_timestamp: clock.now().toISOString(),
    });
    await (await useDb())
      .update(waMessageTable)
      .set({ bot_state: "pending" })
      .where(eq(waMessageTable.id, row!.id));

    const answering = answerQuestion(row!.id);
    await waitFor(async () => fake.requests.some((r) => r.question === question));
    // While the model is out, the chat's and the message's rows are free: nothing waits on it.
    const locked = await (await useDb()).transaction(async (tx) => {
      const nowait = { noWait: true } as const;
      const thread = await tx
        .select({ id: waThreadTable.id })
        .from(waThreadTable)
        .where(eq(waThreadTable.id, row!.thread_id!))
        .for("update", nowait);
      const message = await tx
        .select({ id: waMessageTable.id })
        .from(waMessageTable)
        .where(eq(waMessageTable.id, row!.id))
        .for("update", nowait);
      return [thread.length, message.length];
    });
    expect(locked).toEqual([1, 1]);
    // A second consumer for the same chat leaves it to the first.
    expect(await answerQuestion(row!.id)).toBe("done");
    process.env.OPENAI_TIMEOUT_MS = "300";

    expect(await answering).toBe("fallback");
    const db = await useDb();
    const [thread] = await db.select().from(waThreadTable).where(eq(waThreadTable.id, row!.thread_id!));
    expect(thread!.needs_staff_at).not.toBeNull();
    expect(thread!.answering_until).toBeNull();
    const sent = await db.select().from(waMessageTable).where(eq(waMessageTable.phone, phone));
    expect(sent.filter((m) => m.direction === "out").map((m) => [m.author, m.body])).toEqual([
      ["bot", "Sila tunggu, juruteknik kami akan membalas sebentar lagi."],
    ]);
    expect(await answerQuestion(row!.id)).toBe("done");
  });
});
