import { and, eq } from "drizzle-orm";
import * as z from "zod";
import { useActor, withActor } from "../actor";
import { cancelRemindersOf } from "../appointment/reminder";
import { Audit, actorId } from "../audit/index";
import { customerTable } from "../customer/customer.sql";
import { Customer } from "../customer/index";
import { createTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { log } from "../log";
import { Message } from "../message/index";
import { Scheduler } from "../scheduler/index";
import { Settings } from "../settings/index";
import { Template } from "../template/index";
import { FOLLOW_UP_DAYS, followUpName } from "../ticket/jobs";
import { workTicketTable } from "../ticket/ticket.sql";
import { maskPhone } from "../util/phone";
import { CONFIRMATION, keywordOf } from "./rule";

export * as Consent from "./index";
export { allows, CONFIRMATION, keywordOf, PURPOSES, type Purpose } from "./rule";

type Change = {
  granted: boolean;
  /** Where it came from: "whatsapp:STOP", "whatsapp:START", "staff". */
  source: string;
  /** The words the customer sent, or the staff member's note: kept as the consent's evidence. */
  textShown?: string;
  evidence: Record<string, unknown>;
};

/**
 * Withdraws or restores a customer's WhatsApp consent, in the caller's transaction: the
 * consent row with its evidence, an audit row, and exactly one confirmation (fixed wording).
 * Withdrawing also cancels what would still go out (queued notices, follow-ups, campaign
 * sends; the gateway's claim refuses any already on a queue), the follow-up schedules of
 * the customer's READY tickets and the reminders of their appointments. A customer already
 * in that state is left as is and gets no second confirmation. Returns whether it changed.
 */
export async function change(customerId: string, input: Change): Promise<boolean> {
  return createTransaction(async (tx) => {
    const [customer] = await tx
      .select()
      .from(customerTable)
      .where(eq(customerTable.id, customerId))
      .for("update");
    if (!customer) throw new VisibleError("customer.not_found", "No such customer.");
    const to = input.granted ? "opted_in" : "opted_out";
    if (customer.whatsapp_consent === to) return false;
    await Customer.recordConsent({
      customerId,
      kind: "whatsapp",
      granted: input.granted,
      source: input.source,
      textShown: input.textShown,
      evidence: input.evidence,
    });
    await Audit.record({
      entity: "customer",
      entity_id: customerId,
      action: input.granted ? "whatsapp_consent_restored" : "whatsapp_consent_withdrawn",
      diff: { whatsapp_consent: { from: customer.whatsapp_consent, to } },
    });
    if (!input.granted) {
      await Message.cancelQueued(customer.phone, to);
      await cancelFollowUps(customerId);
      await cancelRemindersOf(customer.phone);
    }
    const shop = await Settings.section("shop");
    const text = Template.fill(CONFIRMATION[input.granted ? "restored" : "withdrawn"][customer.language], {
      shop_name: shop.name,
    });
    await Message.send({
      to: customer.phone,
      text,
      lane: "tx",
      author: "system",
      purpose: "consent_confirmation",
    });
    return true;
  });
}

/** The follow-up schedules of the customer's tickets waiting for pickup; the job re-checks consent too. */
async function cancelFollowUps(customerId: string) {
  await createTransaction(async (tx) => {
    const waiting = await tx
      .select({ id: workTicketTable.id })
      .from(workTicketTable)
      .where(and(eq(workTicketTable.customer_id, customerId), eq(workTicketTable.status, "READY")));
    for (const ticket of waiting)
      for (const day of FOLLOW_UP_DAYS) await Scheduler.cancel(followUpName(ticket.id, day));
  });
}

type Inbound = { wa_message_id: string; phone: string; body: string | null; wa_timestamp: Date | null };

/**
 * Reads a customer's inbound text for STOP / START (and their variants, see keywordOf) and
 * changes their consent with the message as evidence. Run first on every inbound message,
 * before anything answers it. A number not in the customer book has no consent to change.
 */
export async function fromInbound(message: Inbound): Promise<"stop" | "start" | undefined> {
  const keyword = keywordOf(message.body ?? undefined);
  if (!keyword) return undefined;
  const [customer] = await createTransaction((tx) =>
    tx.select({ id: customerTable.id }).from(customerTable).where(eq(customerTable.phone, message.phone)),
  );
  if (!customer) {
    log.info("consent keyword from a number not in the customer book", {
      phone: maskPhone(message.phone),
      keyword,
    });
    return undefined;
  }
  // The customer acts: the audit row names their phone.
  const actor = { type: "customer" as const, properties: { phone: message.phone } };
  await withActor(actor, () =>
    change(customer.id, {
      granted: keyword === "start",
      source: `whatsapp:${keyword.toUpperCase()}`,
      textShown: message.body ?? undefined,
      evidence: {
        message_id: message.wa_message_id,
        text: message.body,
        at: message.wa_timestamp?.toISOString(),
      },
    }),
  );
  return keyword;
}

export const StaffChangeInput = z.object({
  /** What the customer asked for and how (at the counter, by phone): kept as the evidence. */
  note: z.string().trim().min(1).max(500),
});

/** Staff withdraw or restore a customer's consent on their request; the note is the evidence. */
export async function byStaff(customerId: string, granted: boolean, input: z.input<typeof StaffChangeInput>) {
  const { note } = StaffChangeInput.parse(input);
  await change(customerId, {
    granted,
    source: "staff",
    textShown: note,
    evidence: { note, by: actorId(useActor()) },
  });
  return Customer.getOrThrow(customerId);
}
