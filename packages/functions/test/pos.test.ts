import { Blob } from "@wapos/core/blob/index";
import { useDb } from "@wapos/core/db/index";
import { Queue } from "@wapos/core/queue/index";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { json, type LocalAws, randomPhone, staff, startLocalAws } from "./harness";

// Invoice numbers are shop-wide and must come out without a gap: this file has a database of its own.
useIsolatedDatabase();
useFixedClock();

const api = createApi();
let admin: Record<string, string>;
let cashier: Record<string, string>;
let tech: Record<string, string>;

type Product = { id: string; sku: string; stock_qty: number; price: string; low_stock: boolean };
type Sale = {
  id: string;
  number: string;
  status: string;
  total: string;
  rounding: string;
  payable: string;
  amount_paid: string;
  amount_due: string;
  change_given: string;
  discount_given: string;
  tax_total: string;
  customer: { phone: string } | null;
  lines: { description: string; qty: string; discount: string; line_total: string }[];
  payments: { method: string; amount: string; change: string | null }[];
  tax_breakdown: { rate: string; taxable: string; tax: string }[];
};

let aws: LocalAws;
beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://shop.example";
  aws = await startLocalAws({ names: ["wa-outbound-tx", "jobs"] });
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  admin = { "content-type": "application/json", ...(await staff("admin")).auth };
  cashier = { "content-type": "application/json", ...(await staff("cashier")).auth };
  tech = { "content-type": "application/json", ...(await staff("tech")).auth };
});
afterAll(async () => {
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  await aws.stop();
});

const post = (path: string, headers: Record<string, string>, body: unknown) =>
  api.request(path, { method: "POST", headers, body: JSON.stringify(body) });
let skus = 0;
async function product(fields: Record<string, unknown> = {}) {
  skus += 1;
  const page = await json<{ product: Product }>(
    post("/api/products", admin, { sku: `SKU-${skus}`, name: `Item ${skus}`, price: "10.00", ...fields }),
  );
  return page.product;
}
const stockOf = async (id: string) =>
  (await json<{ product: Product }>(api.request(`/api/products/${id}`, { headers: admin }))).product
    .stock_qty;
const key = () => crypto.randomUUID();
async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await (await useDb()).execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

describe("the counter", () => {
  it("sells 50 concurrent checkouts of an item with 10 in stock exactly 10 times, numbers without a gap", async () => {
    const item = await product({ initial_stock: 10, price: "25.00" });
    const before = await rows<{ n: number }>(sql`select count(*)::int as n from invoices`);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        post("/api/checkout", cashier, {
          items: [{ product_id: item.id, qty: 1 }],
          payments: [{ method: "card", amount: "25.00" }],
          idempotency_key: key(),
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    const refused = (await answers.find((a) => a.status === 409)!.json()) as {
      code: string;
      message: string;
      details: { sku: string; available: number };
    };
    expect(refused.code).toBe("stock.insufficient");
    expect(refused.details).toMatchObject({ sku: item.sku, available: 0 });
    expect(refused.message).toContain(item.sku);

    expect(await stockOf(item.id)).toBe(0);
    const [ledger] = await rows<{ sum: number }>(
      sql`select coalesce(sum(qty), 0)::int as sum from inventory_moves where product_id = ${item.id}`,
    );
    expect(ledger!.sum).toBe(0);
    const numbers = (await rows<{ number: string }>(sql`select number from invoices order by number`)).map(
      (r) => Number(r.number.split("-").at(-1)),
    );
    expect(numbers).toHaveLength(before[0]!.n + 10);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => numbers[0]! + i));
  });

  it("gives one sale and one payment for a checkout sent twice with one idempotency key", async () => {
    const item = await product({ initial_stock: 5 });
    const body = {
      items: [{ product_id: item.id, qty: 2 }],
      payments: [{ method: "cash", amount: "50.00" }],
      idempotency_key: key(),
    };
    const [first, second] = await Promise.all([
      post("/api/checkout", cashier, body),
      post("/api/checkout", cashier, body),
    ]);
    const third = await post("/api/checkout", cashier, body);
    const sales = await Promise.all([first, second, third].map((r) => json<Sale>(r)));
    expect(new Set(sales.map((s) => s.id)).size).toBe(1);
    expect(await stockOf(item.id)).toBe(3);
    const [payments] = await rows<{ n: number }>(
      sql`select count(*)::int as n from payments where invoice_id = ${sales[0]!.id}`,
    );
    expect(payments!.n).toBe(1);
    expect(sales[0]).toMatchObject({ status: "paid", total: "20.00", change_given: "30.00" });
  });

  it("splits cash and DuitNow, rounds the cash part to 5 sen and finds the customer by phone", async () => {
    const item = await product({ price: "10.03", initial_stock: 3 });
    const phone = randomPhone();
    const sale = await json<Sale>(
      post("/api/checkout", cashier, {
        items: [{ product_id: item.id, qty: 1 }],
        payments: [
          { method: "cash", amount: "5.00" },
          { method: "duitnow", amount: "5.00", reference: "DN123" },
        ],
        customer_phone: phone,
        idempotency_key: key(),
      }),
    );
    // DuitNow pays 5.00 to the sen; the 5.03 left in cash rounds to 5.05, which 5.00 does not cover.
    expect(sale).toMatchObject({ status: "partially_paid", amount_paid: "10.00", amount_due: "0.03" });
    expect(sale.customer?.phone).toBe(phone);
    const paid = await json<Sale>(
      post("/api/payments", cashier, {
        invoice_id: sale.id,
        method: "cash",
        amount: "1.00",
        idempotency_key: key(),
      }),
    );
    expect(paid).toMatchObject({
      status: "paid",
      rounding: "0.02",
      payable: "10.05",
      amount_due: "0.00",
      change_given: "0.95",
    });
  });

  it("keeps a part payment's balance and refuses a payment above it, writing nothing", async () => {
    const sale = await json<Sale>(
      post("/api/invoices", cashier, {
        items: [{ description: "Screen fitting", qty: 1, unit_price: "80.00" }],
        idempotency_key: key(),
      }),
    );
    expect(sale).toMatchObject({ status: "issued", amount_due: "80.00" });
    const deposit = await json<Sale>(
      post("/api/payments", cashier, {
        invoice_id: sale.id,
        method: "card",
        amount: "30.00",
        idempotency_key: key(),
      }),
    );
    expect(deposit).toMatchObject({ status: "partially_paid", amount_due: "50.00" });
    const over = await post("/api/payments", cashier, {
      invoice_id: sale.id,
      method: "bank_transfer",
      amount: "50.01",
      idempotency_key: key(),
    });
    expect(over.status).toBe(400);
    expect(((await over.json()) as { code: string }).code).toBe("payment.above_balance");
    const after = await json<Sale>(api.request(`/api/invoices/${sale.id}`, { headers: cashier }));
    expect(after).toMatchObject({ amount_paid: "30.00", amount_due: "50.00" });
  });

  it("holds a cashier to the discount limit unless an admin approves on the same screen", async () => {
    const item = await product({ price: "100.00", initial_stock: 5 });
    const cart = (extra: object = {}) => ({
      items: [{ product_id: item.id, qty: 1, discount: { kind: "percent", value: "20" } }],
      payments: [{ method: "card", amount: "80.00" }],
      idempotency_key: key(),
      ...extra,
    });
    const refused = await post("/api/checkout", cashier, cart());
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      code: "sale.discount_needs_approval",
      details: { limit_percent: "10" },
    });
    expect(await stockOf(item.id)).toBe(5);

    const { user } = await staff("admin");
    const wrong = await post(
      "/api/checkout",
      cashier,
      cart({ approval: { email: user.email, password: "not-it" } }),
    );
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { code: string }).code).toBe("sale.approval_invalid");

    const byAdmin = await json<Sale>(post("/api/checkout", admin, cart()));
    expect(byAdmin).toMatchObject({ total: "80.00", discount_given: "20.00", status: "paid" });
  });

  it("answers bad input with a 4xx naming the problem, and writes nothing", async () => {
    const item = await product({ initial_stock: 2 });
    const [count] = await rows<{ n: number }>(sql`select count(*)::int as n from invoices`);
    const cases: [unknown, number, string][] = [
      [
        { items: [{ product_id: item.id, qty: -1 }], payments: [], idempotency_key: key() },
        400,
        "request.invalid",
      ],
      [
        {
          items: [{ product_id: crypto.randomUUID(), qty: 1 }],
          payments: [{ method: "cash", amount: "10" }],
          idempotency_key: key(),
        },
        400,
        "sale.unknown_product",
      ],
      [
        {
          items: [{ product_id: item.id, qty: 1, discount: { kind: "amount", value: "10.01" } }],
          payments: [{ method: "cash", amount: "10" }],
          idempotency_key: key(),
        },
        400,
        "sale.invalid",
      ],
      [
        {
          items: [{ product_id: item.id, qty: 1 }],
          payments: [{ method: "card", amount: "10.01" }],
          idempotency_key: key(),
        },
        400,
        "payment.above_balance",
      ],
      [
        {
          items: [{ product_id: item.id, qty: 3 }],
          payments: [{ method: "card", amount: "30.00" }],
          idempotency_key: key(),
        },
        409,
        "stock.insufficient",
      ],
    ];
    for (const [body, status, code] of cases) {
      const response = await post("/api/checkout", cashier, body);
      expect({ status: response.status, code: ((await response.json()) as { code: string }).code }).toEqual({
        status,
        code,
      });
    }
    expect(await stockOf(item.id)).toBe(2);
    const [after] = await rows<{ n: number }>(sql`select count(*)::int as n from invoices`);
    expect(after!.n).toBe(count!.n);
  });

  it("keeps the catalogue to admins and the counter to cashiers and admins", async () => {
    expect((await post("/api/products", cashier, { sku: "NOPE", name: "x", price: "1" })).status).toBe(403);
    expect(
      (await post("/api/checkout", tech, { items: [], payments: [], idempotency_key: key() })).status,
    ).toBe(403);
    expect((await api.request("/api/products?q=Item", { headers: tech })).status).toBe(200);
  });
});

describe("the A4 invoice", () => {
  it("is a PDF with the shop, the number, each line, SST by rate and the totals", async () => {
    const item = await product({ initial_stock: 2, price: "108.00", name: "iPhone 13 screen" });
    const sale = await json<Sale>(
      post("/api/checkout", cashier, {
        items: [{ product_id: item.id, qty: 1, discount: { kind: "amount", value: "5.00" } }],
        payments: [{ method: "cash", amount: "200.00" }],
        idempotency_key: key(),
      }),
    );
    const response = await api.request(`/api/invoices/${sale.id}/pdf`, { headers: cashier });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const document = await getDocument({ data: new Uint8Array(await response.arrayBuffer()), verbosity: 0 })
      .promise;
    const page = await document.getPage(1);
    const text = (await page.getTextContent()).items.map((i) => ("str" in i ? i.str : "")).join(" ");
    expect(document.numPages).toBe(1);
    for (const expected of [
      "INVOICE",
      sale.number,
      "My Repair Shop",
      "iPhone 13 screen",
      "Sales tax 10%",
      `RM ${sale.total}`,
      "Amount due",
    ])
      expect(text).toContain(expected);
    expect(text).toContain(`RM ${sale.tax_total}`);
  });
});

describe("the WhatsApp receipt", () => {
  it("goes to a customer who agreed at the counter, with the receipt's link, in the sale's transaction", async () => {
    const item = await product({ initial_stock: 2 });
    const phone = randomPhone();
    const sale = await json<Sale>(
      post("/api/checkout", cashier, {
        items: [{ product_id: item.id, qty: 1 }],
        payments: [{ method: "card", amount: "10.00" }],
        customer_phone: phone,
        customer_name: "Aina",
        whatsapp_consent: true,
        idempotency_key: key(),
      }),
    );
    const messages = await rows<{ body: string; purpose: string; status: string }>(
      sql`select body, purpose, status from wa_messages where phone = ${phone}`,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ purpose: "sale_notice", status: "queued" });
    expect(messages[0]!.body).toContain(sale.number);
    expect(messages[0]!.body).toMatch(/https:\/\/shop\.example\/e\/[A-Za-z0-9_-]{22}/);
    const [consent] = await rows<{ source: string; text_shown: string }>(
      sql`select source, text_shown from consents c join customers u on u.id = c.customer_id where u.phone = ${phone}`,
    );
    expect(consent).toMatchObject({ source: "pos:counter" });
  });

  it("is not sent to a customer who opted out, whatever the cashier ticks", async () => {
    const item = await product({ initial_stock: 2 });
    const phone = randomPhone();
    await rows(
      sql`insert into customers (id, name, phone, whatsapp_consent) values (gen_random_uuid(), 'Out', ${phone}, 'opted_out')`,
    );
    await json<Sale>(
      post("/api/checkout", cashier, {
        items: [{ product_id: item.id, qty: 1 }],
        payments: [{ method: "card", amount: "10.00" }],
        customer_phone: phone,
        whatsapp_consent: true,
        idempotency_key: key(),
      }),
    );
    expect(await rows(sql`select 1 from wa_messages where phone = ${phone}`)).toHaveLength(0);
    const [customer] = await rows<{ whatsapp_consent: string }>(
      sql`select whatsapp_consent from customers where phone = ${phone}`,
    );
    expect(customer!.whatsapp_consent).toBe("opted_out");
  });
});

describe("the catalogue", () => {
  it("keeps stock as the sum of its moves, with purchases, counts and a low-stock flag", async () => {
    const item = await product({ initial_stock: 4, reorder_level: 2 });
    const stock = (body: object) =>
      json<{ product: Product }>(post(`/api/products/${item.id}/stock`, admin, body));
    expect((await stock({ qty: 6, reason: "purchase", unit_cost: "4.00" })).product.stock_qty).toBe(10);
    const counted = (await stock({ qty: 2, reason: "stocktake", note: "Shelf count" })).product;
    expect(counted).toMatchObject({ stock_qty: 2, low_stock: true });
    const low = await json<{ products: Product[] }>(
      api.request("/api/products?low_stock=true", { headers: admin }),
    );
    expect(low.products.map((p) => p.id)).toContain(item.id);
    const under = await post(`/api/products/${item.id}/stock`, admin, { qty: -3, reason: "adjustment" });
    expect(under.status).toBe(409);
    const moves = await json<{ moves: { qty: number; reason: string }[] }>(
      api.request(`/api/products/${item.id}/moves`, { headers: admin }),
    );
    expect(moves.moves.map((m) => m.qty).reduce((a, b) => a + b, 0)).toBe(2);
    expect(moves.moves.map((m) => m.reason)).toEqual(["stocktake", "purchase", "purchase"]);
  });

  it("takes a product's photo uploaded to its own folder, and refuses one that is not there", async () => {
    const item = await product();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
    const slot = await json<{ key: string; upload_url: string; headers: Record<string, string> }>(
      post(`/api/products/${item.id}/images`, admin, { content_type: "image/png", size: png.length }),
    );
    expect((await fetch(slot.upload_url, { method: "PUT", headers: slot.headers, body: png })).ok).toBe(true);
    const patch = (image_keys: string[]) =>
      api.request(`/api/products/${item.id}`, {
        method: "PATCH",
        headers: admin,
        body: JSON.stringify({ image_keys }),
      });
    const saved = await json<{ product: { image_keys: string[] } }>(patch([slot.key]));
    expect(saved.product.image_keys).toEqual([slot.key]);
    const missing = await patch([slot.key.replace(/[0-9a-f-]{36}\.png$/, `${crypto.randomUUID()}.png`)]);
    expect(((await missing.json()) as { code: string }).code).toBe("photo.not_uploaded");
    const other = await product();
    const elsewhere = await api.request(`/api/products/${other.id}`, {
      method: "PATCH",
      headers: admin,
      body: JSON.stringify({ image_keys: [slot.key] }),
    });
    expect(((await elsewhere.json()) as { code: string }).code).toBe("upload.invalid_key");
  });

  it("refuses a second product with the same SKU or barcode", async () => {
    const item = await product({ barcode: "9555000000017" });
    const sku = await post("/api/products", admin, { sku: item.sku, name: "Again", price: "1.00" });
    expect(sku.status).toBe(409);
    expect(((await sku.json()) as { code: string }).code).toBe("product.sku_taken");
    const barcode = await post("/api/products", admin, {
      sku: "OTHER-1",
      name: "Again",
      price: "1.00",
      barcode: "9555000000017",
    });
    expect(((await barcode.json()) as { code: string }).code).toBe("product.barcode_taken");
    const scanned = await json<{ product: Product }>(
      api.request("/api/products/lookup?code=9555000000017", { headers: cashier }),
    );
    expect(scanned.product.id).toBe(item.id);
  });

  it("moves each component's stock when a bundle sells, and prices by wholesale tier", async () => {
    const case_ = await product({ initial_stock: 5, price: "20.00" });
    const film = await product({
      initial_stock: 5,
      price: "15.00",
      wholesale_tiers: [{ min_qty: 3, price: "12.00" }],
    });
    const bundle = await product({
      kind: "bundle",
      price: "30.00",
      bundle_items: [
        { product_id: case_.id, qty: 1 },
        { product_id: film.id, qty: 2 },
      ],
    });
    const sale = await json<Sale>(
      post("/api/checkout", cashier, {
        items: [
          { product_id: bundle.id, qty: 1 },
          { product_id: film.id, qty: 3 },
        ],
        payments: [{ method: "card", amount: "66.00" }],
        idempotency_key: key(),
      }),
    );
    expect(sale.lines.map((l) => l.line_total)).toEqual(["30.00", "36.00"]);
    expect(await stockOf(case_.id)).toBe(4);
    expect(await stockOf(film.id)).toBe(0);
  });
});

describe("hostile input at the counter", () => {
  it("never answers 5xx, and a refused request writes nothing", async () => {
    const item = await product({ initial_stock: 3, price: "9.90" });
    const counts = async () =>
      (
        await rows<{ n: string }>(
          sql`select (select count(*) from invoices) || '/' || (select count(*) from payments) || '/' || (select coalesce(sum(qty), 0) from inventory_moves) || '/' || (select count(*) from customers) as n`,
        )
      )[0]!.n;
    const id = fc.oneof(fc.constant(item.id), fc.uuid(), fc.string({ maxLength: 40 }));
    const money = fc.oneof(
      fc.constantFrom("9.90", "0", "0.00", "-1.00", "1e3", "99999999999.99", "10.001", ""),
      fc.string({ maxLength: 12 }),
      fc.double(),
      fc.integer(),
    );
    const discount = fc.oneof(
      fc.record({ kind: fc.constantFrom("percent", "amount", "free"), value: money }),
      fc.anything(),
    );
    const line = fc.record(
      {
        product_id: id,
        description: fc.string({ maxLength: 300 }),
        qty: fc.oneof(fc.integer({ min: -5, max: 20_000 }), fc.double(), fc.string({ maxLength: 4 })),
        unit_price: money,
        discount,
        tax_code: fc.constantFrom("sales", "service", "none", "vat"),
      },
      { requiredKeys: [] },
    );
    const body = fc.record(
      {
        items: fc.oneof(fc.array(line, { maxLength: 4 }), fc.anything()),
        payments: fc.array(
          fc.record({
            method: fc.constantFrom("cash", "card", "duitnow", "cheque"),
            amount: money,
            reference: fc.string(),
          }),
          { maxLength: 3 },
        ),
        discount,
        customer_id: id,
        customer_phone: fc.oneof(fc.constant(randomPhone()), fc.string({ maxLength: 20 })),
        ticket_id: id,
        invoice_id: id,
        method: fc.constantFrom("cash", "card", "x"),
        amount: money,
        approval: fc.anything(),
        idempotency_key: fc.oneof(fc.string({ maxLength: 120 }), fc.uuid()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/api/checkout", "/api/invoices", "/api/payments"),
        body,
        async (path, sent) => {
          const before = await counts();
          const response = await post(path, cashier, sent);
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) expect(await counts()).toBe(before);
        },
      ),
      { numRuns: 300 },
    );
  });
});
