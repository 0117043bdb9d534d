import { type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { rows } from "../db/transaction";
import { paymentMethod } from "../invoice/invoice.sql";
import { Money } from "../money/index";
import { Settings } from "../settings/index";
import { useClock } from "../util/clock";
import { Day } from "../util/dates";
import { fn } from "../util/fn";
import { toCsv } from "./csv";

export * as SalesReport from "./sales";

/**
 * The owner's sales report over whole days in the shop's time zone. Every sum is taken by
 * PostgreSQL in NUMERIC, never in a float.
 *
 * Which documents count: invoices (kind `invoice`) and refund notes (kind `refund_note`)
 * that were issued (not draft, not void) and not deleted, dated by `issued_at`. A refund
 * note's amounts and its lines' quantities are stored POSITIVE, like an invoice's; the report
 * subtracts them (refunds, net sales, net tax, margin). Payments count by `received_at`
 * whatever day their invoice was issued; a refund paid back is a negative payment.
 */
export const PERIODS = ["today", "7d", "30d"] as const;
/** The longest custom range: a year, leap day included. */
export const MAX_DAYS = 366;
const PERIOD_DAYS = { today: 1, "7d": 7, "30d": 30 } as const;

export const Input = z
  .object({
    /** today, or the last 7 or 30 days counting today. The default when no range is given. */
    period: z.enum(PERIODS).optional(),
    /** First and last day of a custom range, both included. */
    from: Day.optional(),
    to: Day.optional(),
  })
  .refine((i) => !(i.period && (i.from || i.to)), { message: "Give a period or from and to, not both" })
  .refine((i) => !i.from === !i.to, { message: "Give both from and to", path: ["to"] })
  .refine((i) => !(i.from && i.to && i.from > i.to), { message: "from is after to", path: ["from"] })
  .refine((i) => !(i.from && i.to && daysBetween(i.from, i.to) > MAX_DAYS), {
    message: `At most ${MAX_DAYS} days`,
    path: ["to"],
  });
export type Input = z.infer<typeof Input>;

const Amount = Money.Text;
const Item = z.object({
  product_id: z.uuid().nullable(),
  sku: z.string().nullable(),
  name: z.string(),
  qty: z.string(),
  /** What customers paid for it: line totals, tax included, after discounts. */
  revenue: Amount,
});

export const Report = z.object({
  period: z.object({ from: z.string(), to: z.string(), days: z.number().int(), time_zone: z.string() }),
  figures: z.object({
    invoice_count: z.number().int(),
    /** Before discounts and before tax. */
    subtotal: Amount,
    /** Discounts before tax (discount_total). */
    discounts: Amount,
    tax: Amount,
    /** Sales: the invoices' totals, tax included, after discounts, before cash rounding. */
    sales: Amount,
    /** Bank Negara's cash rounding, its own line: what customers paid = sales + rounding. */
    rounding: Amount,
    refund_count: z.number().int(),
    /** The refund notes' totals (stored positive), tax included. */
    refunds: Amount,
    refund_tax: Amount,
    /** sales − refunds. */
    net_sales: Amount,
    /** tax − refund_tax. */
    net_tax: Amount,
    /** Σ (line net of tax − unit cost × qty) over lines with a cost; refund lines subtract. */
    margin: Amount,
    lines_with_cost: z.number().int(),
    /** Lines sold (or refunded) without a known cost: left out of the margin. */
    lines_without_cost: z.number().int(),
  }),
  top_items: z.object({ by_qty: z.array(Item), by_revenue: z.array(Item) }),
  by_method: z.array(
    z.object({ method: z.enum(paymentMethod.enumValues), count: z.number().int(), amount: Amount }),
  ),
  by_cashier: z.array(
    z.object({
      user_id: z.uuid().nullable(),
      name: z.string().nullable(),
      invoice_count: z.number().int(),
      sales: Amount,
    }),
  ),
  by_day: z.array(
    z.object({
      day: z.string(),
      invoice_count: z.number().int(),
      sales: Amount,
      refunds: Amount,
      net_sales: Amount,
    }),
  ),
});
export type Report = z.infer<typeof Report>;

const DAY_MS = 86_400_000;
function daysBetween(from: string, to: string) {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
}
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** The calendar day an instant falls on in `timeZone`, "2026-03-10". */
export function dayIn(at: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

/** The first and last day (inclusive) the input names, as the shop's calendar has them now. */
export function range(input: Input, now: Date, timeZone: string) {
  if (input.from && input.to) return { from: input.from, to: input.to };
  const to = dayIn(now, timeZone);
  return { from: addDays(to, 1 - PERIOD_DAYS[input.period ?? "today"]), to };
}

type Window = { from: string; to: string; zone: string; start: SQL; end: SQL };

async function window(input: Input): Promise<Window> {
  const zone = (await Settings.section("shop")).time_zone;
  const { from, to } = range(input, useClock().now(), zone);
  // Midnight in the shop's zone, computed by PostgreSQL so a zone's offset changes are its problem.
  return {
    from,
    to,
    zone,
    start: sql`((${from}::date)::timestamp at time zone ${zone})`,
    end: sql`((${to}::date + 1)::timestamp at time zone ${zone})`,
  };
}

/** The documents in the window: issued invoices and refund notes, alias `i`. */
const counted = (w: Window) =>
  sql`i.kind in ('invoice', 'refund_note') and i.status not in ('draft', 'void') and i.deleted_at is null
    and i.issued_at >= ${w.start} and i.issued_at < ${w.end}`;

const money = (text: string) => Money.text(Money.of(text));
const SALE = sql`i.kind = 'invoice'`;
const REFUND = sql`i.kind = 'refund_note'`;
const total = (column: SQL, where: SQL) => sql`coalesce(sum(${column}) filter (where ${where}), 0)::text`;

/** GET /api/reports/sales: the figures, top items, payment methods, cashiers and days of a period. */
export const sales = fn(Input, async (input): Promise<Report> => {
  const w = await window(input);
  const [figures] = await rows<Record<string, string | number>>(sql`
    select
      count(*) filter (where ${SALE})::int as invoice_count,
      ${total(sql`i.subtotal`, SALE)} as subtotal,
      ${total(sql`i.discount_total`, SALE)} as discounts,
      ${total(sql`i.tax_total`, SALE)} as tax,
      ${total(sql`i.total`, SALE)} as sales,
      ${total(sql`i.rounding`, SALE)} as rounding,
      count(*) filter (where ${REFUND})::int as refund_count,
      ${total(sql`i.total`, REFUND)} as refunds,
      ${total(sql`i.tax_total`, REFUND)} as refund_tax,
      (coalesce(sum(i.total) filter (where ${SALE}), 0)
        - coalesce(sum(i.total) filter (where ${REFUND}), 0))::text as net_sales,
      (coalesce(sum(i.tax_total) filter (where ${SALE}), 0)
        - coalesce(sum(i.tax_total) filter (where ${REFUND}), 0))::text as net_tax
    from invoices i
    where ${counted(w)}`);
  // A refund line without a cost of its own takes its original line's cost.
  const cost = sql`coalesce(l.unit_cost, o.unit_cost)`;
  const [margin] = await rows<{ margin: string; with_cost: number; without_cost: number }>(sql`
    select
      round(coalesce(sum(case when ${SALE} then 1 else -1 end
        * ((l.line_total - l.tax_amount) - ${cost} * l.qty)) filter (where ${cost} is not null), 0), 2)::text as margin,
      count(*) filter (where ${cost} is not null)::int as with_cost,
      count(*) filter (where ${cost} is null)::int as without_cost
    from invoice_items l
    join invoices i on i.id = l.invoice_id
    left join invoice_items o on o.id = l.original_item_id
    where ${counted(w)} and l.deleted_at is null`);
  const items = await rows<{
    product_id: string | null;
    sku: string | null;
    name: string;
    qty: string;
    revenue: string;
    by_qty: number;
    by_revenue: number;
  }>(sql`
    with sold as (
      select l.product_id, max(p.sku) as sku, coalesce(max(p.name), max(l.description)) as name,
        sum(l.qty) as qty, sum(l.line_total) as revenue
      from invoice_items l
      join invoices i on i.id = l.invoice_id
      left join products p on p.id = l.product_id
      where ${counted(w)} and ${SALE} and l.deleted_at is null
      group by l.product_id, case when l.product_id is null then l.description end
    ), ranked as (
      select *, row_number() over (order by qty desc, revenue desc, name)::int as by_qty,
        row_number() over (order by revenue desc, qty desc, name)::int as by_revenue
      from sold
    )
    select product_id, sku, name, trim_scale(qty)::text as qty, revenue::text as revenue, by_qty, by_revenue
    from ranked where by_qty <= 10 or by_revenue <= 10`);
  const methods = await rows<{ method: string; count: number; amount: string }>(sql`
    select method, count(*)::int as count, sum(amount)::text as amount
    from payments
    where status <> 'void' and deleted_at is null and received_at >= ${w.start} and received_at < ${w.end}
    group by method order by method`);
  const cashiers = await rows<{
    user_id: string | null;
    name: string | null;
    invoice_count: number;
    sales: string;
  }>(sql`
    select i.created_by as user_id, u.name, count(*)::int as invoice_count, sum(i.total)::text as sales
    from invoices i left join users u on u.id = i.created_by
    where ${counted(w)} and ${SALE}
    group by i.created_by, u.name order by sum(i.total) desc, u.name`);
  const days = await rows<{
    day: string;
    invoice_count: number;
    sales: string;
    refunds: string;
    net_sales: string;
  }>(sql`
    select to_char(d.day, 'YYYY-MM-DD') as day,
      count(i.id) filter (where ${SALE})::int as invoice_count,
      ${total(sql`i.total`, SALE)} as sales,
      ${total(sql`i.total`, REFUND)} as refunds,
      (coalesce(sum(i.total) filter (where ${SALE}), 0)
        - coalesce(sum(i.total) filter (where ${REFUND}), 0))::text as net_sales
    from generate_series(${w.from}::date, ${w.to}::date, interval '1 day') as d(day)
    left join invoices i on (i.issued_at at time zone ${w.zone})::date = d.day::date and ${counted(w)}
    group by d.day order by d.day`);

  const item = (r: (typeof items)[number]) => ({
    product_id: r.product_id,
    sku: r.sku,
    name: r.name,
    qty: r.qty,
    revenue: money(r.revenue),
  });
  const f = figures!;
  return Report.parse({
    period: { from: w.from, to: w.to, days: daysBetween(w.from, w.to), time_zone: w.zone },
    figures: {
      invoice_count: f.invoice_count,
      ...Object.fromEntries(
        (
          [
            "subtotal",
            "discounts",
            "tax",
            "sales",
            "rounding",
            "refunds",
            "refund_tax",
            "net_sales",
            "net_tax",
          ] as const
        ).map((k) => [k, money(String(f[k]))]),
      ),
      refund_count: f.refund_count,
      margin: money(margin!.margin),
      lines_with_cost: margin!.with_cost,
      lines_without_cost: margin!.without_cost,
    },
    top_items: {
      by_qty: items
        .filter((r) => r.by_qty <= 10)
        .sort((a, b) => a.by_qty - b.by_qty)
        .map(item),
      by_revenue: items
        .filter((r) => r.by_revenue <= 10)
        .sort((a, b) => a.by_revenue - b.by_revenue)
        .map(item),
    },
    by_method: methods.map((m) => ({ ...m, amount: money(m.amount) })),
    by_cashier: cashiers.map((c) => ({ ...c, sales: money(c.sales) })),
    by_day: days.map((d) => ({
      ...d,
      sales: money(d.sales),
      refunds: money(d.refunds),
      net_sales: money(d.net_sales),
    })),
  });
});

export const CSV_HEADER = [
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
] as const;

/**
 * GET /api/reports/sales.csv: one row per invoice and refund note of the period, oldest first,
 * amounts as stored (a refund note's positive; its `kind` column tells it apart).
 */
export const csv = fn(Input, async (input): Promise<{ fileName: string; body: string }> => {
  const w = await window(input);
  const found = await rows<Record<(typeof CSV_HEADER)[number], string | null>>(sql`
    select i.number, i.kind::text as kind,
      to_char(i.issued_at at time zone ${w.zone}, 'YYYY-MM-DD HH24:MI') as date,
      c.name as customer, u.name as cashier,
      i.subtotal::text as subtotal, i.discount_total::text as discount, i.tax_total::text as tax,
      i.rounding::text as rounding, i.total::text as total, i.amount_paid::text as paid,
      (select string_agg(p.method::text || ' ' || p.amount::text, '; ' order by p.received_at, p.id)
        from payments p where p.invoice_id = i.id and p.status <> 'void' and p.deleted_at is null) as methods
    from invoices i
    left join customers c on c.id = i.customer_id
    left join users u on u.id = i.created_by
    where ${counted(w)}
    order by i.issued_at, i.number`);
  const body = toCsv(
    CSV_HEADER,
    found.map((r) => CSV_HEADER.map((k) => r[k])),
  );
  return { fileName: `sales_${w.from}_${w.to}.csv`, body };
});
