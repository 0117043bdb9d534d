import { withActor } from "@wapos/core/actor";
import { answerPending } from "@wapos/core/assistant/pending";
import { customerTable, deviceTable } from "@wapos/core/customer/customer.sql";
import { useTransaction } from "@wapos/core/db/transaction";
import { Queue } from "@wapos/core/queue/index";
import { Quote } from "@wapos/core/quote/index";
import { Scheduler } from "@wapos/core/scheduler/index";
import { createLocalScheduler } from "@wapos/core/scheduler/local";
import { Settings } from "@wapos/core/settings/index";
import { answer, estimate, fromId, timeline } from "@wapos/core/ticket/index";
import { workTicketTable } from "@wapos/core/ticket/ticket.sql";
import type { User } from "@wapos/core/user/index";
import { createId } from "@wapos/core/util/id";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInStaff } from "../../core/test/accounts";
import { useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { type LocalAws, randomPhone, recordReceived, startLocalAws } from "./harness";

// One test changes the shop's estimate template: this file has a database of its own.
useIsolatedDatabase();
const clock = useFixedClock();
let aws: LocalAws;
let admin: User.Row;

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://shop.example";
  aws = await startLocalAws({ names: ["wa-outbound-tx", "jobs"] });
  Queue.setPort(aws.queue);
  Scheduler.setPort(createLocalScheduler());
  admin = (await signedInStaff("admin")).user;
});
afterAll(async () => {
  Queue.setPort(undefined);
  Scheduler.setPort(undefined);
  await aws.stop();
});

const DAY = 86_400_000;
const tomorrow = () => new Date(clock.now().getTime() + DAY).toISOString();
const asAdmin = <T>(work: () => Promise<T>) =>
  withActor({ type: "user", properties: { userId: admin.id, role: "admin" } }, work);

/** A customer who opted in to WhatsApp, with a ticket whose estimate waits for their answer. */
async function awaitingApproval(phone = randomPhone(), language: "en" | "ms" = "ms") {
  const id = createId();
  await useTransaction(async (tx) => {
    const [customer] = await tx
      .insert(customerTable)
      .values({ name: "Aminah", phone, language, whatsapp_consent: "opted_in" })
      .onConflictDoUpdate({ target: customerTable.phone, set: { language } })
      .returning();
    const device = createId();
    await tx
      .insert(deviceTable)
      .values({ id: device, customer_id: customer!.id, category: "phone", brand: "Oppo", model: "A78" });
    await tx
      .insert(workTicketTable)
      .values({ id, customer_id: customer!.id, device_id: device, problem: "Cracked screen" });
  });
  await asAdmin(() =>
    estimate(id, {
      price_estimate: "180.00",
      eta_ready_at: tomorrow(),
    }),
  );
  return { id, phone };
}

/** A quote sent to `phone` on WhatsApp, waiting for the customer's answer. */
async function sentQuote(phone = randomPhone()) {
  const quote = await asAdmin(() =>
    Quote.create({
      customer_phone: phone,
      items: [{ description: "Battery", qty: 1, unit_price: "120.00" }],
    }),
  );
  await asAdmin(() => Quote.send(quote.id));
  return { id: quote.id, phone };
}

/** A message from `phone` as the wa-inbound consumer records it, in the shape the router hands on. */
async function received(phone: string, text: string) {
  const row = await recordReceived(phone, text, clock.now());
  return { id: row.id, phone, body: row.body, wa_message_id: row.wa_message_id };
}

const approval = async (id: string) => (await fromId(id))!.approval;
const answers = async (id: string) =>
  (await timeline(id)).events.filter((e) => e.type === "CUSTOMER_APPROVED" || e.type === "CUSTOMER_DECLINED");

describe("a WhatsApp reply to a pending estimate", () => {
  it("asks for the answer by reply in the customer's language", async () => {
    const malay = await awaitingApproval(randomPhone(), "ms");
    const english = await awaitingApproval(randomPhone(), "en");
    const notice = async (id: string) => (await timeline(id)).messages.map((m) => m.body).join("\n");
    expect(await notice(malay.id)).toContain(
      "Balas YA (atau 1) untuk setuju atau TIDAK (atau 2) untuk tolak",
    );
    expect(await notice(english.id)).toContain("Reply YES (or 1) to approve or NO (or 2) to decline");
    expect(await notice(english.id)).toContain("https://shop.example/s/");
  });

  it("approves it on 'setuju', as the customer, with the message kept as the evidence", async () => {
    const ticket = await awaitingApproval();
    const message = await received(ticket.phone, "setuju");

    expect(await answerPending(message)).toEqual({
      kind: "estimate",
      decision: "approve",
      ticket_id: ticket.id,
    });
    expect(await approval(ticket.id)).toBe("approved");
    const [event] = await answers(ticket.id);
    expect(event).toMatchObject({
      type: "CUSTOMER_APPROVED",
      actor_type: "customer",
      actor_id: ticket.phone,
      data: {
        channel: "whatsapp",
        message_id: message.id,
        wa_message_id: message.wa_message_id,
        text: "setuju",
      },
    });
  });

  it("declines it on 'tak nak'", async () => {
    const ticket = await awaitingApproval();
    const answer = await answerPending(await received(ticket.phone, "tak nak"));
    expect(answer).toEqual({ kind: "estimate", decision: "decline", ticket_id: ticket.id });
    expect(await approval(ticket.id)).toBe("declined");
  });

  it("approves it on 'Ya boleh' and on '1', which the shop's message offered", async () => {
    const first = await awaitingApproval();
    expect(await answerPending(await received(first.phone, "Ya boleh"))).toMatchObject({
      decision: "approve",
    });
    const second = await awaitingApproval();
    expect(await answerPending(await received(second.phone, "1"))).toMatchObject({ decision: "approve" });
    expect([await approval(first.id), await approval(second.id)]).toEqual(["approved", "approved"]);
  });

  it("changes nothing for a message from another phone", async () => {
    const ticket = await awaitingApproval();
    expect(await answerPending(await received(randomPhone(), "setuju"))).toBeUndefined();
    expect(await approval(ticket.id)).toBe("pending");
    expect(await answers(ticket.id)).toEqual([]);
  });

  it("decides nothing when the text is not a plain answer", async () => {
    const ticket = await awaitingApproval();
    expect(await answerPending(await received(ticket.phone, "ok tapi berapa?"))).toBeUndefined();
    expect(await answerPending({ ...(await received(ticket.phone, "x")), body: null })).toBeUndefined();
    expect(await approval(ticket.id)).toBe("pending");
  });

  it("decides nothing when two questions wait for the sender, and guesses neither", async () => {
    const ticket = await awaitingApproval();
    const other = await awaitingApproval(ticket.phone);
    expect(await answerPending(await received(ticket.phone, "setuju"))).toBeUndefined();
    expect([await approval(ticket.id), await approval(other.id)]).toEqual(["pending", "pending"]);

    const third = await awaitingApproval();
    const quote = await sentQuote(third.phone);
    expect(await answerPending(await received(third.phone, "yes"))).toBeUndefined();
    expect(await approval(third.id)).toBe("pending");
    expect((await Quote.view(quote.id)).status).toBe("sent");
  });

  it("decides once when the same message is processed again, or twice at once", async () => {
    const ticket = await awaitingApproval();
    const message = await received(ticket.phone, "OK 👍");
    const expected = { kind: "estimate", decision: "approve", ticket_id: ticket.id };

    const both = await Promise.all([answerPending(message), answerPending(message)]);
    expect(both).toEqual([expected, expected]);
    expect(await answerPending(message)).toEqual(expected);
    expect(await answers(ticket.id)).toHaveLength(1);
  });

  it("does not answer an estimate revised after the customer wrote", async () => {
    const ticket = await awaitingApproval();
    const message = await received(ticket.phone, "setuju");
    await asAdmin(() =>
      estimate(ticket.id, {
        price_estimate: "260.00",
        eta_ready_at: tomorrow(),
      }),
    );
    expect(await answerPending(message)).toBeUndefined();
    expect(await approval(ticket.id)).toBe("pending");
  });

  it("leaves an estimate already answered by its link as it was", async () => {
    const ticket = await awaitingApproval();
    const message = await received(ticket.phone, "tak setuju");
    await withActor({ type: "customer", properties: { phone: ticket.phone } }, () => answer(ticket.id, true));
    expect(await answerPending(message)).toBeUndefined();
    expect(await approval(ticket.id)).toBe("approved");
  });
});

describe("a WhatsApp reply to a sent quote", () => {
  it("accepts it on 'YES' and declines another on '2', with the message as the evidence", async () => {
    const quote = await sentQuote();
    const message = await received(quote.phone, "YES");
    expect(await answerPending(message)).toEqual({ kind: "quote", decision: "accept", quote_id: quote.id });
    const accepted = await Quote.view(quote.id);
    expect(accepted.status).toBe("accepted");
    expect(accepted.decision_evidence).toMatchObject({
      channel: "whatsapp",
      message_id: message.id,
      wa_message_id: message.wa_message_id,
      text: "YES",
    });

    const other = await sentQuote();
    expect(await answerPending(await received(other.phone, "2"))).toMatchObject({ decision: "decline" });
    expect((await Quote.view(other.id)).status).toBe("declined");
  });

  it("does not answer a quote past its date", async () => {
    const quote = await sentQuote();
    clock.advance(60 * DAY);
    expect(await answerPending(await received(quote.phone, "yes"))).toBeUndefined();
  });
});

describe("numbered answers", () => {
  it("reads '1' only while the shop's estimate message offers numbers", async () => {
    const settings = await Settings.get();
    const templates = settings.whatsapp_templates as Settings.Update["whatsapp_templates"] & object;
    await asAdmin(() =>
      Settings.update({
        whatsapp_templates: {
          ...templates,
          estimate: {
            en: "Ticket {ticket_number}: {price}. Approve here: {approve_link}",
            ms: "Tiket {ticket_number}: {price}. Luluskan di sini: {approve_link}",
          },
        },
      }),
    );
    const ticket = await awaitingApproval();
    expect(await answerPending(await received(ticket.phone, "1"))).toBeUndefined();
    expect(await answerPending(await received(ticket.phone, "ya"))).toMatchObject({ decision: "approve" });
  });
});
