import { and, eq, inArray, lte } from "drizzle-orm";
import * as z from "zod";
import { customerTable } from "../customer/customer.sql";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { type QuoteItem, quoteStatus, quoteTable } from "../invoice/invoice.sql";
import { Money } from "../money/index";
import { listedSubtotal } from "../sale/pricing";
import { useClock } from "../util/clock";

export type Row = typeof quoteTable.$inferSelect;

export const Line = z.object({
  product_id: z.uuid().nullable(),
  description: z.string(),
  qty: z.string(),
  unit_price: Money.Text,
  /** Taken off this line as listed: its own discount and its share of the quote's. */
  discount: Money.Text,
  tax_rate: z.string(),
  tax: Money.Text,
  line_total: Money.Text,
});

/** The staff API's shape of a quote. */
export const View = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(quoteStatus.enumValues),
  customer: z.object({ id: z.uuid(), name: z.string(), phone: z.string(), language: z.enum(["en", "ms"]) }),
  ticket_id: z.uuid().nullable(),
  currency: z.string(),
  /** Before discounts and before tax (as an invoice's subtotal). */
  subtotal: Money.Text,
  /** As a sale's: listed_subtotal − discount_given (+ tax_total when SST is on top) = total. */
  listed_subtotal: Money.Text,
  /** SST is inside the listed prices (shown as included), not added on top. */
  prices_include_tax: z.boolean(),
  /** Discounts before tax. */
  discount_total: Money.Text,
  /** Discounts as the customer sees them taken off the listed prices (the lines' discounts summed). */
  discount_given: Money.Text,
  tax_total: Money.Text,
  total: Money.Text,
  notes: z.string().nullable(),
  valid_until: z.string().nullable(),
  sent_at: z.string().nullable(),
  decided_at: z.string().nullable(),
  /** How the customer answered: address, user agent, when, by which channel. */
  decision_evidence: z.record(z.string(), z.unknown()).nullable(),
  invoice_id: z.uuid().nullable(),
  created_at: z.string(),
  lines: z.array(Line),
});
export type View = z.infer<typeof View>;

export const lineOf = (item: QuoteItem): z.infer<typeof Line> => ({
  product_id: item.product_id ?? null,
  description: item.description,
  qty: item.qty,
  unit_price: item.unit_price,
  discount: item.discount_given,
  tax_rate: item.tax_rate ?? "0",
  tax: item.tax,
  line_total: item.total,
});

/** Statuses a quote leaves when its valid-until date passes: the customer had not answered. */
const OPEN = ["draft", "sent"] as const;

/**
 * Marks quotes past their valid-until date as expired, before any read shows them (lazily,
 * so no job has to run on time). `ids` narrows it to the quotes about to be read.
 */
export async function expireDue(ids?: string[]) {
  await createTransaction((tx) =>
    tx
      .update(quoteTable)
      .set({ status: "expired" })
      .where(
        and(
          inArray(quoteTable.status, [...OPEN]),
          lte(quoteTable.valid_until, useClock().now()),
          ids ? inArray(quoteTable.id, ids) : undefined,
        ),
      ),
  );
}

/** Whether a quote's offer has run out (whatever its stored status says yet). */
export const pastValid = (row: Row) =>
  row.status === "expired" || (row.valid_until !== null && row.valid_until <= useClock().now());

/** The quotes' views in the order of `ids`. */
export async function views(ids: string[]): Promise<View[]> {
  if (!ids.length) return [];
  await expireDue(ids);
  const rows = await useTransaction((tx) =>
    tx
      .select({ quote: quoteTable, customer: customerTable })
      .from(quoteTable)
      .innerJoin(customerTable, eq(customerTable.id, quoteTable.customer_id))
      .where(inArray(quoteTable.id, ids)),
  );
  const byId = new Map(rows.map((r) => [r.quote.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { quote, customer } = row;
    const listed = listedSubtotal(quote.items);
    const given = Money.sum(quote.items.map((item) => Money.parse(item.discount_given)));
    return [
      {
        id: quote.id,
        number: quote.number,
        status: quote.status,
        customer: {
          id: customer.id,
          name: customer.name,
          phone: customer.phone,
          language: customer.language,
        },
        ticket_id: quote.ticket_id,
        currency: quote.currency,
        subtotal: quote.subtotal,
        listed_subtotal: Money.text(listed),
        // A quote keeps no flag of its own: its prices held SST inside exactly when its lines
        // less their discounts already make its total (with no SST at all, both read the same).
        prices_include_tax: listed.minus(given).eq(Money.parse(quote.total)),
        discount_total: quote.discount_total,
        discount_given: Money.text(given),
        tax_total: quote.tax_total,
        total: quote.total,
        notes: quote.notes,
        valid_until: quote.valid_until?.toISOString() ?? null,
        sent_at: quote.sent_at?.toISOString() ?? null,
        decided_at: quote.decided_at?.toISOString() ?? null,
        decision_evidence: quote.decision_evidence ?? null,
        invoice_id: quote.invoice_id,
        created_at: quote.created_at.toISOString(),
        lines: quote.items.map(lineOf),
      },
    ];
  });
}

/** One quote's view, or `quote.not_found`. */
export async function view(id: string): Promise<View> {
  const [found] = await views([id]);
  if (!found) throw new VisibleError("quote.not_found", "No such quote.");
  return found;
}
