import { integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { customerTable, deviceTable } from "../customer/customer.sql";
import { id, ref, timestamps, utc } from "../db/columns";

/**
 * One submitted intake form: what the customer typed, exactly, and which version of the
 * form they answered. Snapshots keep the record true even after the customer row changes.
 */
export const intakeFormTable = pgTable("intake_forms", {
  ...id,
  form_version: integer("form_version").notNull(),
  customer_id: ref("customer_id", () => customerTable.id).notNull(),
  device_id: ref("device_id", () => deviceTable.id).notNull(),
  customer_snapshot: jsonb("customer_snapshot").$type<Record<string, unknown>>().notNull(),
  device_snapshot: jsonb("device_snapshot").$type<Record<string, unknown>>().notNull(),
  answers: jsonb("answers").$type<Record<string, unknown>>().notNull(),
  photo_keys: text("photo_keys").array().notNull().default([]),
  terms_accepted_at: utc("terms_accepted_at").notNull(),
  source_ip: text("source_ip"),
  user_agent: text("user_agent"),
  ...timestamps,
});
