import { integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { customerTable, deviceTable } from "../customer/customer.sql";
import { createdAt, id, ref, timestamps, utc } from "../db/columns";

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
  /**
   * What was typed that differs from the customer on file (intake/changes.ts): kept here for
   * staff to accept or dismiss, never written onto the customer by the intake itself.
   */
  customer_changes: jsonb("customer_changes").$type<Record<string, unknown>>().notNull().default({}),
  terms_accepted_at: utc("terms_accepted_at").notNull(),
  source_ip: text("source_ip"),
  user_agent: text("user_agent"),
  ...timestamps,
});

/**
 * Each published version of the intake form: which optional and custom fields it asks, and
 * the consent and terms texts shown. Never edited: a change publishes the next version, so
 * every submission can be read against exactly what the customer saw.
 */
export const intakeFormVersionTable = pgTable(
  "intake_form_versions",
  {
    ...id,
    version: integer("version").notNull(),
    definition: jsonb("definition").$type<Record<string, unknown>>().notNull(),
    created_by: ref("created_by", () => userTable.id),
    ...createdAt,
  },
  (t) => [uniqueIndex("intake_form_versions_version_unique").on(t.version)],
);
