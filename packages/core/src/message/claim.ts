import { and, eq, inArray, isNull } from "drizzle-orm";
import { allows, type WhatsappConsent } from "../consent/rule";
import { customerTable } from "../customer/customer.sql";
import { createTransaction, useTransaction } from "../db/transaction";
import { useClock } from "../util/clock";
import { fn } from "../util/fn";
import { WaMessageId } from "./contract";
import { raiseCancelled } from "./delivery";
import { waMessageStatusTable, waMessageTable } from "./message.sql";

/**
 * Claims an outbound message for sending: a conditional update of a row still queued and never
 * attempted. Returns the message (what the gateway sends) the first time, and undefined when it
 * was already claimed or is no longer queued: sending is at most once, so a redelivered
 * command, a command the outbox sweeper sent again, or a restarted gateway never sends twice.
 * A message the consent rule no longer allows (the customer opted out after it was queued) is
 * cancelled here instead, with the reason, and undefined is returned.
 */
export const claimSend = fn(WaMessageId, (waMessageId) =>
  createTransaction(async (tx) => {
    const [row] = await tx
      .update(waMessageTable)
      .set({ send_attempted_at: useClock().now() })
      .where(
        and(
          eq(waMessageTable.wa_message_id, waMessageId),
          eq(waMessageTable.direction, "out"),
          eq(waMessageTable.status, "queued"),
          isNull(waMessageTable.send_attempted_at),
        ),
      )
      .returning();
    if (!row) return undefined;
    const consent = await consentOf(row.phone);
    if (consent && !allows(consent, row.purpose ?? "staff")) {
      await cancel([row.id], `consent:${consent}`);
      return undefined;
    }
    return row;
  }),
);

/** The WhatsApp consent of the customer with this phone, undefined when no customer has it. */
async function consentOf(phone: string): Promise<WhatsappConsent | undefined> {
  const [customer] = await useTransaction((tx) =>
    tx
      .select({ consent: customerTable.whatsapp_consent })
      .from(customerTable)
      .where(eq(customerTable.phone, phone)),
  );
  return customer?.consent;
}

/** Marks never-sent messages cancelled with the reason, keeping each status once as evidence. */
async function cancel(ids: string[], reason: string) {
  if (!ids.length) return [];
  const now = useClock().now();
  return useTransaction(async (tx) => {
    const rows = await tx
      .update(waMessageTable)
      .set({ status: "cancelled", status_at: now, failure_reason: reason })
      .where(and(inArray(waMessageTable.id, ids), eq(waMessageTable.status, "queued")))
      .returning();
    await raiseCancelled(rows);
    if (rows.length)
      await tx
        .insert(waMessageStatusTable)
        .values(
          rows.map((r) => ({
            wa_message_id: r.wa_message_id,
            status: "cancelled" as const,
            at: now,
            detail: { reason },
          })),
        )
        .onConflictDoNothing();
    return rows;
  });
}

/**
 * Cancels every message to `phone` still waiting to be sent that the consent rule does not
 * allow under `consent` (an opt-out's follow-ups, notices, campaign sends). Joins the caller's
 * transaction; a message already handed to WhatsApp is not touched. Returns the cancelled rows.
 */
export async function cancelQueued(phone: string, consent: WhatsappConsent) {
  const waiting = await useTransaction((tx) =>
    tx
      .select({ id: waMessageTable.id, purpose: waMessageTable.purpose })
      .from(waMessageTable)
      .where(
        and(
          eq(waMessageTable.phone, phone),
          eq(waMessageTable.direction, "out"),
          eq(waMessageTable.status, "queued"),
          isNull(waMessageTable.send_attempted_at),
        ),
      )
      .for("update"),
  );
  const refused = waiting.filter((m) => !allows(consent, m.purpose ?? "staff")).map((m) => m.id);
  return cancel(refused, `consent:${consent}`);
}

/**
 * Cancels a campaign's messages still waiting for the gateway (queued, never attempted), in the
 * caller's transaction: a paused or stopped campaign sends nothing more, even what a tick had
 * already put on the bulk lane (the gateway's claim then finds them cancelled). Returns them.
 */
export async function cancelCampaignQueued(campaignId: string, reason: string) {
  const waiting = await useTransaction((tx) =>
    tx
      .select({ id: waMessageTable.id })
      .from(waMessageTable)
      .where(
        and(
          eq(waMessageTable.campaign_id, campaignId),
          eq(waMessageTable.status, "queued"),
          isNull(waMessageTable.send_attempted_at),
        ),
      )
      .for("update"),
  );
  return cancel(
    waiting.map((m) => m.id),
    reason,
  );
}

/**
 * Gives a claimed message back: the connection dropped before it reached WhatsApp, so it was
 * not attempted after all, and its queue message (left in place) brings it round again.
 */
export const releaseClaim = fn(WaMessageId, (waMessageId) =>
  useTransaction((tx) =>
    tx
      .update(waMessageTable)
      .set({ send_attempted_at: null })
      .where(and(eq(waMessageTable.wa_message_id, waMessageId), eq(waMessageTable.status, "queued"))),
  ).then(() => undefined),
);
