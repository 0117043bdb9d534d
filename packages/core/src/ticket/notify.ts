import { eq } from "drizzle-orm";
import { allows } from "../consent/rule";
import { customerTable, deviceTable } from "../customer/customer.sql";
import type { Tx } from "../db/index";
import { Message } from "../message/index";
import type { Row } from "./base";

/** The customer and device of a ticket, for messages. */
export async function party(tx: Tx, ticket: Row) {
  const [row] = await tx
    .select({ customer: customerTable, device: deviceTable })
    .from(customerTable)
    .innerJoin(deviceTable, eq(deviceTable.id, ticket.device_id))
    .where(eq(customerTable.id, ticket.customer_id));
  return row!;
}

export type Party = Awaited<ReturnType<typeof party>>;
export const deviceName = (p: Party) => `${p.device.brand} ${p.device.model}`;

/**
 * Writes a ticket message to the customer's ledger in the ticket's transaction (it commits
 * with the step that causes it; only the queue send waits for commit), and only to a
 * customer the consent rule allows (core/src/consent/rule.ts). A ticket notice refused
 * because the customer opted out is recorded as cancelled and flags "call the customer".
 */
export async function notify(
  ticket: Row,
  p: Party,
  text: string,
  options: { mediaKey?: string; purpose?: "ticket_notice" | "follow_up" } = {},
) {
  const purpose = options.purpose ?? "ticket_notice";
  const message = {
    to: p.customer.phone,
    text,
    media_key: options.mediaKey,
    purpose,
    lane: "tx" as const,
    author: "system" as const,
    ticket_id: ticket.id,
  };
  if (allows(p.customer.whatsapp_consent, purpose)) {
    await Message.send(message);
    return;
  }
  // A customer who opted out is phoned about their repair instead (docs/security.md,
  // "WhatsApp consent"): the notice is kept as not sent, and the ticket is flagged.
  if (p.customer.whatsapp_consent === "opted_out" && purpose === "ticket_notice")
    await Message.refuse({ ...message, reason: "consent:opted_out" });
}
