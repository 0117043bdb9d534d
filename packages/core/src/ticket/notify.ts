import { eq } from "drizzle-orm";
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
 * customer who opted in.
 */
export async function notify(ticket: Row, p: Party, text: string, mediaKey?: string) {
  if (p.customer.whatsapp_consent !== "opted_in") return;
  await Message.send({
    to: p.customer.phone,
    text,
    media_key: mediaKey,
    lane: "tx",
    author: "system",
    ticket_id: ticket.id,
  });
}
