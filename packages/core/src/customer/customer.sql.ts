import { boolean, index, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, ref, timestamps, utc } from "../db/columns";

export const language = pgEnum("language", ["en", "ms"]);
export const whatsappConsent = pgEnum("whatsapp_consent", ["unknown", "opted_in", "opted_out"]);
export const deviceCategory = pgEnum("device_category", [
  "phone",
  "tablet",
  "laptop",
  "desktop",
  "watch",
  "console",
  "other",
]);
export const consentKind = pgEnum("consent_kind", ["whatsapp", "terms", "marketing"]);

export const customerTable = pgTable(
  "customers",
  {
    ...id,
    name: text("name").notNull(),
    /** E.164, the identity a customer is merged on. */
    phone: text("phone").notNull(),
    email: text("email"),
    address: text("address"),
    language: language("language").notNull().default("en"),
    /** Cached from the latest whatsapp row in consents, which holds the evidence. */
    whatsapp_consent: whatsappConsent("whatsapp_consent").notNull().default("unknown"),
    tags: text("tags").array().notNull().default([]),
    notes: text("notes"),
    /** Set when this record was merged into another: it is then soft-deleted and points there. */
    merged_into_id: uuid("merged_into_id"),
    ...timestamps,
  },
  (t) => [uniqueIndex("customers_phone_unique").on(t.phone)],
);

export const deviceTable = pgTable(
  "devices",
  {
    ...id,
    customer_id: ref("customer_id", () => customerTable.id).notNull(),
    category: deviceCategory("category").notNull(),
    brand: text("brand").notNull(),
    model: text("model").notNull(),
    serial: text("serial"),
    imei: text("imei"),
    color: text("color"),
    notes: text("notes"),
    ...timestamps,
  },
  (t) => [
    index("devices_customer_idx").on(t.customer_id),
    index("devices_serial_idx").on(t.serial),
    index("devices_imei_idx").on(t.imei),
  ],
);

/** Append-mostly evidence of what a customer agreed to: the text shown, where and when. */
export const consentTable = pgTable(
  "consents",
  {
    ...id,
    customer_id: ref("customer_id", () => customerTable.id).notNull(),
    kind: consentKind("kind").notNull(),
    granted: boolean("granted").notNull(),
    /** Where it was given, e.g. "intake_form:v3", "whatsapp:STOP", "staff". */
    source: text("source").notNull(),
    text_shown: text("text_shown"),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull().default({}),
    recorded_at: utc("recorded_at").notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [index("consents_customer_kind_idx").on(t.customer_id, t.kind, t.recorded_at)],
);
