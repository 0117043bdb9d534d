import { and, asc, eq, gt, gte, isNull, lt } from "drizzle-orm";
import * as z from "zod";
import { useActor } from "../actor";
import { Audit } from "../audit/index";
import { userTable } from "../auth/auth.sql";
import { customerTable } from "../customer/customer.sql";
import { exclusionViolation } from "../db/errors";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { Settings } from "../settings/index";
import { useClock } from "../util/clock";
import { Day, Instant } from "../util/dates";
import { fn } from "../util/fn";
import { Phone } from "../util/phone";
import { dayIn, zonedInstant } from "../util/zone";
import { type AppointmentRow, appointmentStatus, appointmentTable } from "./appointment.sql";
import { addDays, daySlots, freeOf, type Slot } from "./hours";
import { cancelReminder, scheduleReminder } from "./reminder";

export type { Slot } from "./hours";
export * as Appointment from "./index";

import { forgetOffer } from "./offer";

export { forgetOffer, offeredTo, rememberOffer } from "./offer";

/** An appointment as staff see it. */
export const View = z.object({
  id: z.uuid(),
  customer_id: z.uuid().nullable(),
  /** The customer's name from the book; null for a WhatsApp sender it does not know. */
  customer_name: z.string().nullable(),
  phone: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
  status: z.enum(appointmentStatus.enumValues),
  source: z.enum(["whatsapp", "staff"]),
  note: z.string().nullable(),
  created_by: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  reminded_at: z.string().nullable(),
  created_at: z.string(),
});
export type View = z.infer<typeof View>;

export const SlotView = z.object({ starts_at: z.string(), ends_at: z.string() });
export const DaySlots = z.object({ day: z.string(), slots: z.array(SlotView) });

export const ListInput = z.object({
  from: Day,
  /** The last day shown (inclusive); at most 31 days after `from`. */
  to: Day,
});

export const BookInput = z
  .object({
    starts_at: Instant,
    /** A customer from the book, or a phone alone (a caller the book does not know). */
    customer_id: z.uuid().optional(),
    phone: Phone.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine((input) => input.customer_id || input.phone, "Give a customer or a phone");

export const MoveInput = z.object({ starts_at: Instant });

const notFound = () => new VisibleError("appointment.not_found", "No such appointment.");

const slotView = (slot: Slot) => ({
  starts_at: slot.starts_at.toISOString(),
  ends_at: slot.ends_at.toISOString(),
});

async function settings() {
  const [hours, { time_zone }] = await Promise.all([
    Settings.section("appointments"),
    Settings.section("shop"),
  ]);
  return { hours, timeZone: time_zone };
}

/** Booked appointments overlapping [from, to). */
async function bookedBetween(from: Date, to: Date): Promise<Slot[]> {
  return useTransaction((tx) =>
    tx
      .select({ starts_at: appointmentTable.starts_at, ends_at: appointmentTable.ends_at })
      .from(appointmentTable)
      .where(
        and(
          eq(appointmentTable.status, "booked"),
          isNull(appointmentTable.deleted_at),
          lt(appointmentTable.starts_at, to),
          gt(appointmentTable.ends_at, from),
        ),
      ),
  );
}

/** The free slots of a calendar day in the shop's zone: its opening hours minus bookings, none past. */
export async function freeOn(isoDay: string): Promise<Slot[]> {
  const { hours, timeZone } = await settings();
  const slots = daySlots(isoDay, hours, timeZone);
  if (!slots.length) return [];
  const booked = await bookedBetween(slots[0]!.starts_at, slots.at(-1)!.ends_at);
  return freeOf(slots, booked, useClock().now());
}

/** GET …/slots?day=: the day's free slots. */
export const freeSlots = fn(z.object({ day: Day }), async ({ day }) =>
  DaySlots.parse({ day, slots: (await freeOn(day)).map(slotView) }),
);

/**
 * The first day from `fromDay` (within the days customers may book ahead) with a free slot,
 * and its free slots; undefined when none is free in that window.
 */
export async function firstFreeDay(fromDay: string): Promise<{ day: string; slots: Slot[] } | undefined> {
  const { hours, timeZone } = await settings();
  const today = dayIn(useClock().now(), timeZone);
  const last = addDays(today, hours.days_ahead);
  for (let day = fromDay < today ? today : fromDay; day <= last; day = addDays(day, 1)) {
    const slots = await freeOn(day);
    if (slots.length) return { day, slots };
  }
  return undefined;
}

/** Whether `day` is one a customer may book on WhatsApp (today up to `days_ahead` on). */
export async function bookable(day: string): Promise<boolean> {
  const { hours, timeZone } = await settings();
  const today = dayIn(useClock().now(), timeZone);
  return day >= today && day <= addDays(today, hours.days_ahead);
}

/** The slot starting at `startsAt` under today's settings, or `appointment.not_a_slot`. */
async function slotAt(startsAt: Date): Promise<Slot> {
  const { hours, timeZone } = await settings();
  const slot = daySlots(dayIn(startsAt, timeZone), hours, timeZone).find(
    (s) => s.starts_at.getTime() === startsAt.getTime(),
  );
  if (!slot || slot.starts_at <= useClock().now())
    throw new VisibleError(
      "appointment.not_a_slot",
      "That time is not a slot the shop offers: outside the opening hours, off the slot grid, or past.",
      { starts_at: startsAt.toISOString() },
    );
  return slot;
}

const taken = (slot: Slot) =>
  new VisibleError("appointment.slot_taken", "Another booking holds that time: pick another free slot.", {
    starts_at: slot.starts_at.toISOString(),
  });

type Booking = {
  slot: Slot;
  phone: string;
  customer_id: string | null;
  language: "en" | "ms";
  source: "whatsapp" | "staff";
  note?: string;
  wa_message_id?: string;
};

/**
 * Books a slot, audited, with its reminder scheduled. The database's exclusion constraint
 * decides a race: the insert does nothing when another booking holds the slot (it waits for a
 * concurrent one to commit first), and that is `appointment.slot_taken`. Nothing is raised
 * inside the caller's transaction, so the assistant can book in the middle of its own.
 */
async function insertBooking(booking: Booking): Promise<AppointmentRow> {
  const actor = useActor();
  return createTransaction(async (tx) => {
    const [row] = await tx
      .insert(appointmentTable)
      .values({
        customer_id: booking.customer_id,
        phone: booking.phone,
        language: booking.language,
        starts_at: booking.slot.starts_at,
        ends_at: booking.slot.ends_at,
        source: booking.source,
        note: booking.note ?? null,
        created_by: actor.type === "user" ? actor.properties.userId : null,
        wa_message_id: booking.wa_message_id ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw taken(booking.slot);
    await Audit.record({
      entity: "appointment",
      entity_id: row.id,
      action: "book",
      diff: {
        starts_at: { from: null, to: row.starts_at.toISOString() },
        source: { from: null, to: row.source },
      },
    });
    await scheduleReminder(row);
    return row;
  });
}

/** Staff book a slot for a customer from the book, or for a phone. */
export const book = fn(BookInput, async (input) => {
  const slot = await slotAt(new Date(input.starts_at));
  // A phone the book knows books for that customer (their name on the list, their language for the reminder).
  const who = input.customer_id
    ? await customerOrThrow(input.customer_id)
    : await customerByPhone(input.phone!);
  const row = await insertBooking({
    slot,
    phone: who?.phone ?? input.phone!,
    customer_id: who?.id ?? null,
    language: who?.language ?? "en",
    source: "staff",
    note: input.note,
  });
  return get(row.id);
});

/**
 * A WhatsApp sender books a slot for themselves: identity is the sender's phone as WhatsApp
 * reported it (linked to the customer with that phone, if the book has one), the message
 * that asked is kept as the evidence.
 */
export async function bookForSender(input: {
  slot: Slot;
  phone: string;
  language: "en" | "ms";
  wa_message_id: string;
}): Promise<AppointmentRow> {
  const [customer] = await useTransaction((tx) =>
    tx.select({ id: customerTable.id }).from(customerTable).where(eq(customerTable.phone, input.phone)),
  );
  return insertBooking({
    slot: await slotAt(input.slot.starts_at),
    phone: input.phone,
    customer_id: customer?.id ?? null,
    language: input.language,
    source: "whatsapp",
    wa_message_id: input.wa_message_id,
  });
}

async function customerByPhone(phone: string) {
  const [row] = await useTransaction((tx) =>
    tx
      .select({ id: customerTable.id, phone: customerTable.phone, language: customerTable.language })
      .from(customerTable)
      .where(and(eq(customerTable.phone, phone), isNull(customerTable.deleted_at))),
  );
  return row;
}

async function customerOrThrow(id: string) {
  const [row] = await useTransaction((tx) =>
    tx
      .select({ id: customerTable.id, phone: customerTable.phone, language: customerTable.language })
      .from(customerTable)
      .where(and(eq(customerTable.id, id), isNull(customerTable.deleted_at))),
  );
  if (!row) throw new VisibleError("customer.not_found", "No such customer.");
  return row;
}

/** Locks a booked appointment for a change, or throws not_found / not_booked. */
async function lockBooked(id: string): Promise<AppointmentRow> {
  const [row] = await useTransaction((tx) =>
    tx
      .select()
      .from(appointmentTable)
      .where(and(eq(appointmentTable.id, id), isNull(appointmentTable.deleted_at)))
      .for("update"),
  );
  if (!row) throw notFound();
  if (row.status !== "booked")
    throw new VisibleError("appointment.not_booked", "This appointment is no longer booked.", {
      status: row.status,
    });
  return row;
}

/** Moves a booking to another free slot; its reminder moves with it. Audited. */
export async function move(id: string, input: z.input<typeof MoveInput>): Promise<View> {
  const slot = await slotAt(new Date(MoveInput.parse(input).starts_at));
  try {
    await createTransaction(async (tx) => {
      const row = await lockBooked(id);
      await tx
        .update(appointmentTable)
        .set({ starts_at: slot.starts_at, ends_at: slot.ends_at, reminded_at: null })
        .where(eq(appointmentTable.id, id));
      await Audit.record({
        entity: "appointment",
        entity_id: id,
        action: "move",
        diff: { starts_at: { from: row.starts_at.toISOString(), to: slot.starts_at.toISOString() } },
      });
      await scheduleReminder({ ...row, starts_at: slot.starts_at });
    });
  } catch (error) {
    // The update met another booking at the exclusion constraint (a race, or a taken slot).
    if (exclusionViolation(error)) throw taken(slot);
    throw error;
  }
  return get(id);
}

/** Cancels a booking and its reminder; the slot is free again. Audited. */
export const cancel = (id: string): Promise<View> => close(id, "cancelled", "cancel");

/**
 * Marks a booking done (the customer came): it stays on the day's list, no reminder goes out,
 * and the assistant no longer reads it as their next visit. Audited.
 */
export const done = (id: string): Promise<View> => close(id, "done", "done");

/**
 * What the assistant did for a message whose answer never went out (staff took the chat over
 * while it was being made): a booking it made from that message, which the customer was never
 * told of, is cancelled (audited `withdrawn`, reminder dropped), and an offer of slots the
 * customer never saw is forgotten, so a later "3pm" cannot book from it.
 */
export async function withdrawUnsent(phone: string, waMessageId: string): Promise<void> {
  const made = await useTransaction((tx) =>
    tx
      .select({ id: appointmentTable.id })
      .from(appointmentTable)
      .where(
        and(
          eq(appointmentTable.wa_message_id, waMessageId),
          eq(appointmentTable.phone, phone),
          eq(appointmentTable.status, "booked"),
        ),
      ),
  );
  for (const { id } of made) await close(id, "cancelled", "withdrawn");
  await forgetOffer(phone);
}

async function close(id: string, status: "cancelled" | "done", action: string): Promise<View> {
  await createTransaction(async (tx) => {
    await lockBooked(id);
    await tx.update(appointmentTable).set({ status }).where(eq(appointmentTable.id, id));
    await Audit.record({
      entity: "appointment",
      entity_id: id,
      action,
      diff: { status: { from: "booked", to: status } },
    });
    await cancelReminder(id);
  });
  return get(id);
}

/** The sender's next booked appointment (from now on), if any. */
export async function upcomingFor(phone: string): Promise<AppointmentRow | undefined> {
  const [row] = await useTransaction((tx) =>
    tx
      .select()
      .from(appointmentTable)
      .where(
        and(
          eq(appointmentTable.phone, phone),
          eq(appointmentTable.status, "booked"),
          isNull(appointmentTable.deleted_at),
          gte(appointmentTable.starts_at, useClock().now()),
        ),
      )
      .orderBy(asc(appointmentTable.starts_at))
      .limit(1),
  );
  return row;
}

const MAX_LIST_DAYS = 31;

/** Appointments starting on the days from `from` to `to` (shop's zone), any status, in time order. */
export const list = fn(ListInput, async ({ from, to }) => {
  const { timeZone } = await settings();
  if (to < from || to > addDays(from, MAX_LIST_DAYS))
    throw new VisibleError("request.invalid", `Choose up to ${MAX_LIST_DAYS} days, "to" not before "from".`);
  const rows = await select(
    and(
      gte(appointmentTable.starts_at, zonedInstant(from, "00:00", timeZone)),
      lt(appointmentTable.starts_at, zonedInstant(addDays(to, 1), "00:00", timeZone)),
    ),
  );
  return z.array(View).parse(rows);
});

export async function get(id: string): Promise<View> {
  const [row] = await select(eq(appointmentTable.id, id));
  if (!row) throw notFound();
  return View.parse(row);
}

async function select(where: ReturnType<typeof and>) {
  const rows = await useTransaction((tx) =>
    tx
      .select({
        appointment: appointmentTable,
        customer_name: customerTable.name,
        creator: { id: userTable.id, name: userTable.name },
      })
      .from(appointmentTable)
      .leftJoin(customerTable, eq(customerTable.id, appointmentTable.customer_id))
      .leftJoin(userTable, eq(userTable.id, appointmentTable.created_by))
      .where(and(where, isNull(appointmentTable.deleted_at)))
      .orderBy(asc(appointmentTable.starts_at)),
  );
  return rows.map(({ appointment: a, customer_name, creator }) => ({
    id: a.id,
    customer_id: a.customer_id,
    customer_name,
    phone: a.phone,
    starts_at: a.starts_at.toISOString(),
    ends_at: a.ends_at.toISOString(),
    status: a.status,
    source: a.source,
    note: a.note,
    created_by: creator?.id ? creator : null,
    reminded_at: a.reminded_at?.toISOString() ?? null,
    created_at: a.created_at.toISOString(),
  }));
}
