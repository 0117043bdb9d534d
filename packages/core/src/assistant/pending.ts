import { and, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import * as z from "zod";
import { withActor } from "../actor";
import { customerTable } from "../customer/customer.sql";
import { useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { quoteTable } from "../invoice/invoice.sql";
import { E164, type Message, WaMessageId } from "../message/index";
import { waMessageTable } from "../message/message.sql";
import { Quote } from "../quote/index";
import { Settings } from "../settings/index";
import { workTicketEventTable, workTicketTable } from "../ticket/ticket.sql";
import { answer } from "../ticket/transitions";
import { useClock } from "../util/clock";
import { fn } from "../util/fn";
import { readDecision } from "./decision";

export { readDecision } from "./decision";

/** A customer's reply to a question we asked them on WhatsApp: approve or decline a pending estimate or quote. */
export type PendingAnswer =
  | { kind: "estimate"; decision: "approve" | "decline"; ticket_id: string }
  | { kind: "quote"; decision: "accept" | "decline"; quote_id: string };

type Pending = { kind: "estimate" | "quote"; id: string; language: "en" | "ms" };

export const Inbound = z.object({
  /** The message's row in the ledger (wa_messages.id). */
  id: z.uuid(),
  phone: E164,
  body: z.string().nullable(),
  wa_message_id: WaMessageId,
});
export type Inbound = z.infer<typeof Inbound>;

const ANSWERS = ["CUSTOMER_APPROVED", "CUSTOMER_DECLINED"] as const;
/** Codes that mean someone else answered first (staff, the link, another message): nothing to decide. */
const ALREADY_ANSWERED = new Set(["ticket.transition_not_allowed", "quote.already_decided", "quote.expired"]);

/**
 * Decides the sender's one pending estimate or quote from their WhatsApp reply, through the
 * same core steps as the customer's link (`Ticket.answer`, `Quote.decide`), as the customer,
 * with the message as the evidence. Undefined when the text is not a plain yes or no, or the
 * sender has no pending item or more than one (the router asks or hands over; we never guess
 * which). Safe to run again for the same message (a retried consumer): it answers what that
 * message decided and decides nothing twice. See docs/architecture.md, "WhatsApp answers".
 */
export const answerPending = fn(Inbound, async (message): Promise<PendingAnswer | undefined> => {
  if (!message.body || !readDecision(message.body, { numbered: true })) return undefined;
  const before = await decidedBy(message);
  if (before) return before;
  const pending = await pendingFor(message);
  if (pending.length !== 1) return undefined;
  const item = pending[0]!;
  const decision = readDecision(message.body, { numbered: await offersNumbers(item) });
  if (!decision) return undefined;
  const evidence: Message.ReplyEvidence = {
    channel: "whatsapp",
    message_id: message.id,
    wa_message_id: message.wa_message_id,
    text: message.body,
  };
  const yes = decision === "yes";
  try {
    await withActor({ type: "customer", properties: { phone: message.phone } }, () =>
      item.kind === "estimate" ? answer(item.id, yes, evidence) : Quote.decide(item.id, yes, evidence),
    );
  } catch (error) {
    if (error instanceof VisibleError && ALREADY_ANSWERED.has(error.code)) return undefined;
    throw error;
  }
  return item.kind === "estimate"
    ? { kind: "estimate", decision: yes ? "approve" : "decline", ticket_id: item.id }
    : { kind: "quote", decision: yes ? "accept" : "decline", quote_id: item.id };
});

/** What this message already decided, found by its id in the evidence the decision kept. */
async function decidedBy(message: Inbound): Promise<PendingAnswer | undefined> {
  return useTransaction(async (tx) => {
    const [event] = await tx
      .select({ ticket_id: workTicketEventTable.ticket_id, type: workTicketEventTable.type })
      .from(workTicketEventTable)
      .innerJoin(workTicketTable, eq(workTicketTable.id, workTicketEventTable.ticket_id))
      .innerJoin(customerTable, eq(customerTable.id, workTicketTable.customer_id))
      .where(
        and(
          eq(customerTable.phone, message.phone),
          inArray(workTicketEventTable.type, [...ANSWERS]),
          sql`${workTicketEventTable.data}->>'message_id' = ${message.id}`,
        ),
      )
      .limit(1);
    if (event)
      return {
        kind: "estimate",
        decision: event.type === "CUSTOMER_APPROVED" ? "approve" : "decline",
        ticket_id: event.ticket_id,
      };
    const [quote] = await tx
      .select({ id: quoteTable.id, status: quoteTable.status })
      .from(quoteTable)
      .innerJoin(customerTable, eq(customerTable.id, quoteTable.customer_id))
      .where(
        and(
          eq(customerTable.phone, message.phone),
          sql`${quoteTable.decision_evidence}->>'message_id' = ${message.id}`,
        ),
      )
      .limit(1);
    if (quote)
      return {
        kind: "quote",
        decision: quote.status === "declined" ? "decline" : "accept",
        quote_id: quote.id,
      };
    return undefined;
  });
}

/**
 * The sender's questions still open: their tickets waiting for the estimate's answer, and
 * their sent quotes still valid. An estimate revised after the message was recorded is left
 * out: the customer answered the old price, not the new one.
 */
async function pendingFor(message: Inbound): Promise<Pending[]> {
  return useTransaction(async (tx) => {
    const [received] = await tx
      .select({ at: waMessageTable.created_at })
      .from(waMessageTable)
      .where(and(eq(waMessageTable.id, message.id), eq(waMessageTable.phone, message.phone)));
    if (!received) return [];
    const sender = and(eq(customerTable.phone, message.phone), isNull(customerTable.deleted_at));
    const revised = tx
      .select({ id: workTicketEventTable.id })
      .from(workTicketEventTable)
      .where(
        and(
          eq(workTicketEventTable.ticket_id, workTicketTable.id),
          eq(workTicketEventTable.type, "ESTIMATE_SET"),
          gt(workTicketEventTable.created_at, received.at),
        ),
      );
    const tickets = await tx
      .select({ id: workTicketTable.id, language: customerTable.language })
      .from(workTicketTable)
      .innerJoin(customerTable, eq(customerTable.id, workTicketTable.customer_id))
      .where(
        and(
          sender,
          isNull(workTicketTable.deleted_at),
          eq(workTicketTable.status, "IN_PROGRESS"),
          eq(workTicketTable.approval, "pending"),
          sql`not exists (${revised})`,
        ),
      );
    const quotes = await tx
      .select({ id: quoteTable.id, language: customerTable.language })
      .from(quoteTable)
      .innerJoin(customerTable, eq(customerTable.id, quoteTable.customer_id))
      .where(
        and(
          sender,
          isNull(quoteTable.deleted_at),
          eq(quoteTable.status, "sent"),
          or(isNull(quoteTable.valid_until), gt(quoteTable.valid_until, useClock().now())),
        ),
      );
    return [
      ...tickets.map((t) => ({ kind: "estimate" as const, ...t })),
      ...quotes.map((q) => ({ kind: "quote" as const, ...q })),
    ];
  });
}

/**
 * Whether the shop's message for this question offers numbered answers ("Reply YES (or 1)…"):
 * a bare "1" or "2" is read as an answer only then. Placeholders are left out, so a price or
 * date filled in later never counts.
 */
async function offersNumbers(item: Pending): Promise<boolean> {
  const templates = await Settings.section("whatsapp_templates");
  const text = templates[item.kind][item.language].replace(/\{[^{}]*\}/g, " ");
  return /(^|\D)1(\D|$)/.test(text) && /(^|\D)2(\D|$)/.test(text);
}
