import { eq, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { useActor } from "../actor";
import { Audit, actorId } from "../audit/index";
import { createTransaction, rows, useTransaction } from "../db/transaction";
import { Money } from "../money/index";
import { price, printed, TAX_TYPE, type TaxCode } from "../sale/pricing";
import { Settings } from "../settings/index";
import { useClock } from "../util/clock";
import { invoiceCounterTable, invoiceItemTable, invoiceTable, paymentMethod } from "./invoice.sql";

export * as Invoice from "./index";

export type Row = typeof invoiceTable.$inferSelect;
export const Method = z.enum(paymentMethod.enumValues);

/**
 * Numbers an invoice in its own transaction, e.g. INV-2026-000123: counted per year when
 * yearly_reset is on (else one running count), starting from the settings' next_number. One
 * statement takes the next count and writes it on the invoice, so a rollback leaves no gap and
 * two tills never share a number; called last in the transaction, so the counter's row lock
 * is held only until the commit.
 */
export async function assignNumber(invoiceId: string, issuedAt: Date): Promise<string> {
  const { counted, number } = await counter(issuedAt);
  const [row] = await rows<{ number: string }>(sql`
      with counted as (${counted})
      update ${invoiceTable} set number = ${number}
      where ${invoiceTable.id} = ${invoiceId}
      returning ${invoiceTable.number}`);
  if (!row) throw new Error(`No invoice ${invoiceId} to number`);
  return row.number;
}

/**
 * The counter's draw as SQL, for the one statement that also writes the number: `counted` is the
 * body of a CTE named `counted` (it takes the next count, locking the counter's row until the
 * commit), and `number` the invoice number made from it.
 */
export async function counter(issuedAt: Date): Promise<{ counted: SQL; number: SQL }> {
  const { prefix, next_number, padding, yearly_reset } = await Settings.section("invoice_numbering");
  const year = issuedAt.getUTCFullYear();
  return {
    counted: sql`
      insert into ${invoiceCounterTable} (year, last_number) values (${yearly_reset ? year : 0}, ${next_number})
      on conflict (year) do update
        set last_number = greatest(${invoiceCounterTable.last_number} + 1, ${next_number})
      returning last_number`,
    number: sql`${`${prefix}-${year}-`} || lpad((select last_number from counted)::text, ${padding}, '0')`,
  };
}

/** A placeholder unique to the invoice until assignNumber gives it its number, in the same transaction. */
export const unnumbered = (invoiceId: string) => `PENDING-${invoiceId}`;

/** The repair invoice's idempotency key: one invoice per ticket, found again by it. */
export const repairKey = (ticketId: string) => `repair:${ticketId}`;

/**
 * The repair's invoice as a draft, made at the first deposit so the payment has an invoice to
 * belong to. A draft has no lines and takes a placeholder number (DRAFT-T-1042): the gapless
 * counter is only drawn when the invoice is issued at READY. Locked for the caller's transaction.
 */
export async function draftForRepair(input: {
  ticketId: string;
  ticketNumber: number;
  customerId: string;
}): Promise<Row> {
  return useTransaction(async (tx) => {
    await tx
      .insert(invoiceTable)
      .values({
        number: `DRAFT-T-${input.ticketNumber}`,
        kind: "invoice",
        status: "draft",
        customer_id: input.customerId,
        ticket_id: input.ticketId,
        idempotency_key: repairKey(input.ticketId),
      })
      .onConflictDoNothing({ target: invoiceTable.idempotency_key });
    const [row] = await tx
      .select()
      .from(invoiceTable)
      .where(eq(invoiceTable.idempotency_key, repairKey(input.ticketId)))
      .for("update");
    return row!;
  });
}

/** A part used on the repair, at the price it had when it was used. */
export type RepairPart = {
  product_id: string;
  name: string;
  qty: number;
  unit_price: string;
  unit_cost: string | null;
  tax_code: TaxCode;
};

/**
 * The repair's bill: the approved estimate is what the customer agreed to pay, so it is the
 * total and the parts come out of it (labour = estimate − parts, at listed prices). Parts
 * above the estimate are billed in full with no labour line: the customer pays the estimate
 * plus the excess (docs/architecture.md, "The repair's bill").
 */
export function repairLines(estimate: string, parts: RepairPart[]) {
  const partsListed = Money.sum(parts.map((p) => Money.parse(p.unit_price).times(String(p.qty))));
  const rest = Money.parse(estimate).minus(partsListed);
  const labour = rest.gt(Money.ZERO) ? rest : Money.ZERO;
  return { labour, includeLabour: labour.gt(Money.ZERO) || parts.length === 0 };
}

/**
 * Issues the invoice for a repair at READY: a labour line and one line per part, each taxed
 * by its SST code with the settings' rates (inside the price or on top), totals exact to the
 * sen. A draft holding deposits becomes this invoice (its payments count), taking its real
 * number now. Stock is not moved: parts left the shelf when they were used.
 */
export async function issueForRepair(input: {
  ticketId: string;
  ticketNumber: number;
  customerId: string;
  description: string;
  price: string;
  parts: RepairPart[];
}): Promise<Row> {
  const issuedAt = useClock().now();
  const { service_tax_rate, sales_tax_rate, prices_include_tax } = await Settings.section("tax");
  const rates: Record<TaxCode, string> = { sales: sales_tax_rate, service: service_tax_rate, none: "0" };
  const { labour, includeLabour } = repairLines(input.price, input.parts);
  const lines = [
    ...(includeLabour
      ? [
          {
            product_id: null,
            description: input.description,
            qty: 1,
            unit_price: Money.text(labour),
            unit_cost: null,
            tax_code: "service" as TaxCode,
          },
        ]
      : []),
    ...input.parts.map((p) => ({ ...p, description: p.name })),
  ];
  const priced = price({
    inclusive: prices_include_tax,
    lines: lines.map((l) => ({
      qty: l.qty,
      unit_price: Money.parse(l.unit_price),
      tax_rate: rates[l.tax_code],
    })),
  });
  const actor = useActor();
  return createTransaction(async (tx) => {
    const draft = await draftForRepair(input);
    if (draft.status !== "draft") return draft;
    const paid = Money.parse(draft.amount_paid);
    const [invoice] = await tx
      .update(invoiceTable)
      .set({
        status: paid.eq(Money.ZERO) ? "issued" : paid.gte(priced.total) ? "paid" : "partially_paid",
        subtotal: Money.text(priced.subtotal),
        discount_total: Money.text(priced.discount_total),
        tax_total: Money.text(priced.tax_total),
        total: Money.text(priced.total),
        prices_include_tax,
        issued_at: issuedAt,
        created_by: actor.type === "user" ? actorId(actor) : null,
      })
      .where(eq(invoiceTable.id, draft.id))
      .returning();
    await tx.insert(invoiceItemTable).values(
      lines.map((line, i) => {
        const p = priced.lines[i]!;
        const service = line.tax_code === "service";
        return {
          invoice_id: draft.id,
          product_id: line.product_id,
          position: i + 1,
          description: line.description,
          qty: String(line.qty),
          unit_price: line.unit_price,
          discount: Money.text(p.discount_net),
          tax_type: TAX_TYPE[line.tax_code],
          tax_rate: rates[line.tax_code],
          tax_amount: Money.text(p.tax),
          line_total: Money.text(p.total),
          unit_cost: line.unit_cost,
          classification_code: service ? "030" : "022",
          unit_code: service ? "C62" : "H87",
        };
      }),
    );
    // Numbered last, so the counter's row lock is held only until the commit.
    const number = await assignNumber(draft.id, issuedAt);
    await Audit.record({
      entity: "invoice",
      entity_id: draft.id,
      action: "issue",
      diff: {
        number: { from: draft.number, to: number },
        total: { from: null, to: invoice!.total },
        ...(paid.eq(Money.ZERO) ? {} : { deposits: { from: null, to: draft.amount_paid } }),
      },
    });
    return { ...invoice!, number };
  });
}

/** What is left to pay on an invoice: its total with cash rounding, less what was paid (negative: overpaid). */
export const amountDue = (row: Pick<Row, "total" | "rounding" | "amount_paid">) =>
  Money.parse(row.total).plus(Money.parse(row.rounding)).minus(Money.parse(row.amount_paid));

/**
 * What is due and what is owed back, each never negative: deposits above a repair's bill are a
 * refund due to the customer, never shown as a negative balance.
 */
export function balance(row: Pick<Row, "total" | "rounding" | "amount_paid">) {
  const due = amountDue(row);
  return {
    amount_due: Money.text(due.gt(Money.ZERO) ? due : Money.ZERO),
    refund_due: Money.text(due.lt(Money.ZERO) ? Money.ZERO.minus(due) : Money.ZERO),
  };
}

/** The repair's invoice (a draft while only deposits are on it), else the ticket's first. */
export async function forTicket(ticketId: string): Promise<Row | undefined> {
  const [row] = await useTransaction((tx) =>
    tx
      .select()
      .from(invoiceTable)
      .where(eq(invoiceTable.ticket_id, ticketId))
      .orderBy(
        sql`${invoiceTable.idempotency_key} is not distinct from ${repairKey(ticketId)} desc`,
        invoiceTable.created_at,
      )
      .limit(1),
  );
  return row;
}

export async function items(invoiceId: string) {
  return useTransaction((tx) =>
    tx.select().from(invoiceItemTable).where(eq(invoiceItemTable.invoice_id, invoiceId)),
  );
}

/** The API shape, for staff and for the customer's invoice page alike (no internal ids beyond the invoice's). */
export function toPublic(row: Row, lines: Awaited<ReturnType<typeof items>>) {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    currency: row.currency,
    subtotal: row.subtotal,
    /** As printed: listed_subtotal − discount_given (+ tax_total when SST is on top) = total. */
    ...printed(lines, row.prices_include_tax),
    tax_total: row.tax_total,
    total: row.total,
    amount_paid: row.amount_paid,
    /** What is still to pay, and what is owed back, worked out here so no page does money arithmetic. */
    ...balance(row),
    issued_at: row.issued_at?.toISOString() ?? null,
    einvoice_status: row.einvoice_status,
    lines: lines.map((line) => ({
      description: line.description,
      qty: line.qty,
      unit_price: line.unit_price,
      tax_rate: line.tax_rate,
      tax_amount: line.tax_amount,
      line_total: line.line_total,
    })),
  };
}
