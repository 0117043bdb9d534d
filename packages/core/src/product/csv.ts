import { stringify } from "csv-stringify/sync";
import { asc, sql } from "drizzle-orm";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { Money } from "../money/index";
import { readCsv } from "../util/csv-read";
import { fn } from "../util/fn";
import { Product } from "./index";
import { productTable } from "./product.sql";

export * as ProductCsv from "./csv";

/**
 * The catalogue as a spreadsheet: one row per product, the columns below, references by SKU.
 * What an import does with a cell: an empty nullable cell (barcode, description, parent_sku,
 * cost, tax_code) clears it, an empty list cell means none, an empty required cell (name, kind,
 * price, track_stock, reorder_level, active) keeps what the product has, an empty stock_qty
 * leaves the stock alone. A column left out of the file is left alone.
 */
export const COLUMNS = [
  "sku",
  "barcode",
  "name",
  "description",
  "kind",
  "parent_sku",
  "variant_attributes",
  "price",
  "cost",
  "tax_code",
  "track_stock",
  "stock_qty",
  "reorder_level",
  "wholesale_tiers",
  "bundle_items",
  "active",
] as const;
export type Column = (typeof COLUMNS)[number];

/** A product as the file says it, with references by SKU. */
type Draft = {
  sku: string;
  barcode: string | null;
  name: string;
  description: string | null;
  kind: Product.Row["kind"];
  parent_sku: string | null;
  variant_attributes: Record<string, string>;
  price: string;
  cost: string | null;
  tax_code: string | null;
  track_stock: boolean;
  stock_qty: number | null;
  reorder_level: number;
  wholesale_tiers: { min_qty: number; price: string }[];
  bundle_items: { sku: string; qty: number }[];
  active: boolean;
};

// A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP "CSV
// injection"); the apostrophe itself is guarded too, so an import takes off exactly one.
const FORMULA = /^[=+\-@\t\r']/;
const guard = (cell: string) => (FORMULA.test(cell) ? `'${cell}` : cell);
const unguard = (cell: string) =>
  cell.startsWith("'") && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell;

const money = (text: string) => Money.text(Money.parse(text));
/** "capacity=128 GB;colour=Black", with \ escaping a ; = or \ inside a name or value. */
const escapeAttr = (text: string) => text.replace(/[\\;=]/g, "\\$&");

function cellsOf(d: Draft): Record<Column, string> {
  return {
    sku: d.sku,
    barcode: d.barcode ?? "",
    name: d.name,
    description: d.description ?? "",
    kind: d.kind,
    parent_sku: d.parent_sku ?? "",
    variant_attributes: Object.keys(d.variant_attributes)
      .sort()
      .map((k) => `${escapeAttr(k)}=${escapeAttr(d.variant_attributes[k]!)}`)
      .join(";"),
    price: money(d.price),
    cost: d.cost === null ? "" : money(d.cost),
    tax_code: d.tax_code ?? "",
    track_stock: String(d.track_stock),
    stock_qty: d.stock_qty === null ? "" : String(d.stock_qty),
    reorder_level: String(d.reorder_level),
    wholesale_tiers: d.wholesale_tiers.map((t) => `${t.min_qty}:${money(t.price)}`).join(";"),
    bundle_items: d.bundle_items.map((b) => `${b.sku}:${b.qty}`).join(";"),
    active: String(d.active),
  };
}

function draftOf(row: Product.Row, skuById: Map<string, string>): Draft {
  return {
    sku: row.sku,
    barcode: row.barcode,
    name: row.name,
    description: row.description,
    kind: row.kind,
    parent_sku: row.parent_id ? (skuById.get(row.parent_id) ?? row.parent_id) : null,
    variant_attributes: row.variant_attributes,
    price: row.price,
    cost: row.cost,
    tax_code: row.tax_code,
    track_stock: row.track_stock,
    stock_qty: row.stock_qty,
    reorder_level: row.reorder_level,
    wholesale_tiers: row.wholesale_tiers,
    bundle_items: row.bundle_items.map((b) => ({
      sku: skuById.get(b.product_id) ?? b.product_id,
      qty: b.qty,
    })),
    active: row.active,
  };
}

async function catalogue() {
  const rows = await useTransaction((tx) => tx.select().from(productTable).orderBy(asc(productTable.sku)));
  return { rows, skuById: new Map(rows.map((r) => [r.id, r.sku])) };
}

/** Every product not deleted, in SKU order, as CSV (RFC 4180, CRLF, formula cells guarded). */
export async function exportCsv(): Promise<string> {
  const { rows, skuById } = await catalogue();
  const records = rows
    .filter((r) => !r.deleted_at)
    .map((r) => {
      const cells = cellsOf(draftOf(r, skuById));
      return COLUMNS.map((c) => guard(cells[c]));
    });
  return stringify([[...COLUMNS], ...records], { record_delimiter: "windows" });
}

export { ImportInput, Issue, Report } from "./contracts";

import { ImportInput, type Issue, type Report } from "./contracts";

type Row = { line: number; cells: Map<Column, string> };

/** The file's rows with their starting line; a file that is not CSV is one issue on its line. */
function read(text: string, issues: Issue[]): { columns: Column[]; rows: Row[] } {
  const parsed = readCsv(text);
  if ("error" in parsed) {
    issues.push(parsed.error);
    return { columns: [], rows: [] };
  }
  const records = parsed.records;
  const [header, ...body] = records;
  const columns = (header?.cells ?? []).map((name) => name.trim().toLowerCase());
  for (const name of columns)
    if (!(COLUMNS as readonly string[]).includes(name))
      issues.push({ line: 1, field: name, message: `Unknown column "${name}"; use ${COLUMNS.join(", ")}` });
  if (!columns.includes("sku"))
    issues.push({ line: 1, field: "sku", message: "The file needs a sku column" });
  if (new Set(columns).size !== columns.length)
    issues.push({ line: 1, message: "A column is named twice in the header" });
  if (issues.length) return { columns: [], rows: [] };
  const rows = body.map(({ cells: record, line }) => {
    if (record.length !== columns.length)
      issues.push({ line, message: `${record.length} cells where the header has ${columns.length}` });
    return {
      line,
      cells: new Map(columns.map((c, i) => [c as Column, unguard(record[i] ?? "")])),
    };
  });
  return { columns: columns as Column[], rows };
}

const BOOLEAN: Record<string, boolean> = {
  true: true,
  yes: true,
  "1": true,
  false: false,
  no: false,
  "0": false,
};
const int = (text: string) => (/^\d{1,7}$/.test(text) ? Number(text) : undefined);

function splitList(text: string): string[] {
  return text === "" ? [] : text.split(";").map((part) => part.trim());
}

/** "a=b;c=d" with \-escapes; undefined when an entry has no "=". */
function attributes(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const entries: string[][] = [];
  let current = [""];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "=") current.push("");
    else if (ch === ";") {
      entries.push(current);
      current = [""];
    } else current.push(`${current.pop()}${ch === "\\" && i + 1 < text.length ? text[++i] : ch}`);
  }
  if (text !== "") entries.push(current);
  for (const entry of entries) {
    if (entry.length !== 2) return undefined;
    out[entry[0]!.trim()] = entry[1]!.trim();
  }
  return out;
}

/** Lays the row's cells over `base`, noting each cell that cannot be read. */
function overlay(base: Draft, row: Row, fail: (field: Column, message: string) => void): Draft {
  const d = { ...base };
  for (const [column, raw] of row.cells) {
    const text = raw.trim();
    switch (column) {
      case "sku":
        break;
      case "barcode":
      case "description":
      case "parent_sku":
      case "tax_code":
        d[column] = text === "" ? null : text;
        break;
      case "cost":
        if (text === "") d.cost = null;
        else if (Money.Price.safeParse(text).success) d.cost = text;
        else fail(column, `Not an amount like 12.50: "${text}"`);
        break;
      case "price":
        if (text === "") break;
        if (Money.Price.safeParse(text).success) d.price = text;
        else fail(column, `Not an amount like 12.50: "${text}"`);
        break;
      case "name":
        if (text !== "") d.name = text;
        break;
      case "kind":
        if (text === "") break;
        if (Product.Kind.safeParse(text).success) d.kind = text as Draft["kind"];
        else fail(column, `Not a kind: "${text}"; use ${Product.Kind.options.join(", ")}`);
        break;
      case "track_stock":
      case "active": {
        if (text === "") break;
        const value = BOOLEAN[text.toLowerCase()];
        if (value === undefined) fail(column, `Not true or false: "${text}"`);
        else d[column] = value;
        break;
      }
      case "stock_qty":
      case "reorder_level": {
        if (text === "") {
          if (column === "stock_qty") d.stock_qty = null;
          break;
        }
        const value = int(text);
        if (value === undefined) fail(column, `Not a whole number of 0 or more: "${text}"`);
        else d[column] = value;
        break;
      }
      case "variant_attributes": {
        const value = attributes(raw);
        if (value) d.variant_attributes = value;
        else fail(column, 'Attributes like "capacity=128 GB;colour=Black"');
        break;
      }
      case "wholesale_tiers": {
        const tiers = splitList(text).map((part) => /^(\d{1,6}):(\d{1,10}(?:\.\d{1,2})?)$/.exec(part));
        if (tiers.every(Boolean))
          d.wholesale_tiers = tiers.map((m) => ({ min_qty: Number(m![1]), price: money(m![2]!) }));
        else fail(column, 'Tiers like "3:12.00;10:10.00" (from quantity : unit price)');
        break;
      }
      case "bundle_items": {
        const items = splitList(text).map((part) => /^(.+):(\d{1,2})$/.exec(part));
        if (items.every(Boolean))
          d.bundle_items = items.map((m) => ({ sku: m![1]!.trim(), qty: Number(m![2]) }));
        else fail(column, 'Items like "SKU-A:1;SKU-B:2" (SKU : quantity)');
        break;
      }
    }
  }
  return d;
}

const NEW: Omit<Draft, "sku"> = {
  barcode: null,
  name: "",
  description: null,
  kind: "product",
  parent_sku: null,
  variant_attributes: {},
  price: "",
  cost: null,
  tax_code: null,
  track_stock: true,
  stock_qty: null,
  reorder_level: 0,
  wholesale_tiers: [],
  bundle_items: [],
  active: true,
};

/** The fields Product.create and Product.update take, references turned into ids by `idOf`. */
function inputOf(d: Draft, idOf: (sku: string) => string) {
  return {
    sku: d.sku,
    barcode: d.barcode,
    name: d.name,
    description: d.description,
    kind: d.kind,
    parent_id: d.parent_sku === null ? null : idOf(d.parent_sku),
    variant_attributes: d.variant_attributes,
    price: d.price,
    cost: d.cost,
    tax_code: d.tax_code as Product.TaxCode | null,
    track_stock: d.track_stock,
    reorder_level: d.reorder_level,
    wholesale_tiers: d.wholesale_tiers,
    bundle_items: d.bundle_items.map((b) => ({ product_id: idOf(b.sku), qty: b.qty })),
    active: d.active,
  };
}

/** Which column a field of Product.CreateInput comes from. */
const COLUMN_OF: Record<string, Column> = { parent_id: "parent_sku" };
/** Stands in for a referenced product's id while the row's shape is checked. */
const PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000";

class DryRun extends Error {
  constructor(readonly report: Report) {
    super("dry run");
  }
}

/**
 * Creates and updates products from a CSV file, matched by SKU, in one transaction. Every row is
 * checked (Product.CreateInput's rules, SKUs and barcodes once per file, references to products
 * in the catalogue or the file) and every bad row is reported by its line. A stock_qty that
 * differs from the stock on hand is recorded as a stock count ("CSV import"). A dry run, or a
 * file with any bad row, writes nothing: the first answers the report, the second throws
 * `product.import_invalid` with the report as details.
 */
export const importCsv = fn(ImportInput, async ({ csv, dry_run }): Promise<Report> => {
  try {
    return await createTransaction(async () => {
      const report = await apply(csv, dry_run);
      if (report.errors.length && !dry_run)
        throw new VisibleError(
          "product.import_invalid",
          `${new Set(report.errors.map((e) => e.line)).size} line(s) of the file are not right; nothing was imported.`,
          report,
        );
      if (dry_run) throw new DryRun(report);
      return report;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.report;
    throw error;
  }
});

async function apply(csv: string, dry_run: boolean): Promise<Report> {
  const errors: Issue[] = [];
  const report: Report = { dry_run, created: [], updated: [], unchanged: 0, errors };
  const { columns, rows } = read(csv, errors);
  const { rows: existing, skuById } = await catalogue();
  const bySku = new Map(existing.filter((r) => !r.deleted_at).map((r) => [r.sku, r]));

  type Planned = { row: Row; sku: string; draft: Draft; before?: Product.Row; ok: boolean };
  const planned: Planned[] = [];
  const lineOfSku = new Map<string, number>();
  const lineOfBarcode = new Map<string, number>();
  for (const row of rows) {
    const sku = row.cells.get("sku")?.trim() ?? "";
    let ok = true;
    const failed = new Set<string>();
    const fail = (field: string | undefined, message: string) => {
      ok = false;
      if (field) failed.add(field);
      errors.push({ line: row.line, ...(sku ? { sku } : {}), ...(field ? { field } : {}), message });
    };
    if (!sku) fail("sku", "Every row needs a SKU");
    else if (lineOfSku.has(sku)) fail("sku", `SKU ${sku} is also on line ${lineOfSku.get(sku)}`);
    else lineOfSku.set(sku, row.line);
    const before = bySku.get(sku);
    const base: Draft = before ? draftOf(before, skuById) : { ...NEW, sku };
    const draft = overlay({ ...base, stock_qty: null }, row, fail);
    if (!before && !row.cells.get("track_stock")?.trim())
      draft.track_stock = draft.kind !== "service" && draft.kind !== "bundle";
    if (draft.barcode) {
      const other = lineOfBarcode.get(draft.barcode);
      if (other) fail("barcode", `Barcode ${draft.barcode} is also on line ${other}`);
      else lineOfBarcode.set(draft.barcode, row.line);
    }
    const checked = Product.CreateInput.safeParse(inputOf(draft, () => PLACEHOLDER_ID));
    if (!checked.success)
      for (const issue of checked.error.issues) {
        const path = String(issue.path[0] ?? "");
        const field = COLUMN_OF[path] ?? path;
        // A cell that could not be read is reported once, not again as the value it left behind.
        if (!failed.has(field)) fail(field, issue.message);
      }
    planned.push({ row, sku, draft, before, ok });
  }

  // References: to a product in the catalogue, or to a good row of the file (made first).
  const inFile = new Map(planned.filter((p) => p.sku).map((p) => [p.sku, p]));
  const refsOf = (d: Draft) => [...(d.parent_sku ? [d.parent_sku] : []), ...d.bundle_items.map((b) => b.sku)];
  for (const p of planned) {
    for (const ref of refsOf(p.draft)) {
      const field = ref === p.draft.parent_sku ? "parent_sku" : "bundle_items";
      const target = inFile.get(ref);
      if (!target && !bySku.has(ref)) {
        p.ok = false;
        errors.push({ line: p.row.line, sku: p.sku, field, message: `No product with SKU ${ref}` });
      }
    }
  }
  const order: Planned[] = [];
  const state = new Map<Planned, "visiting" | "done">();
  const visit = (p: Planned): boolean => {
    if (state.get(p) === "done") return p.ok;
    if (state.get(p) === "visiting") return false;
    state.set(p, "visiting");
    for (const ref of refsOf(p.draft)) {
      const target = inFile.get(ref);
      if (target && target !== p && !visit(target) && p.ok) {
        p.ok = false;
        errors.push({
          line: p.row.line,
          sku: p.sku,
          message: `Refers to ${ref} on line ${target.row.line}, which cannot be imported`,
        });
      }
    }
    state.set(p, "done");
    if (p.ok) order.push(p);
    return p.ok;
  };
  for (const p of planned) visit(p);

  const idBySku = new Map([...bySku].map(([sku, r]) => [sku, r.id]));
  for (const p of order) {
    const failed = await savepoint(async () => {
      const input = inputOf(p.draft, (sku) => idBySku.get(sku)!);
      let id = p.before?.id;
      const stockBefore = p.before?.stock_qty ?? 0;
      const changes: Record<string, { from: string; to: string }> = {};
      if (!p.before) id = (await Product.create(input)).id;
      else {
        const was = cellsOf(draftOf(p.before, skuById));
        const now = cellsOf(p.draft);
        const patch: Record<string, unknown> = {};
        for (const column of columns) {
          if (column === "sku" || column === "stock_qty" || was[column] === now[column]) continue;
          changes[column] = { from: was[column], to: now[column] };
          const field = column === "parent_sku" ? "parent_id" : column;
          patch[field] = input[field as keyof typeof input];
        }
        if (Object.keys(patch).length) await Product.update(p.before.id, patch);
      }
      const count = p.draft.stock_qty;
      if (count !== null && count !== stockBefore) {
        await Product.adjust(id!, { qty: count, reason: "stocktake", note: "CSV import" });
        if (p.before) changes.stock_qty = { from: String(stockBefore), to: String(count) };
      }
      if (!p.before) {
        idBySku.set(p.sku, id!);
        report.created.push(p.sku);
      } else if (Object.keys(changes).length) report.updated.push({ sku: p.sku, changes });
      else report.unchanged += 1;
    });
    if (failed)
      errors.push({
        line: p.row.line,
        sku: p.sku,
        ...(fieldOf(failed) ? { field: fieldOf(failed) } : {}),
        message: failed.message,
      });
  }
  errors.sort((a, b) => a.line - b.line);
  return report;
}

const FIELD_OF_CODE: Partial<Record<VisibleError["code"], Column>> = {
  "product.sku_taken": "sku",
  "product.barcode_taken": "barcode",
  "stock.insufficient": "stock_qty",
};
const fieldOf = (error: VisibleError) => FIELD_OF_CODE[error.code];

/** Runs one row's writes so that a refused row is undone alone and the others go on being checked. */
async function savepoint(work: () => Promise<void>): Promise<VisibleError | undefined> {
  await useTransaction((tx) => tx.execute(sql`savepoint csv_row`));
  try {
    await work();
    await useTransaction((tx) => tx.execute(sql`release savepoint csv_row`));
    return undefined;
  } catch (error) {
    if (!(error instanceof VisibleError)) throw error;
    await useTransaction((tx) => tx.execute(sql`rollback to savepoint csv_row`));
    return error;
  }
}
