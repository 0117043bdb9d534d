import { and, eq, gt } from "drizzle-orm";
import { useTransaction } from "../db/transaction";
import { useClock } from "../util/clock";
import { appointmentOfferTable } from "./appointment.sql";
import type { Slot } from "./hours";

/** An offer stands this long: a reply the next morning is a new question, not a pick. */
export const OFFER_TTL_MS = 12 * 3_600_000;

/** Remembers the slots just offered to a WhatsApp sender, replacing any earlier offer. */
export async function rememberOffer(phone: string, slots: Slot[]) {
  const now = useClock().now();
  const values = {
    phone,
    slots: slots.map((s) => s.starts_at),
    expires_at: new Date(now.getTime() + OFFER_TTL_MS),
  };
  await useTransaction((tx) =>
    tx
      .insert(appointmentOfferTable)
      .values(values)
      .onConflictDoUpdate({ target: appointmentOfferTable.phone, set: { ...values, updated_at: now } }),
  );
}

/** The start times last offered to the sender, while the offer stands; [] when there is none. */
export async function offeredTo(phone: string): Promise<Date[]> {
  const [row] = await useTransaction((tx) =>
    tx
      .select({ slots: appointmentOfferTable.slots })
      .from(appointmentOfferTable)
      .where(
        and(eq(appointmentOfferTable.phone, phone), gt(appointmentOfferTable.expires_at, useClock().now())),
      ),
  );
  return row?.slots ?? [];
}

/** An offer is used up once a pick from it is booked. */
export async function forgetOffer(phone: string) {
  await useTransaction((tx) =>
    tx.delete(appointmentOfferTable).where(eq(appointmentOfferTable.phone, phone)),
  );
}
