import { and, eq, sql } from "drizzle-orm";
import * as z from "zod";
import { systemActor, withActor } from "../actor";
import { Audit } from "../audit/index";
import { createTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import type { Message } from "../message/index";
import { useClock } from "../util/clock";
import { addEvent, label } from "./base";
import { workTicketEventTable, workTicketTable } from "./ticket.sql";

/** A message about a ticket that did not reach the customer (see message.undelivered). */
type Undelivered = Message.Undelivered & { ticketId: string };

function reasonOf(input: Undelivered): string {
  switch (input.cause) {
    case "failed":
      return `WhatsApp could not deliver a message: ${input.failureReason}`;
    case "deadline":
      return `A WhatsApp message was not delivered within ${input.deadlineMinutes} minutes (status: ${input.status})`;
    case "cancelled":
      return `The customer opted out of WhatsApp, so a message about this repair was not sent (${input.reason})`;
  }
}

/**
 * The tickets' subscription to `message.undelivered`: a transactional message about a ticket
 * that failed, missed its deadline, or (a ticket notice) was cancelled because the customer
 * opted out flags the ticket "call the customer". Follow-ups cancelled by an opt-out do not:
 * the customer asked for silence, and the ticket's READY state already shows it waits.
 */
export async function onUndelivered(event: Message.Undelivered) {
  if (!event.ticketId || event.lane !== "tx") return;
  if (event.cause === "cancelled" && event.purpose !== "ticket_notice") return;
  await raiseCallCustomer({ ...event, ticketId: event.ticketId });
}

/**
 * Raises the ticket's "call the customer" flag for a message that did not reach the
 * customer, as the system. Acts at most once per message, so a repeated check, or a check
 * after staff already called about that message, changes nothing; a ticket that is CLOSED
 * or already flagged is left as it is. Joins the caller's transaction. Returns whether it
 * raised the flag.
 */
export function raiseCallCustomer(input: Undelivered): Promise<boolean> {
  return withActor(systemActor("message.delivery"), () =>
    createTransaction(async (tx) => {
      const [ticket] = await tx
        .select()
        .from(workTicketTable)
        .where(eq(workTicketTable.id, input.ticketId))
        .for("update");
      if (!ticket || ticket.deleted_at || ticket.status === "CLOSED" || ticket.call_customer_at) return false;
      const [seen] = await tx
        .select({ id: workTicketEventTable.id })
        .from(workTicketEventTable)
        .where(
          and(
            eq(workTicketEventTable.ticket_id, ticket.id),
            eq(workTicketEventTable.type, "CALL_CUSTOMER"),
            sql`${workTicketEventTable.data}->>'message_id' = ${input.messageId}`,
          ),
        )
        .limit(1);
      if (seen) return false;
      const now = useClock().now();
      const reason = reasonOf(input);
      await tx
        .update(workTicketTable)
        .set({ call_customer_at: now, call_customer_reason: reason })
        .where(eq(workTicketTable.id, ticket.id));
      await addEvent(ticket.id, "CALL_CUSTOMER", {
        data: {
          message_id: input.messageId,
          wa_message_id: input.waMessageId,
          status: input.status,
          cause: input.cause,
          ...(input.cause === "failed" ? { failure_reason: input.failureReason } : {}),
          ...(input.cause === "deadline" ? { deadline_minutes: input.deadlineMinutes } : {}),
          ...(input.cause === "cancelled" ? { reason: input.reason } : {}),
        },
      });
      await Audit.record({
        entity: "ticket",
        entity_id: ticket.id,
        action: "call_customer",
        diff: {
          call_customer_at: { from: null, to: now.toISOString() },
          call_customer_reason: { from: null, to: reason },
        },
      });
      return true;
    }),
  );
}

export const CallCustomerDoneInput = z.object({ note: z.string().trim().max(2000).optional() });

/**
 * Staff phoned the customer: clears the flag, with their note on the timeline. A ticket
 * without the flag is `ticket.call_customer_not_flagged`, so of two people pressing at once,
 * one is told it was already done.
 */
export async function callCustomerDone(id: string, input: z.input<typeof CallCustomerDoneInput> = {}) {
  const { note } = CallCustomerDoneInput.parse(input);
  return createTransaction(async (tx) => {
    const [ticket] = await tx.select().from(workTicketTable).where(eq(workTicketTable.id, id)).for("update");
    if (!ticket || ticket.deleted_at) throw new VisibleError("ticket.not_found", "No such ticket.");
    if (!ticket.call_customer_at)
      throw new VisibleError(
        "ticket.call_customer_not_flagged",
        `${label(ticket.number)} has no "call the customer" flag to clear.`,
      );
    const [updated] = await tx
      .update(workTicketTable)
      .set({ call_customer_at: null, call_customer_reason: null })
      .where(eq(workTicketTable.id, id))
      .returning();
    await addEvent(id, "CALL_CUSTOMER_DONE", {
      note: note || undefined,
      data: { flagged_at: ticket.call_customer_at.toISOString(), reason: ticket.call_customer_reason },
    });
    await Audit.record({
      entity: "ticket",
      entity_id: id,
      action: "call_customer_done",
      diff: {
        call_customer_at: { from: ticket.call_customer_at.toISOString(), to: null },
        call_customer_reason: { from: ticket.call_customer_reason, to: null },
      },
    });
    return updated!;
  });
}
