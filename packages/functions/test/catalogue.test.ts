import { useDb } from "@wapos/core/db/index";
import { PaymentQr } from "@wapos/core/payment-qr/index";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { DUITNOW_STATIC } from "../../core/test/duitnow";
import { createApi } from "../src/api/index";
import { json, randomPhone, staff } from "./harness";

// The export is the whole catalogue: this file has a database of its own.
useIsolatedDatabase();
useFixedClock();

const api = createApi();
let admin: Record<string, string>;
let cashier: Record<string, string>;

type Product = { id: string; sku: string; name: string; stock_qty: number; price: string };
type Report = {
  dry_run: boolean;
  created: string[];
  updated: { sku: string; changes: Record<string, { from: string; to: string }> }[];
  unchanged: number;
  errors: { line: number; sku?: string; field?: string; message: string }[];
};

beforeAll(async () => {
  admin = { "content-type": "application/json", ...(await staff("admin")).auth };
  cashier = { "content-type": "application/json", ...(await staff("cashier")).auth };
});

const post = (path: string, headers: Record<string, string>, body: unknown) =>
  api.request(path, { method: "POST", headers, body: JSON.stringify(body) });
const put = (path: string, body: unknown) =>
  api.request(path, { method: "PUT", headers: admin, body: JSON.stringify(body) });
let n = 0;
const sku = (prefix = "CAT") => `${prefix}-${++n}`;
async function product(fields: Record<string, unknown> = {}) {
  const s = sku();
  const page = await json<{ product: Product }>(
    post("/api/products", admin, { sku: s, name: `Item ${s}`, price: "10.00", ...fields }),
  );
  return page.product;
}
async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await (await useDb()).execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}
const exported = async () => {
  const response = await api.request("/api/products/export.csv", { headers: admin });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/csv");
  return response.text();
};
const importCsv = (csv: string, dry_run: boolean) => post("/api/products/import", admin, { csv, dry_run });
/** Every product and move, to show an import wrote nothing (or changed nothing). */
const snapshot = async () => ({
  products: await rows(sql`select * from products order by sku`),
  moves: await rows(sql`select id, product_id, qty from inventory_moves order by id`),
});

describe("the catalogue file", () => {
  it("round-trips: importing the export changes nothing", async () => {
    const phone = await product({ sku: "RT-PHONE", name: 'Phone, "Pro"\nline two', initial_stock: 4 });
    const part = await product({ sku: "RT-CABLE", cost: "2.50", barcode: "9555000000017", reorder_level: 3 });
    await product({
      sku: "RT-PHONE-128",
      parent_id: phone.id,
      variant_attributes: { capacity: "128 GB", "colour;=": "Black\\Blue" },
      wholesale_tiers: [
        { min_qty: 3, price: "9.00" },
        { min_qty: 10, price: "8.5" },
      ],
      tax_code: "sales",
    });
    await product({
      sku: "RT-BUNDLE",
      kind: "bundle",
      bundle_items: [
        { product_id: part.id, qty: 2 },
        { product_id: phone.id, qty: 1 },
      ],
    });
    await product({ sku: "RT-FIX", kind: "service", price: "45.00", active: false });
    const csv = await exported();
    const before = await snapshot();

    const report = await json<Report>(importCsv(csv, false));

    expect(report.errors).toEqual([]);
    expect(report.created).toEqual([]);
    expect(report.updated).toEqual([]);
    expect(report.unchanged).toBe(before.products.length);
    expect(await snapshot()).toEqual(before);
    expect(await exported()).toBe(csv);
  });

  it("lists a dry run's changes and creations and writes nothing", async () => {
    const item = await product({ price: "10.00", initial_stock: 5 });
    const before = await snapshot();
    const file = [
      "sku,name,price,stock_qty,reorder_level",
      `${item.sku},${item.name},12.50,7,2`,
      "DRY-NEW,New thing,3.00,10,",
    ].join("\n");

    const report = await json<Report>(importCsv(file, true));

    expect(report).toMatchObject({ dry_run: true, created: ["DRY-NEW"], errors: [] });
    expect(report.updated).toEqual([
      {
        sku: item.sku,
        changes: {
          price: { from: "10.00", to: "12.50" },
          reorder_level: { from: "0", to: "2" },
          stock_qty: { from: "5", to: "7" },
        },
      },
    ]);
    expect(await snapshot()).toEqual(before);

    // The same file for real: the change and a stock count noted "CSV import".
    await json<Report>(importCsv(file, false));
    const [moved] = await rows<{ qty: number; reason: string; note: string }>(
      sql`select qty, reason, note from inventory_moves where product_id = ${item.id} order by created_at desc, id desc limit 1`,
    );
    expect(moved).toEqual({ qty: 2, reason: "stocktake", note: "CSV import" });
    const created = await json<{ products: Product[] }>(
      api.request("/api/products?q=DRY-NEW", { headers: admin }),
    );
    expect(created.products[0]).toMatchObject({ sku: "DRY-NEW", price: "3.00", stock_qty: 10 });
  });

  it("reports every bad row by its line and writes nothing", async () => {
    const item = await product();
    const before = await snapshot();
    const file = [
      "sku,name,price,parent_sku,bundle_items,kind",
      `${item.sku},Renamed,11.00,,,`,
      "BAD-1,Price is text,ten,,,",
      "GOOD-1,Fine,1.00,,,",
      "GOOD-1,Twice,2.00,,,",
      "BAD-2,Orphan,1.00,NO-SUCH-SKU,,",
      "BAD-3,Box,5.00,,NOPE:1,bundle",
    ].join("\r\n");

    const response = await importCsv(file, false);

    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; details: Report };
    expect(body.code).toBe("product.import_invalid");
    expect(body.details.errors.map((e) => [e.line, e.field])).toEqual([
      [3, "price"],
      [5, "sku"],
      [6, "parent_sku"],
      [7, "bundle_items"],
    ]);
    expect(await snapshot()).toEqual(before);
    // The dry run of the same file answers the same errors, and what the good rows would do.
    const dry = await json<Report>(importCsv(file, true));
    expect(dry.errors).toEqual(body.details.errors);
    expect(dry.created).toEqual(["GOOD-1"]);
    expect(dry.updated.map((u) => u.sku)).toEqual([item.sku]);
  });

  it("guards cells a spreadsheet would run as formulas, and reads them back as typed", async () => {
    await product({ sku: "HOSTILE-1", name: '=HYPERLINK("http://evil","x")', description: "@SUM(1+1)" });
    await product({ sku: "HOSTILE-2", name: "-2+3", description: "'quoted" });
    const csv = await exported();
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    const one = records.find((r) => r.sku === "HOSTILE-1")!;
    const two = records.find((r) => r.sku === "HOSTILE-2")!;
    expect(one.name).toBe('\'=HYPERLINK("http://evil","x")');
    expect(one.description).toBe("'@SUM(1+1)");
    expect(two.name).toBe("'-2+3");
    expect(two.description).toBe("''quoted");
    const report = await json<Report>(importCsv(csv, true));
    expect(report.updated).toEqual([]);
    expect(report.errors).toEqual([]);
  });

  it("is the owner's: a cashier may not export or import", async () => {
    expect((await api.request("/api/products/export.csv", { headers: cashier })).status).toBe(403);
    expect((await importCsv("sku\nX", true)).status).toBe(200);
    expect((await post("/api/products/import", cashier, { csv: "sku\nX", dry_run: true })).status).toBe(403);
  });
});

describe("low stock", () => {
  const alertPhone = randomPhone();
  beforeAll(async () => {
    const { settings } = await json<{ settings: Record<string, Record<string, unknown>> }>(
      api.request("/api/settings", { headers: admin }),
    );
    const saved = await put("/api/settings", {
      pos: { ...settings.pos, low_stock_whatsapp: true },
      whatsapp_templates: { ...settings.whatsapp_templates, alert_phone: alertPhone },
    });
    expect(saved.status).toBe(200);
  });
  const sell = (id: string, qty: number) =>
    post("/api/checkout", cashier, {
      items: [{ product_id: id, qty }],
      payments: [{ method: "cash", amount: String(qty * 10) }],
      idempotency_key: crypto.randomUUID(),
    });
  const ownerNotes = (item: Product) =>
    rows<{ body: string; purpose: string; status: string }>(
      sql`select body, purpose, status from wa_messages where phone = ${alertPhone} and body like ${`%(${item.sku})%`}`,
    );

  it("queues one note to the owner when a sale takes an item down to its reorder level", async () => {
    const item = await product({ initial_stock: 6, reorder_level: 3, name: "Tempered glass" });
    expect((await sell(item.id, 2)).status).toBe(201);
    expect(await ownerNotes(item)).toEqual([]);

    expect((await sell(item.id, 2)).status).toBe(201);
    expect(await ownerNotes(item)).toEqual([
      {
        body: `Low stock: Tempered glass (${item.sku}) has 2 left; reorder level 3`,
        purpose: "owner_alert",
        status: "queued",
      },
    ]);
    // Already below: a further sale is no new crossing.
    expect((await sell(item.id, 1)).status).toBe(201);
    expect(await ownerNotes(item)).toHaveLength(1);
    const low = await json<{ products: Product[] }>(
      api.request("/api/products?low_stock=true&limit=200", { headers: admin }),
    );
    expect(low.products.map((p) => p.sku)).toContain(item.sku);
  });

  it("queues nothing for a sale that leaves stock above the reorder level", async () => {
    const item = await product({ initial_stock: 10, reorder_level: 3 });
    expect((await sell(item.id, 6)).status).toBe(201);
    expect(await ownerNotes(item)).toEqual([]);
  });
});

describe("the DuitNow QR", () => {
  const STATIC = DUITNOW_STATIC;
  const savePos = async (duitnow_qr: string) => {
    const { settings } = await json<{ settings: Record<string, Record<string, unknown>> }>(
      api.request("/api/settings", { headers: admin }),
    );
    return put("/api/settings", { pos: { ...settings.pos, duitnow_qr } });
  };
  const sale = async () =>
    json<{ id: string; amount_due: string }>(
      post("/api/invoices", cashier, {
        items: [{ description: "Battery swap", qty: 1, unit_price: "123.40" }],
        idempotency_key: crypto.randomUUID(),
      }),
    );

  it("answers 409 while no QR is set", async () => {
    expect((await savePos("")).status).toBe(200);
    const response = await api.request(`/api/invoices/${(await sale()).id}/payment-qr`, { headers: cashier });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { code: string }).code).toBe("payment_qr.not_configured");
  });

  it("refuses to save a QR whose CRC is wrong", async () => {
    const response = await savePos(`${STATIC.slice(0, -4)}0000`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path)).toContain("pos.duitnow_qr");
  });

  it("gives the invoice's amount due in tag 54 of a CRC-valid payload", async () => {
    expect((await savePos(`  ${STATIC}\n`)).status).toBe(200);
    const invoice = await sale();
    const qr = await json<{ payload: string; amount: string; merchant_name: string }>(
      api.request(`/api/invoices/${invoice.id}/payment-qr`, { headers: cashier }),
    );
    expect(qr).toMatchObject({ amount: invoice.amount_due, merchant_name: "KEDAI BAIKI AMIN" });
    const fields = PaymentQr.parse(qr.payload);
    expect(fields.find((f) => f.id === "54")?.value).toBe(invoice.amount_due);
    expect(fields.find((f) => f.id === "01")?.value).toBe("12");
    expect(qr.payload.slice(-4)).toBe(PaymentQr.crc16(qr.payload.slice(0, -4)));
  });

  it("gives the counter a QR for the cart's amount before the sale is posted", async () => {
    expect((await savePos(STATIC)).status).toBe(200);
    const qr = await json<{ payload: string; amount: string }>(
      api.request("/api/payment-qr?amount=47.40", { headers: cashier }),
    );
    expect(PaymentQr.parse(qr.payload).find((f) => f.id === "54")?.value).toBe("47.40");
    expect((await api.request("/api/payment-qr?amount=-1", { headers: cashier })).status).toBe(400);
  });
});
