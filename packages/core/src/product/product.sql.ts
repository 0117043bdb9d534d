import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { createdAt, id, money, ref, timestamps } from "../db/columns";

export const productKind = pgEnum("product_kind", ["product", "part", "service", "bundle"]);
export const inventoryReason = pgEnum("inventory_reason", [
  "purchase",
  "sale",
  "refund",
  "repair_use",
  "adjustment",
  "return_to_supplier",
  "stocktake",
]);

export type WholesaleTier = { min_qty: number; price: string };
export type BundleItem = { product_id: string; qty: number };

export const productTable = pgTable(
  "products",
  {
    ...id,
    sku: text("sku").notNull(),
    barcode: text("barcode"),
    name: text("name").notNull(),
    description: text("description"),
    kind: productKind("kind").notNull().default("product"),
    /** Set on a variant: the product it is a variant of. */
    parent_id: ref("parent_id", (): AnyPgColumn => productTable.id),
    variant_attributes: jsonb("variant_attributes").$type<Record<string, string>>().notNull().default({}),
    bundle_items: jsonb("bundle_items").$type<BundleItem[]>().notNull().default([]),
    price: money("price").notNull(),
    cost: money("cost"),
    wholesale_tiers: jsonb("wholesale_tiers").$type<WholesaleTier[]>().notNull().default([]),
    /** Which SST applies: "sales" (goods), "service" (labour), "none"; null reads as the kind's default. */
    tax_code: text("tax_code"),
    /** Blob keys of the product's photos (products/<id>/…), uploaded like ticket photos. */
    image_keys: jsonb("image_keys").$type<string[]>().notNull().default([]),
    track_stock: boolean("track_stock").notNull().default(true),
    /** Cached sum of inventory_moves.qty, updated in the same transaction as each move. */
    stock_qty: integer("stock_qty").notNull().default(0),
    reorder_level: integer("reorder_level").notNull().default(0),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("products_sku_unique").on(t.sku),
    uniqueIndex("products_barcode_unique").on(t.barcode),
    // The backstop under the sale's conditional update: stock that is counted never goes below zero.
    check("products_stock_not_negative", sql`not ${t.track_stock} or ${t.stock_qty} >= 0`),
  ],
);

/** Stock ledger. Append-only: a wrong move is reversed by another move. */
export const inventoryMoveTable = pgTable(
  "inventory_moves",
  {
    ...id,
    product_id: ref("product_id", () => productTable.id).notNull(),
    qty: integer("qty").notNull(),
    reason: inventoryReason("reason").notNull(),
    ref_type: text("ref_type"),
    ref_id: text("ref_id"),
    unit_cost: money("unit_cost"),
    note: text("note"),
    actor_id: text("actor_id"),
    ...createdAt,
  },
  (t) => [index("inventory_moves_product_idx").on(t.product_id, t.created_at)],
);
