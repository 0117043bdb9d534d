import { useDb } from "@wapos/core/db/index";
import Big from "big.js";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { json, randomPhone, staff } from "./harness";

// The report sums every invoice of the shop: this file has a database of its own.
useIsolatedDatabase();
// Tuesday 10 March 2026, 10:00 in Kuala Lumpur.
const clock = useFixedClock();

const api = createApi();
let admin: Record<string, string>;
let cashier: Record<string, string>;

type Sale = {
  id: string;
  number: string;
  kind: string;
  issued_at: string;
  cashier: string | null;
  customer: { name: string } | null;
  subtotal: string;
  discount_total: string;
  tax_total: string;
  total: string;
  rounding: string;
  amount_paid: string;
  amount_due: string;
  lines: {
    product_id: string | null;
    description: string;
    qty: string;
    tax_amount: string;
    line_total: string;
  }[];
  payments: { method: string; amount: string; received_at: string }[];
};
type Report = {
  period: { from: string; to: string; days: number; time_zone: string };
  figures: Record<string, string | number>;
  top_items: { by_qty: Item[]; by_revenue: Item[] };
  by_method: { method: string; count: number; amount: string }[];
  by_cashier: { name: string | null; invoice_count: number; sales: string }[];
  by_day: { day: string; invoice_count: number; sales: string; refunds: string; net_sales: string }[];
};
type Item = { name: string; qty: string; revenue: string };

const post = (path: string, headers: Record<string, string>, body: unknown) =>
  api.request(path, { method: "POST", headers, body: JSON.stringify(body) });
const key = () => crypto.randomUUID();
const report = (query: string, headers = admin) =>
  json<Report>(api.request(`/api/reports/sales?${query}`, { headers }));
/** A moment given as Kuala Lumpur wall time (UTC+8, no daylight saving). */
const kl = (local: string) => new Date(`${local}+08:00`);
/** The Kuala Lumpur calendar day of an instant, by adding the offset: independent of the report's SQL. */
const klDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

const costs = new Map<string, string>();
let skus = 0;
async function product(price: string, cost: string | null, tax_code: "sales" | "service") {
  skus += 1;
  const { product } = await json<{ product: { id: string; name: string } }>(
    post("/api/products", admin, {
      sku: `R-${skus}`,
      name: `Part ${skus}`,
      price,
      tax_code,
      initial_stock: 500,
      ...(cost ? { cost } : {}),
    }),
  );
  if (cost) costs.set(product.id, cost);
  return product.id;
}

/** A checkout at a Kuala Lumpur wall time. */
async function sellAt(local: string, headers: Record<string, string>, body: Record<string, unknown>) {
  clock.set(kl(local));
  return json<Sale>(post("/api/checkout", headers, { idempotency_key: key(), ...body }));
}
const viewOf = (id: string) => json<Sale>(api.request(`/api/invoices/${id}`, { headers: admin }));

/**
 * The report recomputed from the invoices' own API views, in big.js: what every figure must
 * equal, to the sen.
 */
function expected(sales: Sale[], from: string, to: string) {
  const within = (iso: string) => klDay(iso) >= from && klDay(iso) <= to;
  const sold = sales.filter((s) => s.kind === "invoice" && within(s.issued_at));
  const sum = (values: string[]) => values.reduce((a, v) => a.plus(v), new Big(0));
  const text = (b: Big) => b.toFixed(2);
  const lines = sold.flatMap((s) => s.lines);
  const costed = lines.filter((l) => l.product_id && costs.has(l.product_id));
  const margin = sum(
    costed.map((l) =>
      new Big(l.line_total)
        .minus(l.tax_amount)
        .minus(new Big(costs.get(l.product_id!)!).times(l.qty))
        .toString(),
    ),
  ).round(2, Big.roundHalfUp);
  const salesTotal = sum(sold.map((s) => s.total));

  const items = new Map<string, Item>();
  for (const l of lines) {
    const k = l.product_id ?? `text:${l.description}`;
    const item = items.get(k) ?? { name: l.description, qty: "0", revenue: "0.00" };
    items.set(k, {
      name: item.name,
      qty: new Big(item.qty).plus(l.qty).toString(),
      revenue: text(new Big(item.revenue).plus(l.line_total)),
    });
  }
  const ranked = (by: (a: Item, b: Item) => number) => [...items.values()].sort(by).slice(0, 10);
  const cmp = (a: string, b: string) => new Big(b).cmp(a);

  const methods = new Map<string, { method: string; count: number; amount: string }>();
  for (const p of sales.flatMap((s) => s.payments).filter((p) => within(p.received_at))) {
    const m = methods.get(p.method) ?? { method: p.method, count: 0, amount: "0.00" };
    methods.set(p.method, {
      method: p.method,
      count: m.count + 1,
      amount: text(new Big(m.amount).plus(p.amount)),
    });
  }
  const cashiers = new Map<string, { name: string | null; invoice_count: number; sales: string }>();
  for (const s of sold) {
    const c = cashiers.get(String(s.cashier)) ?? { name: s.cashier, invoice_count: 0, sales: "0.00" };
    cashiers.set(String(s.cashier), {
      name: s.cashier,
      invoice_count: c.invoice_count + 1,
      sales: text(new Big(c.sales).plus(s.total)),
    });
  }
  const days = [];
  for (
    let d = from;
    d <= to;
    d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
  ) {
    const that = sold.filter((s) => klDay(s.issued_at) === d);
    const daySales = text(sum(that.map((s) => s.total)));
    days.push({ day: d, invoice_count: that.length, sales: daySales, refunds: "0.00", net_sales: daySales });
  }
  return {
    figures: {
      invoice_count: sold.length,
      subtotal: text(sum(sold.map((s) => s.subtotal))),
      discounts: text(sum(sold.map((s) => s.discount_total))),
      tax: text(sum(sold.map((s) => s.tax_total))),
      sales: text(salesTotal),
      rounding: text(sum(sold.map((s) => s.rounding))),
      refund_count: 0,
      refunds: "0.00",
      refund_tax: "0.00",
      net_sales: text(salesTotal),
      net_tax: text(sum(sold.map((s) => s.tax_total))),
      margin: text(margin),
      lines_with_cost: costed.length,
      lines_without_cost: lines.length - costed.length,
    },
    top_items: {
      by_qty: ranked(
        (a, b) => cmp(a.qty, b.qty) || cmp(a.revenue, b.revenue) || a.name.localeCompare(b.name),
      ),
      by_revenue: ranked(
        (a, b) => cmp(a.revenue, b.revenue) || cmp(a.qty, b.qty) || a.name.localeCompare(b.name),
      ),
    },
    by_method: [...methods.values()].sort((a, b) => a.method.localeCompare(b.method)),
    by_cashier: [...cashiers.values()].sort((a, b) => String(a.name).localeCompare(String(b.name))),
    by_day: days,
  };
}

/** The report's parts in the order `expected` gives them. */
const comparable = (r: Report) => ({
  figures: r.figures,
  top_items: {
    by_qty: r.top_items.by_qty.map(({ name, qty, revenue }) => ({ name, qty, revenue })),
    by_revenue: r.top_items.by_revenue.map(({ name, qty, revenue }) => ({ name, qty, revenue })),
  },
  by_method: [...r.by_method].sort((a, b) => a.method.localeCompare(b.method)),
  by_cashier: r.by_cashier
    .map(({ name, invoice_count, sales }) => ({ name, invoice_count, sales }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name))),
  by_day: r.by_day,
});

/** RFC 4180 fields, quotes and all, for reading the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (quoted || (ch !== "," && ch !== "\r")) {
      field += ch;
    } else {
      row.push(field);
      field = "";
      if (ch === "\r") {
        rows.push(row);
        row = [];
        i++;
      }
    }
  }
  return rows;
}

beforeAll(async () => {
  admin = { "content-type": "application/json", ...(await staff("admin")).auth };
  cashier = { "content-type": "application/json", ...(await staff("cashier")).auth };
});

describe("the sales report", () => {
  const sales: Sale[] = [];

  beforeAll(async () => {
    const phone = await product("10.99", "6.35", "sales");
    const cover = await product("25.57", "12.10", "sales");
    const cable = await product("7.45", null, "sales");
    // Sunday night before the window of 7 days: in the 30 days only.
    sales.push(
      await sellAt("2026-03-03T23:50:00", cashier, {
        items: [{ product_id: cover, qty: 1 }],
        payments: [{ method: "card", amount: "25.57" }],
      }),
    );
    // Ten past midnight: the first day of the 7. Discounts on a line and on the cart, change in cash.
    sales.push(
      await sellAt("2026-03-04T00:10:00", admin, {
        customer_phone: randomPhone(),
        customer_name: 'Tan, Ah "Kow"',
        items: [
          { product_id: phone, qty: 3, discount: { kind: "percent", value: "10" } },
          { product_id: cover, qty: 1 },
          { product_id: cable, qty: 2 },
        ],
        discount: { kind: "amount", value: "2.00" },
        payments: [{ method: "cash", amount: "100.00" }],
      }),
    );
    // Labour (no cost) and parts, split between card and cash.
    sales.push(
      await sellAt("2026-03-08T14:00:00", cashier, {
        customer_phone: randomPhone(),
        customer_name: '=HYPERLINK("http://x")',
        items: [
          { description: "Screen repair", unit_price: "180.00", qty: 1, tax_code: "service" },
          { product_id: cover, qty: 2 },
        ],
        payments: [
          { method: "card", amount: "50.00" },
          { method: "cash", amount: "500.00" },
        ],
      }),
    );
    // Issued on the 9th, part-paid by DuitNow on the 10th.
    clock.set(kl("2026-03-09T16:00:00"));
    const later = await json<Sale>(
      post("/api/invoices", cashier, {
        items: [
          { product_id: phone, qty: 1 },
          { product_id: cable, qty: 1 },
        ],
        idempotency_key: key(),
      }),
    );
    clock.set(kl("2026-03-10T09:30:00"));
    await json<Sale>(
      post("/api/payments", cashier, {
        invoice_id: later.id,
        method: "duitnow",
        amount: "10.00",
        idempotency_key: key(),
      }),
    );
    sales.push(later);
    sales.push(
      await sellAt("2026-03-10T09:45:00", cashier, {
        items: [{ product_id: phone, qty: 5 }],
        payments: [{ method: "cash", amount: "1000.00" }],
      }),
    );
    clock.set(kl("2026-03-10T10:00:00"));
    sales.splice(0, sales.length, ...(await Promise.all(sales.map((s) => viewOf(s.id)))));
  });

  it("sums to the sen what the invoices behind each figure hold, for 7 days, 30 days, today and a range", async () => {
    // The sales this test relies on: cash rounding, discounts, SST, a split and a part payment.
    expect(sales.some((s) => s.rounding !== "0.00")).toBe(true);
    expect(sales.some((s) => s.discount_total !== "0.00")).toBe(true);
    expect(sales.every((s) => s.tax_total !== "0.00")).toBe(true);
    expect(sales.some((s) => s.amount_due !== "0.00")).toBe(true);

    const week = await report("period=7d");
    expect(week.period).toEqual({
      from: "2026-03-04",
      to: "2026-03-10",
      days: 7,
      time_zone: "Asia/Kuala_Lumpur",
    });
    expect(week.figures.invoice_count).toBe(4);
    expect(comparable(week)).toEqual(expected(sales, "2026-03-04", "2026-03-10"));

    const month = await report("period=30d");
    expect(month.period).toMatchObject({ from: "2026-02-09", to: "2026-03-10", days: 30 });
    expect(month.figures.invoice_count).toBe(5);
    expect(comparable(month)).toEqual(expected(sales, "2026-02-09", "2026-03-10"));

    const today = await report("period=today");
    expect(today.figures.invoice_count).toBe(1);
    expect(comparable(today)).toEqual(expected(sales, "2026-03-10", "2026-03-10"));
    // The DuitNow part-payment counts on the day it was received, not the day its invoice was issued.
    expect(today.by_method.map((m) => m.method).sort()).toEqual(["cash", "duitnow"]);

    const range = await report("from=2026-03-08&to=2026-03-09");
    expect(comparable(range)).toEqual(expected(sales, "2026-03-08", "2026-03-09"));
    expect(await report("")).toEqual(today);
  });

  it("exports one CSV row per invoice, escaped and guarded against spreadsheet formulas", async () => {
    const response = await api.request("/api/reports/sales.csv?period=7d", { headers: admin });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="sales_2026-03-04_2026-03-10.csv"',
    );
    const [header, ...rows] = parseCsv((await response.text()).replace(/^\uFEFF/, ""));
    expect(header).toEqual([
      "number",
      "kind",
      "date",
      "customer",
      "cashier",
      "subtotal",
      "discount",
      "tax",
      "rounding",
      "total",
      "paid",
      "methods",
    ]);
    const inWeek = sales.filter((s) => klDay(s.issued_at) >= "2026-03-04");
    expect(rows.map((r) => r[0])).toEqual(inWeek.map((s) => s.number));
    for (const [i, s] of inWeek.entries()) {
      const row = rows[i]!;
      expect(row.slice(4, 11)).toEqual([
        s.cashier ?? "",
        s.subtotal,
        s.discount_total,
        s.tax_total,
        s.rounding,
        s.total,
        s.amount_paid,
      ]);
      expect(row[11]).toBe(s.payments.map((p) => `${p.method} ${p.amount}`).join("; "));
    }
    expect(rows[0]![2]).toBe("2026-03-04 00:10");
    expect(rows[0]![3]).toBe('Tan, Ah "Kow"');
    expect(rows[1]![3]).toBe('\'=HYPERLINK("http://x")');
  });

  it("is the owner's: a cashier is refused, and a bad range is a 400 naming it", async () => {
    expect((await api.request("/api/reports/sales?period=7d", { headers: cashier })).status).toBe(403);
    expect((await api.request("/api/reports/sales.csv?period=7d", { headers: cashier })).status).toBe(403);
    for (const query of [
      "period=90d",
      "from=2026-03-09&to=2026-03-08",
      "from=2026-03-09",
      "from=2025-01-01&to=2026-03-01",
    ]) {
      const answer = await api.request(`/api/reports/sales?${query}`, { headers: admin });
      expect(answer.status, query).toBe(400);
      expect(((await answer.json()) as { code: string }).code).toBe("request.invalid");
    }
  });
});

describe("the report's days", () => {
  it("puts a sale at 23:30 and one at 00:30 shop time on two days", async () => {
    const item = await product("12.00", "5.00", "sales");
    const late = await sellAt("2026-01-20T23:30:00", admin, {
      items: [{ product_id: item, qty: 1 }],
      payments: [{ method: "card", amount: "12.00" }],
    });
    const early = await sellAt("2026-01-21T00:30:00", admin, {
      items: [{ product_id: item, qty: 2 }],
      payments: [{ method: "card", amount: "24.00" }],
    });
    // Both are the same UTC day (15:30 and 16:30 on the 20th).
    expect(late.issued_at.slice(0, 10)).toBe(early.issued_at.slice(0, 10));
    const r = await report("from=2026-01-20&to=2026-01-21");
    expect(r.by_day).toEqual([
      { day: "2026-01-20", invoice_count: 1, sales: "12.00", refunds: "0.00", net_sales: "12.00" },
      { day: "2026-01-21", invoice_count: 1, sales: "24.00", refunds: "0.00", net_sales: "24.00" },
    ]);
    expect((await report("from=2026-01-21&to=2026-01-21")).figures.sales).toBe("24.00");
  });
});

describe("refund notes", () => {
  it("subtracts a refund note, stored positive, from sales, tax and margin", async () => {
    const item = await product("20.00", "8.00", "sales");
    const sale = await sellAt("2026-01-05T11:00:00", admin, {
      items: [{ product_id: item, qty: 2 }],
      payments: [{ method: "card", amount: "40.00" }],
    });
    const line = sale.lines[0]!;
    // Another part of the app writes refund notes; here one is written as it stores them.
    const db = await useDb();
    const noteId = crypto.randomUUID();
    await db.execute(sql`
      insert into invoices (id, number, kind, status, original_invoice_id, subtotal, tax_total, total, issued_at)
      values (${noteId}, 'RN-TEST-1', 'refund_note', 'issued', ${sale.id}, '18.18', '1.82', '20.00',
        ${kl("2026-01-06T10:00:00")})`);
    await db.execute(sql`
      insert into invoice_items (id, invoice_id, position, description, qty, unit_price, tax_rate, tax_amount,
        line_total, original_item_id)
      values (${crypto.randomUUID()}, ${noteId}, 1, ${line.description}, 1, '20.00', '10', '1.82', '20.00',
        (select id from invoice_items where invoice_id = ${sale.id} and position = 1))`);
    const r = await report("from=2026-01-05&to=2026-01-06");
    const saleNet = new Big(line.line_total).minus(line.tax_amount);
    expect(r.figures).toMatchObject({
      invoice_count: 1,
      sales: "40.00",
      refund_count: 1,
      refunds: "20.00",
      refund_tax: "1.82",
      net_sales: "20.00",
      net_tax: new Big(sale.tax_total).minus("1.82").toFixed(2),
      // Sold: net − 2 × 8.00; refunded (its cost taken from the original line): 18.18 − 8.00.
      margin: saleNet.minus(16).minus(new Big("18.18").minus(8)).toFixed(2),
      lines_without_cost: 0,
    });
    expect(r.by_day.map((d) => d.net_sales)).toEqual(["40.00", "-20.00"]);
  });
});
