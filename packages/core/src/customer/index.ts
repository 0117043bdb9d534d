import { and, desc, eq, ilike, isNull, or, sql } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { useClock } from "../util/clock";
import { fn } from "../util/fn";
import { Phone } from "../util/phone";
import { consentTable, customerTable, deviceCategory, deviceTable } from "./customer.sql";

export * as Customer from "./index";

export type Row = typeof customerTable.$inferSelect;
export type DeviceRow = typeof deviceTable.$inferSelect;
export const DeviceCategory = z.enum(deviceCategory.enumValues);

export const Identity = z.object({
  phone: Phone,
  name: z.string().trim().min(1).max(120),
  email: z.email().max(254).optional(),
  address: z.string().trim().max(500).optional(),
  language: z.enum(["en", "ms"]).default("en"),
});

/**
 * The customer with this phone (E.164), created if new. A returning customer keeps one record:
 * a changed name, email or address is updated and the change audited.
 */
export const upsertByPhone = fn(Identity, (input) =>
  createTransaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(customerTable)
      .where(eq(customerTable.phone, input.phone))
      .for("update");
    if (!existing) {
      const [row] = await tx
        .insert(customerTable)
        .values({
          phone: input.phone,
          name: input.name,
          email: input.email,
          address: input.address,
          language: input.language,
        })
        .returning();
      await Audit.record({
        entity: "customer",
        entity_id: row!.id,
        action: "create",
        diff: { phone: { from: null, to: row!.phone } },
      });
      return row!;
    }
    const patch = {
      name: input.name,
      email: input.email ?? existing.email,
      address: input.address ?? existing.address,
      language: input.language,
      deleted_at: null,
    };
    const diff = Audit.diffOf(
      { name: existing.name, email: existing.email, address: existing.address, language: existing.language },
      { name: patch.name, email: patch.email, address: patch.address, language: patch.language },
    );
    if (!Object.keys(diff).length) return existing;
    const [row] = await tx
      .update(customerTable)
      .set(patch)
      .where(eq(customerTable.id, existing.id))
      .returning();
    await Audit.record({ entity: "customer", entity_id: existing.id, action: "update", diff });
    return row!;
  }),
);

export const DeviceInput = z.object({
  category: DeviceCategory,
  brand: z.string().trim().min(1).max(60),
  model: z.string().trim().min(1).max(80),
  serial: z.string().trim().max(80).optional(),
  imei: z
    .string()
    .trim()
    .regex(/^\d{15}$/, "An IMEI has 15 digits")
    .optional(),
  color: z.string().trim().max(40).optional(),
});

/** The customer's device with the same serial or IMEI when one is given, else a new device. */
export async function matchOrCreateDevice(
  customerId: string,
  input: z.output<typeof DeviceInput>,
): Promise<DeviceRow> {
  return useTransaction(async (tx) => {
    const keys = [
      input.imei ? eq(deviceTable.imei, input.imei) : undefined,
      input.serial ? eq(deviceTable.serial, input.serial) : undefined,
    ].filter(Boolean);
    if (keys.length) {
      const [found] = await tx
        .select()
        .from(deviceTable)
        .where(and(eq(deviceTable.customer_id, customerId), or(...keys)));
      if (found) return found;
    }
    const [row] = await tx
      .insert(deviceTable)
      .values({ customer_id: customerId, ...input })
      .returning();
    return row!;
  });
}

/**
 * Keeps the evidence of a consent given or withdrawn (what was shown, where, when) and the
 * customer's current WhatsApp status with it.
 */
export async function recordConsent(input: {
  customerId: string;
  kind: "whatsapp" | "terms" | "marketing";
  granted: boolean;
  source: string;
  textShown?: string;
  evidence?: Record<string, unknown>;
}) {
  await useTransaction(async (tx) => {
    await tx.insert(consentTable).values({
      customer_id: input.customerId,
      kind: input.kind,
      granted: input.granted,
      source: input.source,
      text_shown: input.textShown,
      evidence: input.evidence ?? {},
      recorded_at: useClock().now(),
    });
    if (input.kind === "whatsapp")
      await tx
        .update(customerTable)
        .set({ whatsapp_consent: input.granted ? "opted_in" : "opted_out" })
        .where(eq(customerTable.id, input.customerId));
  });
}

export async function fromId(id: string): Promise<Row | undefined> {
  const [row] = await useTransaction((tx) => tx.select().from(customerTable).where(eq(customerTable.id, id)));
  return row;
}

export async function getOrThrow(id: string): Promise<Row> {
  const row = await fromId(id);
  if (!row) throw new VisibleError("customer.not_found", "No such customer.");
  return row;
}

/** Customers whose name, phone or email matches, newest first. */
export const search = fn(
  z.object({
    q: z.string().trim().max(100).default(""),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  }),
  ({ q, limit }) =>
    useTransaction((tx) => {
      const digits = q.replace(/\D/g, "");
      const match = q
        ? or(
            ilike(customerTable.name, `%${q}%`),
            ilike(customerTable.email, `%${q}%`),
            digits.length >= 3
              ? sql`${customerTable.phone} like ${`%${digits.replace(/^0/, "")}%`}`
              : undefined,
          )
        : undefined;
      return tx
        .select()
        .from(customerTable)
        .where(and(isNull(customerTable.deleted_at), match))
        .orderBy(desc(customerTable.created_at))
        .limit(limit);
    }),
);

/** The API shape of a customer. */
export function toPublic(row: Row) {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    address: row.address,
    language: row.language,
    whatsapp_consent: row.whatsapp_consent,
    tags: row.tags,
    notes: row.notes,
    created_at: row.created_at.toISOString(),
  };
}

export function devicePublic(row: DeviceRow) {
  return {
    id: row.id,
    category: row.category,
    brand: row.brand,
    model: row.model,
    serial: row.serial,
    imei: row.imei,
    color: row.color,
  };
}

export const UpdateInput = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    email: z.email().max(254).nullable().optional(),
    address: z.string().trim().max(500).nullable().optional(),
    language: z.enum(["en", "ms"]).optional(),
    notes: z.string().trim().max(4000).nullable().optional(),
    tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Send at least one field");

/** Edits a customer's details; the change is audited. The phone is the identity and is changed by merging. */
export async function update(id: string, input: z.input<typeof UpdateInput>) {
  const patch = UpdateInput.parse(input);
  return createTransaction(async (tx) => {
    const before = await getOrThrow(id);
    const [after] = await tx.update(customerTable).set(patch).where(eq(customerTable.id, id)).returning();
    const pick = (row: Row) => ({
      name: row.name,
      email: row.email,
      address: row.address,
      language: row.language,
      notes: row.notes,
      tags: row.tags,
    });
    await Audit.record({
      entity: "customer",
      entity_id: id,
      action: "update",
      diff: Audit.diffOf(pick(before), pick(after!)),
    });
    return after!;
  });
}

/**
 * Merges a duplicate into the customer to keep: devices, tickets, consents, messages and
 * invoices move over; the duplicate is soft-deleted and points to the one kept. Audited.
 */
export async function merge(duplicateId: string, keepId: string) {
  if (duplicateId === keepId)
    throw new VisibleError("customer.not_found", "Choose another customer to merge into.");
  return createTransaction(async (tx) => {
    const duplicate = await getOrThrow(duplicateId);
    const keep = await getOrThrow(keepId);
    const moved: Record<string, number> = {};
    for (const table of [
      "devices",
      "work_tickets",
      "consents",
      "intake_forms",
      "invoices",
      "quotes",
      "wa_threads",
      "campaign_logs",
      "appointments",
    ]) {
      const result = await tx.execute(
        sql`update ${sql.identifier(table)} set customer_id = ${keep.id} where customer_id = ${duplicate.id}`,
      );
      moved[table] = (result as unknown as { rowCount?: number }).rowCount ?? 0;
    }
    await tx
      .update(customerTable)
      .set({
        deleted_at: useClock().now(),
        merged_into_id: keep.id,
        phone: `${duplicate.phone}#merged-${duplicate.id.slice(-8)}`,
      })
      .where(eq(customerTable.id, duplicate.id));
    await Audit.record({
      entity: "customer",
      entity_id: keep.id,
      action: "merge",
      diff: {
        merged: { from: duplicate.id, to: keep.id },
        phone: { from: duplicate.phone, to: keep.phone },
        moved: { from: null, to: moved },
      },
    });
    return getOrThrow(keep.id);
  });
}

/** Everything the customer page shows: devices, consents with evidence. Tickets and messages come from their domains. */
export async function profile(id: string) {
  const customer = await getOrThrow(id);
  return useTransaction(async (tx) => {
    const [devices, consents] = await Promise.all([
      tx.select().from(deviceTable).where(eq(deviceTable.customer_id, id)),
      tx
        .select()
        .from(consentTable)
        .where(eq(consentTable.customer_id, id))
        .orderBy(desc(consentTable.recorded_at), desc(consentTable.created_at)),
    ]);
    return {
      customer,
      devices,
      consents: consents.map((c) => ({
        kind: c.kind,
        granted: c.granted,
        source: c.source,
        text_shown: c.text_shown,
        evidence: c.evidence,
        recorded_at: c.recorded_at.toISOString(),
      })),
    };
  });
}
