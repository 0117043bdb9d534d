import { and, asc, eq, gt, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import * as z from "zod";
import { useActor } from "../actor";
import { Audit, actorId } from "../audit/index";
import { Upload } from "../blob/upload";
import { uniqueViolation } from "../db/errors";
import { createTransaction, rows, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { Money } from "../money/index";
import { useClock } from "../util/clock";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { ALERTING_REASONS, type Crossing, tellOwner } from "./low-stock";
import { inventoryMoveTable, inventoryReason, productKind, productTable } from "./product.sql";

export * as Product from "./index";

export type Row = typeof productTable.$inferSelect;
export const Kind = z.enum(productKind.enumValues);
export const TaxCode = z.enum(["sales", "service", "none"]);
export type TaxCode = z.infer<typeof TaxCode>;

/** Kinds that have no stock of their own: a service is labour; a bundle moves its components. */
const UNSTOCKED: readonly Row["kind"][] = ["service", "bundle"];

const Sku = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, "Letters, digits and . _ / -, starting with a letter or digit");
const Barcode = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{4,40}$/, "4 to 40 letters, digits or -");
export const ImageKey = z.string().regex(/^products\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.(jpg|png|webp)$/);
export const WholesaleTier = z.object({ min_qty: z.number().int().min(2).max(100_000), price: Money.Price });
export const BundleItem = z.object({ product_id: z.uuid(), qty: z.number().int().min(1).max(99) });

const fields = {
  sku: Sku,
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).nullable(),
  kind: Kind,
  price: Money.Price,
  cost: Money.Price.nullable(),
  barcode: Barcode.nullable(),
  /** A variant's parent product; its attributes say what sets it apart ("capacity": "128 GB"). */
  parent_id: z.uuid().nullable(),
  variant_attributes: z
    .record(z.string().trim().min(1).max(40), z.string().trim().min(1).max(60))
    .refine((a) => Object.keys(a).length <= 5, "At most 5 attributes"),
  bundle_items: z.array(BundleItem).max(20),
  wholesale_tiers: z
    .array(WholesaleTier)
    .max(10)
    .refine(
      (tiers) => tiers.every((t, i) => i === 0 || t.min_qty > tiers[i - 1]!.min_qty),
      "Tiers in increasing quantity, one per quantity",
    ),
  tax_code: TaxCode.nullable(),
  track_stock: z.boolean(),
  reorder_level: z.number().int().min(0).max(100_000),
  image_keys: z.array(ImageKey).max(8),
  active: z.boolean(),
};

// Photos are added once the product exists (their keys live in its folder): PATCH image_keys.
const { image_keys: _photosAfterCreate, ...createFields } = fields;
export const CreateInput = z.object({
  ...createFields,
  description: fields.description.optional(),
  kind: fields.kind.default("product"),
  cost: fields.cost.optional(),
  barcode: fields.barcode.optional(),
  parent_id: fields.parent_id.optional(),
  variant_attributes: fields.variant_attributes.default({}),
  bundle_items: fields.bundle_items.default([]),
  wholesale_tiers: fields.wholesale_tiers.default([]),
  tax_code: fields.tax_code.optional(),
  track_stock: fields.track_stock.optional(),
  reorder_level: fields.reorder_level.default(0),
  active: fields.active.default(true),
  /** Stock already on the shelf, recorded as a purchase. */
  initial_stock: z.number().int().min(0).max(1_000_000).optional(),
});
export const UpdateInput = z
  .object(fields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Send at least one field");

const notFound = () => new VisibleError("product.not_found", "No such product.");

/** Turns a broken unique constraint into the field that clashes. */
function clash(error: unknown): never {
  const constraint = uniqueViolation(error);
  if (constraint === "products_sku_unique")
    throw new VisibleError("product.sku_taken", "Another product already has this SKU.");
  if (constraint === "products_barcode_unique")
    throw new VisibleError("product.barcode_taken", "Another product already has this barcode.");
  throw error;
}

/** The rules across fields: bundles of stocked items, variants one level deep, services unstocked. */
async function checkShape(row: Pick<Row, "id" | "kind" | "parent_id" | "bundle_items" | "track_stock">) {
  if (UNSTOCKED.includes(row.kind) && row.track_stock)
    throw new VisibleError(
      "product.invalid",
      `A ${row.kind} has no stock of its own: set track_stock to false.`,
    );
  if (row.kind === "bundle" && !row.bundle_items.length)
    throw new VisibleError("product.invalid", "A bundle needs at least one item.");
  if (row.kind !== "bundle" && row.bundle_items.length)
    throw new VisibleError("product.invalid", "Only a bundle has bundle items.");
  const ids = [
    ...new Set([...row.bundle_items.map((b) => b.product_id), ...(row.parent_id ? [row.parent_id] : [])]),
  ];
  if (!ids.length) return;
  const found = await useTransaction((tx) =>
    tx
      .select({ id: productTable.id, kind: productTable.kind, parent_id: productTable.parent_id })
      .from(productTable)
      .where(and(inArray(productTable.id, ids), isNull(productTable.deleted_at))),
  );
  const byId = new Map(found.map((p) => [p.id, p]));
  for (const item of row.bundle_items) {
    const part = byId.get(item.product_id);
    if (!part || part.kind === "bundle" || part.id === row.id)
      throw new VisibleError(
        "product.invalid",
        `Bundle item ${item.product_id} is not a product that can be bundled.`,
        {
          product_id: item.product_id,
        },
      );
  }
  if (row.parent_id) {
    const parent = byId.get(row.parent_id);
    if (!parent || parent.parent_id || parent.id === row.id)
      throw new VisibleError(
        "product.invalid",
        "A variant's parent must be a product that is not itself a variant.",
      );
  }
}

export const create = fn(CreateInput, async ({ initial_stock, ...input }) =>
  createTransaction(async (tx) => {
    const values = {
      ...input,
      cost: input.cost ?? null,
      barcode: input.barcode ?? null,
      parent_id: input.parent_id ?? null,
      tax_code: input.tax_code ?? null,
      track_stock: input.track_stock ?? !UNSTOCKED.includes(input.kind),
    };
    await checkShape({ id: "", ...values });
    const [row] = await tx.insert(productTable).values(values).returning().catch(clash);
    await Audit.record({
      entity: "product",
      entity_id: row!.id,
      action: "create",
      diff: { sku: { from: null, to: row!.sku }, price: { from: null, to: row!.price } },
    });
    if (initial_stock) {
      await move({ productId: row!.id, qty: initial_stock, reason: "purchase", note: "Opening stock" });
      return (await get(row!.id)).row;
    }
    return row!;
  }),
);

/** A presigned PUT for one of a product's photos; PATCH its key into `image_keys` once uploaded. */
export async function presignImage(id: string, input: z.input<typeof Upload.UploadRequest>) {
  await get(id);
  return Upload.presignPut(Upload.slots.productImage(id), input);
}

export async function update(id: string, input: z.input<typeof UpdateInput>) {
  const patch = UpdateInput.parse(input);
  // Photos must be this product's uploads, in storage and really images (what fails is deleted).
  if (patch.image_keys) {
    const slot = Upload.slots.productImage(id);
    const keys = patch.image_keys;
    patch.image_keys = [];
    for (const [index, key] of keys.entries())
      patch.image_keys.push(await Upload.accept(slot, key, `image_keys.${index}`));
  }
  return createTransaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(productTable)
      .where(and(eq(productTable.id, id), isNull(productTable.deleted_at)))
      .for("update");
    if (!before) throw notFound();
    const next = { ...before, ...patch };
    await checkShape(next);
    const [after] = await tx
      .update(productTable)
      .set(patch)
      .where(eq(productTable.id, id))
      .returning()
      .catch(clash);
    const { stock_qty: _a, updated_at: _b, ...old } = before;
    const { stock_qty: _c, updated_at: _d, ...now } = after!;
    await Audit.record({ entity: "product", entity_id: id, action: "update", diff: Audit.diffOf(old, now) });
    return after!;
  });
}

/** Soft delete: gone from the catalogue and the counter, kept for the invoices that name it. */
export async function remove(id: string) {
  return createTransaction(async (tx) => {
    const [row] = await tx
      .update(productTable)
      .set({ deleted_at: useClock().now(), active: false })
      .where(and(eq(productTable.id, id), isNull(productTable.deleted_at)))
      .returning();
    if (!row) throw notFound();
    await Audit.record({
      entity: "product",
      entity_id: id,
      action: "delete",
      diff: { sku: { from: row.sku, to: null } },
    });
    return row;
  });
}

/** A product with its variants. */
export async function get(id: string) {
  return useTransaction(async (tx) => {
    const rows = await tx
      .select()
      .from(productTable)
      .where(
        and(or(eq(productTable.id, id), eq(productTable.parent_id, id)), isNull(productTable.deleted_at)),
      )
      .orderBy(asc(productTable.sku));
    const row = rows.find((r) => r.id === id);
    if (!row) throw notFound();
    return { row, variants: rows.filter((r) => r.id !== id) };
  });
}

export const ListInput = z.object({
  /** Name, SKU or barcode (a scanned barcode matches exactly). */
  q: z.string().trim().max(100).default(""),
  kind: Kind.optional(),
  /** Only what is at or below its reorder level. */
  low_stock: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  /** The SKU to continue after (the list is in SKU order). */
  after: Sku.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const isLow = and(
  eq(productTable.track_stock, true),
  gt(productTable.reorder_level, 0),
  sql`${productTable.stock_qty} <= ${productTable.reorder_level}`,
);

export const list = fn(ListInput, ({ q, kind, low_stock, after, limit }) =>
  useTransaction((tx) =>
    tx
      .select()
      .from(productTable)
      .where(
        and(
          isNull(productTable.deleted_at),
          q
            ? or(
                eq(productTable.barcode, q),
                ilike(productTable.sku, `${q.replace(/[\\%_]/g, "\\$&")}%`),
                ilike(productTable.name, `%${q.replace(/[\\%_]/g, "\\$&")}%`),
              )
            : undefined,
          kind ? eq(productTable.kind, kind) : undefined,
          low_stock ? isLow : undefined,
          after ? gt(productTable.sku, after) : undefined,
        ),
      )
      .orderBy(asc(productTable.sku))
      .limit(limit),
  ),
);

/** The product a scanned code names: its barcode, else its SKU. */
export async function byCode(code: string) {
  const [row] = await useTransaction((tx) =>
    tx
      .select()
      .from(productTable)
      .where(
        and(isNull(productTable.deleted_at), or(eq(productTable.barcode, code), eq(productTable.sku, code))),
      )
      .orderBy(sql`${productTable.barcode} = ${code} desc`)
      .limit(1),
  );
  if (!row) throw notFound();
  return row;
}

/** The unit price for a quantity: the best wholesale tier it reaches, else the listed price. */
export function unitPriceFor(row: Pick<Row, "price" | "wholesale_tiers">, qty: number): string {
  const tier = [...row.wholesale_tiers].reverse().find((t) => qty >= t.min_qty);
  return tier ? Money.text(Money.parse(tier.price)) : row.price;
}

/** The API shape of a product. */
export const View = z.object({
  id: z.uuid(),
  sku: z.string(),
  barcode: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  kind: Kind,
  parent_id: z.uuid().nullable(),
  variant_attributes: z.record(z.string(), z.string()),
  bundle_items: z.array(BundleItem),
  price: Money.Text,
  cost: Money.Text.nullable(),
  wholesale_tiers: z.array(WholesaleTier),
  tax_code: TaxCode.nullable(),
  track_stock: z.boolean(),
  /** Stock on hand: the sum of the product's inventory moves. */
  stock_qty: z.number().int(),
  reorder_level: z.number().int(),
  low_stock: z.boolean(),
  image_keys: z.array(z.string()),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type View = z.infer<typeof View>;

export function toView(row: Row): View {
  return View.parse({
    id: row.id,
    sku: row.sku,
    barcode: row.barcode,
    name: row.name,
    description: row.description,
    kind: row.kind,
    parent_id: row.parent_id,
    variant_attributes: row.variant_attributes,
    bundle_items: row.bundle_items,
    price: Money.text(Money.parse(row.price)),
    cost: row.cost === null ? null : Money.text(Money.parse(row.cost)),
    wholesale_tiers: row.wholesale_tiers,
    tax_code: row.tax_code as TaxCode | null,
    track_stock: row.track_stock,
    stock_qty: row.stock_qty,
    reorder_level: row.reorder_level,
    low_stock: row.track_stock && row.reorder_level > 0 && row.stock_qty <= row.reorder_level,
    image_keys: row.image_keys,
    active: row.active,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  });
}

export const Reason = z.enum(inventoryReason.enumValues);
export type Reason = z.infer<typeof Reason>;

export type Move = {
  productId: string;
  qty: number;
  reason: Reason;
  refType?: string;
  refId?: string;
  unitCost?: string | null;
  note?: string;
};

/**
 * Moves stock and records the moves, in the caller's transaction: each product's stock_qty (the
 * cached sum of its moves) changes by `qty` in one conditional update, so stock that is counted
 * never goes below zero, whatever runs at the same time; the products are taken in id order, so
 * two carts sharing items never wait on each other in a circle. Throws `stock.insufficient`
 * naming the item and what is left (nothing is written then). Unstocked items record nothing.
 * Answers each stocked product's stock left and whether it just fell to its reorder level; a
 * sale or repair use that makes an item fall to it queues the owner's note (low-stock.ts).
 */
export async function moveMany(
  moves: Move[],
): Promise<Map<string, { stock_qty: number; crossed_reorder: boolean }>> {
  const left = new Map<string, { stock_qty: number; crossed_reorder: boolean }>();
  if (!moves.length) return left;
  return createTransaction(async () => {
    const byId = new Map(moves.map((m) => [m.productId, m]));
    if (byId.size !== moves.length) throw new Error("moveMany: one move per product");
    const actor = useActor();
    const wanted = sql.join(
      moves.map((m) => sql`(${m.productId}::uuid, ${m.qty}::int)`),
      sql`, `,
    );
    const moveRows = sql.join(
      moves.map(
        (m) =>
          sql`(${createId()}::uuid, ${m.productId}::uuid, ${m.reason}::inventory_reason, ${m.refType ?? null}::text,
            ${m.refId ?? null}::text, ${m.unitCost ?? null}::numeric, ${m.note ?? null}::text,
            ${actor.type === "user" ? actorId(actor) : null}::text)`,
      ),
      sql`, `,
    );
    // One statement: the stocked products locked in id order (so two carts sharing items never
    // wait on each other in a circle), each changed only where its stock stays at or above zero,
    // and a move recorded for each one changed. A product missing from the answer was refused.
    const moved = await rows<{
      id: string;
      stock_qty: number;
      reorder_level: number;
      name: string;
      sku: string;
    }>(sql`
      with wanted (id, qty) as (values ${wanted}),
      locked as materialized (
        select p.id from ${productTable} p join wanted w on w.id = p.id
        where p.track_stock order by p.id for update of p
      ),
      changed as (
        update ${productTable} p set stock_qty = p.stock_qty + w.qty, updated_at = ${useClock().now()}
        from wanted w join locked l on l.id = w.id
        where p.id = w.id and p.stock_qty + w.qty >= 0
        returning p.id, p.stock_qty, p.reorder_level, p.name, p.sku
      ),
      recorded as (
        insert into ${inventoryMoveTable} (id, product_id, qty, reason, ref_type, ref_id, unit_cost, note, actor_id)
        select r.id, r.product_id, w.qty, r.reason, r.ref_type, r.ref_id, r.unit_cost, r.note, r.actor_id
        from (values ${moveRows}) as r (id, product_id, reason, ref_type, ref_id, unit_cost, note, actor_id)
        join wanted w on w.id = r.product_id
        join changed c on c.id = r.product_id
      )
      select * from changed`);
    const crossings: Crossing[] = [];
    for (const row of moved) {
      const m = byId.get(row.id)!;
      const before = row.stock_qty - m.qty;
      const crossed =
        row.reorder_level > 0 && before > row.reorder_level && row.stock_qty <= row.reorder_level;
      left.set(row.id, { stock_qty: row.stock_qty, crossed_reorder: crossed });
      if (crossed && ALERTING_REASONS.has(m.reason)) crossings.push(row);
    }
    // Refused ones: an unknown product fails, an unstocked one is fine, too few left names the item.
    for (const m of moves) if (!left.has(m.productId)) await refuse(m);
    await tellOwner(crossings);
    return left;
  });
}

/** Why a conditional stock update changed nothing: an unknown product, an unstocked one (fine), or too few left. */
async function refuse(m: Move) {
  const [row] = await useTransaction((tx) =>
    tx
      .select({
        name: productTable.name,
        sku: productTable.sku,
        stock_qty: productTable.stock_qty,
        track_stock: productTable.track_stock,
      })
      .from(productTable)
      .where(eq(productTable.id, m.productId)),
  );
  if (!row) throw notFound();
  if (!row.track_stock) return;
  throw new VisibleError(
    "stock.insufficient",
    `Only ${row.stock_qty} of ${row.name} (${row.sku}) left; ${-m.qty} asked for.`,
    { product_id: m.productId, sku: row.sku, name: row.name, available: row.stock_qty, requested: -m.qty },
  );
}

/** One product's move (see moveMany); undefined for an unstocked item. */
export async function move(m: Move) {
  return (await moveMany([m])).get(m.productId);
}

export const StockInput = z.object({
  /** For a stock count, the number counted; otherwise how many came in (+) or went out (−). */
  qty: z.number().int().min(-100_000).max(100_000),
  reason: z.enum(["purchase", "adjustment", "stocktake", "return_to_supplier"]),
  note: z.string().trim().max(500).optional(),
  /** For a purchase: what one unit cost. */
  unit_cost: Money.Price.optional(),
});

/** Records a purchase, an adjustment or a stock count (audited); answers the product. */
export async function adjust(id: string, input: z.input<typeof StockInput>) {
  const { qty, reason, note, unit_cost } = StockInput.parse(input);
  return createTransaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(productTable)
      .where(and(eq(productTable.id, id), isNull(productTable.deleted_at)))
      .for("update");
    if (!row) throw notFound();
    if (!row.track_stock)
      throw new VisibleError("product.invalid", `${row.name} does not track stock.`, { product_id: id });
    const delta =
      reason === "stocktake"
        ? qty - row.stock_qty
        : reason === "purchase"
          ? Math.abs(qty)
          : reason === "return_to_supplier"
            ? -Math.abs(qty)
            : qty;
    if (reason === "stocktake" && qty < 0)
      throw new VisibleError("product.invalid", "A stock count cannot be below zero.");
    if (delta === 0 && reason !== "stocktake")
      throw new VisibleError("product.invalid", "A stock change of zero changes nothing.");
    if (delta !== 0)
      await move({ productId: id, qty: delta, reason, refType: "manual", unitCost: unit_cost ?? null, note });
    await Audit.record({
      entity: "product",
      entity_id: id,
      action: `stock.${reason}`,
      diff: {
        stock_qty: { from: row.stock_qty, to: row.stock_qty + delta },
        ...(note ? { note: { from: null, to: note } } : {}),
      },
    });
    return (await get(id)).row;
  });
}

/** The stock ledger of one product, newest first. */
export async function moves(id: string, limit = 100) {
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(inventoryMoveTable)
      .where(eq(inventoryMoveTable.product_id, id))
      .orderBy(sql`${inventoryMoveTable.created_at} desc, ${inventoryMoveTable.id} desc`)
      .limit(limit),
  );
  return rows.map((m) => ({
    id: m.id,
    qty: m.qty,
    reason: m.reason,
    ref_type: m.ref_type,
    ref_id: m.ref_id,
    note: m.note,
    created_at: m.created_at.toISOString(),
  }));
}
