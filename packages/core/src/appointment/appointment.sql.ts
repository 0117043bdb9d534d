import { index, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { customerTable, language } from "../customer/customer.sql";
import { id, ref, timestamps, utc } from "../db/columns";

export const appointmentStatus = pgEnum("appointment_status", ["booked", "cancelled", "done"]);
export const appointmentSource = pgEnum("appointment_source", ["whatsapp", "staff"]);

/**
 * A visit booked at the shop. Two booked appointments never overlap: the migration adds an
 * exclusion constraint (`appointments_no_overlap`, over `tstzrange(starts_at, ends_at)` where
 * status is booked), which drizzle-kit cannot express, so two customers taking one slot at
 * the same moment meet in the database and one of them is refused.
 */
export const appointmentTable = pgTable(
  "appointments",
  {
    ...id,
    /** Null for a WhatsApp sender the customer book does not know: the phone is then all we have. */
    customer_id: ref("customer_id", () => customerTable.id),
    /** E.164: who is reminded, and who the booking belongs to on WhatsApp. */
    phone: text("phone").notNull(),
    /** The language of the reminder when the book does not know the phone: the one they wrote in. */
    language: language("language").notNull().default("en"),
    starts_at: utc("starts_at").notNull(),
    ends_at: utc("ends_at").notNull(),
    status: appointmentStatus("status").notNull().default("booked"),
    source: appointmentSource("source").notNull(),
    note: text("note"),
    /** The staff member who booked it; null when the customer booked it on WhatsApp. */
    created_by: ref("created_by", () => userTable.id),
    /** The WhatsApp message that asked for it (evidence of a customer's own booking). */
    wa_message_id: text("wa_message_id"),
    /** Set once the day-before reminder was written to the ledger: it is sent at most once. */
    reminded_at: utc("reminded_at"),
    ...timestamps,
  },
  (t) => [
    index("appointments_starts_idx").on(t.starts_at),
    index("appointments_phone_idx").on(t.phone, t.starts_at),
  ],
);

/**
 * The slots the assistant last offered a WhatsApp sender, so a reply naming one of them books
 * it. One row per phone, replaced by each new offer; stale after `expires_at`.
 */
export const appointmentOfferTable = pgTable(
  "appointment_offers",
  {
    ...id,
    phone: text("phone").notNull(),
    slots: utc("slots").array().notNull(),
    expires_at: utc("expires_at").notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("appointment_offers_phone_unique").on(t.phone)],
);

export type AppointmentRow = typeof appointmentTable.$inferSelect;
