import { asc, eq, inArray, sql } from "drizzle-orm";
import * as z from "zod";
import { userTable } from "../auth/auth.sql";
import { customerTable } from "../customer/customer.sql";
import { useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { balance } from "../invoice/index";
import {
  einvoiceStatus,
  invoiceItemTable,
  invoiceKind,
  invoiceStatus,
  invoiceTable,
  paymentMethod,
  paymentTable,
} from "../invoice/invoice.sql";
import { Money } from "../money/index";
import { productTable } from "../product/product.sql";
import { givenOn, printed } from "./pricing";

/**
 * The API shape of a sale (an invoice, or a refund note), for the counter, the receipt and
 * the reports alike: built here from the rows, so no page does money arithmetic.
 */
export const View = z.object({
  id: z.uuid(),
  number: z.string(),
  kind: z.enum(invoiceKind.enumValues),
  status: z.enum(invoiceStatus.enumValues),
  customer: z.object({ id: z.uuid(), name: z.string(), phone: z.string() }).nullable(),
  ticket_id: z.uuid().nullable(),
  original_invoice_id: z.uuid().nullable(),
  currency: z.string(),
  /** Before discounts and before tax. */
  subtotal: Money.Text,
  /**
   * The lines at their listed prices, before discounts: what a document prints as its subtotal,
   * so that listed_subtotal − discount_given (+ tax_total when SST is on top) = total.
   */
  listed_subtotal: Money.Text,
  /** SST is inside the listed prices (shown as included), not added on top. */
  prices_include_tax: z.boolean(),
  /** Discounts before tax (as the e-invoice carries them). */
  discount_total: Money.Text,
  /** Discounts as the customer saw them taken off the listed prices. */
  discount_given: Money.Text,
  tax_total: Money.Text,
  total: Money.Text,
  /** Cash rounding (Bank Negara, to 5 sen) added to or taken from the total. */
  rounding: Money.Text,
  /** total + rounding: what the customer pays in all. */
  payable: Money.Text,
  amount_paid: Money.Text,
  amount_due: Money.Text,
  /** Paid above the bill (a repair's deposits above its total): owed back to the customer. */
  refund_due: Money.Text,
  /** Change handed back in cash, over all payments. */
  change_given: Money.Text,
  issued_at: z.string().nullable(),
  cashier: z.string().nullable(),
  einvoice_status: z.enum(einvoiceStatus.enumValues),
  notes: z.string().nullable(),
  lines: z.array(
    z.object({
      id: z.uuid(),
      product_id: z.uuid().nullable(),
      sku: z.string().nullable(),
      description: z.string(),
      qty: z.string(),
      unit_price: Money.Text,
      /** Taken off this line as listed (its own discount and its share of the cart's). */
      discount: Money.Text,
      tax_type: z.string().nullable(),
      tax_rate: z.string(),
      tax_amount: Money.Text,
      line_total: Money.Text,
    }),
  ),
  /** SST by rate: what was taxed and the tax, as the receipt prints it. */
  tax_breakdown: z.array(
    z.object({ tax_type: z.string(), rate: z.string(), taxable: Money.Text, tax: Money.Text }),
  ),
  payments: z.array(
    z.object({
      id: z.uuid(),
      method: z.enum(paymentMethod.enumValues),
      amount: Money.Text,
      tendered: Money.Text.nullable(),
      change: Money.Text.nullable(),
      reference: z.string().nullable(),
      received_at: z.string(),
    }),
  ),
  /** On an invoice: its refund notes (each links back by original_invoice_id). */
  refunds: z.array(z.object({ id: z.uuid(), number: z.string(), total: Money.Text })),
});
export type View = z.infer<typeof View>;

const t = (text: string) => Money.text(Money.parse(text));
const rate = (text: string) => text.replace(/\.?0+$/, "") || "0";

/** The view of one invoice. */
export async function view(id: string): Promise<View> {
  const [found] = await views([id]);
  if (!found) throw new VisibleError("invoice.not_found", "No such invoice.");
  return found;
}

type Paid = Pick<
  typeof paymentTable.$inferSelect,
  "id" | "method" | "amount" | "tendered" | "change_given" | "reference"
> & { received_at: string };
type Refund = { id: string; number: string; total: string };

/** Views of many invoices (a list page), two queries whatever their number. */
export async function views(ids: string[]): Promise<View[]> {
  if (!ids.length) return [];
  return useTransaction(async (tx) => {
    const [rows, lines] = await Promise.all([
      tx
        .select({
          invoice: invoiceTable,
          customer: customerTable,
          cashier: userTable.name,
          // An invoice's payments and refund notes come with it, amounts as text (never a float).
          payments: sql<Paid[]>`coalesce((
            select json_agg(json_build_object('id', p.id, 'method', p.method, 'amount', p.amount::text,
              'tendered', p.tendered::text, 'change_given', p.change_given::text,
              'reference', p.reference, 'received_at', p.received_at) order by p.received_at, p.id)
            from ${paymentTable} p where p.invoice_id = ${invoiceTable.id}), '[]'::json)`,
          refunds: sql<Refund[]>`coalesce((
            select json_agg(json_build_object('id', r.id, 'number', r.number, 'total', r.total::text)
              order by r.issued_at, r.number)
            from ${invoiceTable} r where r.original_invoice_id = ${invoiceTable.id} and r.kind = 'refund_note'
          ), '[]'::json)`,
        })
        .from(invoiceTable)
        .leftJoin(customerTable, eq(customerTable.id, invoiceTable.customer_id))
        .leftJoin(userTable, eq(userTable.id, invoiceTable.created_by))
        .where(inArray(invoiceTable.id, ids)),
      tx
        .select({ item: invoiceItemTable, sku: productTable.sku })
        .from(invoiceItemTable)
        .leftJoin(productTable, eq(productTable.id, invoiceItemTable.product_id))
        .where(inArray(invoiceItemTable.invoice_id, ids))
        .orderBy(asc(invoiceItemTable.position)),
    ]);
    const byId = new Map(rows.map((r) => [r.invoice.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return [
        build(
          r.invoice,
          r.customer,
          r.cashier,
          lines.filter((l) => l.item.invoice_id === id),
          r.payments,
          r.refunds,
        ),
      ];
    });
  });
}

function build(
  invoice: typeof invoiceTable.$inferSelect,
  customer: typeof customerTable.$inferSelect | null,
  cashier: string | null,
  lines: { item: typeof invoiceItemTable.$inferSelect; sku: string | null }[],
  payments: Paid[],
  refunds: Refund[],
): View {
  const total = Money.parse(invoice.total);
  const payable = total.plus(Money.parse(invoice.rounding));
  const breakdown = new Map<
    string,
    { tax_type: string; rate: string; taxable: Money.Amount; tax: Money.Amount }
  >();
  const viewLines = lines.map(({ item, sku }) => {
    const tax = Money.parse(item.tax_amount);
    const net = Money.parse(item.line_total).minus(tax);
    // Prices listed with tax inside show the discount with tax; listed before tax, without.
    const discount = givenOn(item, invoice.prices_include_tax);
    const key = `${item.tax_type ?? "06"}:${rate(item.tax_rate)}`;
    const entry = breakdown.get(key) ?? {
      tax_type: item.tax_type ?? "06",
      rate: rate(item.tax_rate),
      taxable: Money.ZERO,
      tax: Money.ZERO,
    };
    entry.taxable = entry.taxable.plus(net);
    entry.tax = entry.tax.plus(tax);
    breakdown.set(key, entry);
    return {
      id: item.id,
      product_id: item.product_id,
      sku,
      description: item.description,
      qty: item.qty.replace(/\.?0+$/, "") || "0",
      unit_price: t(item.unit_price),
      discount: Money.text(discount),
      tax_type: item.tax_type,
      tax_rate: rate(item.tax_rate),
      tax_amount: Money.text(tax),
      line_total: t(item.line_total),
    };
  });
  return View.parse({
    id: invoice.id,
    number: invoice.number,
    kind: invoice.kind,
    status: invoice.status,
    customer: customer ? { id: customer.id, name: customer.name, phone: customer.phone } : null,
    ticket_id: invoice.ticket_id,
    original_invoice_id: invoice.original_invoice_id,
    currency: invoice.currency,
    subtotal: t(invoice.subtotal),
    ...printed(
      lines.map(({ item }) => item),
      invoice.prices_include_tax,
    ),
    discount_total: t(invoice.discount_total),
    tax_total: t(invoice.tax_total),
    total: Money.text(total),
    rounding: t(invoice.rounding),
    payable: Money.text(payable),
    amount_paid: t(invoice.amount_paid),
    ...balance(invoice),
    change_given: Money.text(Money.sum(payments.map((p) => Money.parse(p.change_given ?? "0")))),
    issued_at: invoice.issued_at?.toISOString() ?? null,
    cashier,
    einvoice_status: invoice.einvoice_status,
    notes: invoice.notes,
    lines: viewLines,
    tax_breakdown: [...breakdown.values()].map((b) => ({
      tax_type: b.tax_type,
      rate: b.rate,
      taxable: Money.text(b.taxable),
      tax: Money.text(b.tax),
    })),
    payments: payments.map((p) => ({
      id: p.id,
      method: p.method,
      amount: t(p.amount),
      tendered: p.tendered === null ? null : t(p.tendered),
      change: p.change_given === null ? null : t(p.change_given),
      reference: p.reference,
      received_at: new Date(p.received_at).toISOString(),
    })),
    refunds: refunds.map((r) => ({ id: r.id, number: r.number, total: t(r.total) })),
  });
}
