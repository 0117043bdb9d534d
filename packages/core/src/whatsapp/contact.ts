import { eq } from "drizzle-orm";
import { useDb } from "../db/index";
import { waMessageTable } from "../message/message.sql";
import { useClock } from "../util/clock";
import { waContactTable } from "./whatsapp.sql";

export * as Contact from "./contact";

/**
 * How long an existence check stays good. A number found on WhatsApp rarely leaves it; a
 * number that was not there may install WhatsApp tomorrow, so it is asked again sooner.
 */
export const EXISTS_TTL_MS = 30 * 24 * 3600_000;
export const MISSING_TTL_MS = 24 * 3600_000;

export type Row = typeof waContactTable.$inferSelect;

export async function get(phone: string): Promise<Row | undefined> {
  const [row] = await (await useDb()).select().from(waContactTable).where(eq(waContactTable.phone, phone));
  return row;
}

/** The cached answer to "is this number on WhatsApp?", or undefined when it must be asked again. */
export function knownOnWhatsApp(row: Row | undefined, now = useClock().now()): boolean | undefined {
  if (!row?.checked_at || row.on_whatsapp === null) return undefined;
  const ttl = row.on_whatsapp ? EXISTS_TTL_MS : MISSING_TTL_MS;
  return now.getTime() - row.checked_at.getTime() <= ttl ? row.on_whatsapp : undefined;
}

export async function recordExists(phone: string, exists: boolean): Promise<void> {
  const values = { on_whatsapp: exists, checked_at: useClock().now() };
  await (await useDb())
    .insert(waContactTable)
    .values({ phone, ...values })
    .onConflictDoUpdate({ target: waContactTable.phone, set: values });
}

/**
 * Marks a number WhatsApp refused to let us reach (error 463, the reach-out lock). Sends to
 * it fail at once from then on: WhatsApp counts every retry as another reach-out and
 * lengthens the restriction. Staff clear it once the customer has written to the shop.
 */
export async function restrict(phone: string, code: string, detail: string): Promise<void> {
  const values = { restriction: code, restriction_detail: detail, restricted_at: useClock().now() };
  await (await useDb())
    .insert(waContactTable)
    .values({ phone, ...values })
    .onConflictDoUpdate({ target: waContactTable.phone, set: values });
}

/**
 * Lifts a restriction. Called when the customer writes to the shop: an incoming message
 * gives WhatsApp the token that lets the shop answer.
 */
export async function unrestrict(phone: string): Promise<void> {
  await (await useDb())
    .update(waContactTable)
    .set({ restriction: null, restriction_detail: null, restricted_at: null })
    .where(eq(waContactTable.phone, phone));
}

/** The number an outbound message was sent to, by its WhatsApp id (receipts carry only the id). */
export async function phoneOfMessage(waMessageId: string): Promise<string | undefined> {
  const [row] = await (await useDb())
    .select({ phone: waMessageTable.phone })
    .from(waMessageTable)
    .where(eq(waMessageTable.wa_message_id, waMessageId));
  return row?.phone;
}
