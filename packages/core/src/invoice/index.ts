import { eq, sql } from "drizzle-orm";
import * as z from "zod";
import { useActor } from "../actor";
import { Audit, actorId } from "../audit/index";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { Money } from "../money/index";
import { Settings } from "../settings/index";
import { useClock } from "../util/clock";
import { createId } from "../util/id";
import {
  invoiceCounterTable,
  invoiceItemTable,
  invoiceTable,
  paymentMethod,
  paymentTable,
} from "./invoice.sql";

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
  const { prefix, next_number, padding, yearly_reset } = await Settings.section("invoice_numbering");
  const year = issuedAt.getUTCFullYear();
  const bucket = yearly_reset ? year : 0;
  const [row] = await useTransaction((tx) =>
    tx.execute<{ number: string }>(sql`
      with counted as (
        insert into ${invoiceCounterTable} (year, last_number) values (${bucket}, ${next_number})
        on conflict (year) do update
          set last_number = greatest(${invoiceCounterTable.last_number} + 1, ${next_number})
        returning last_number
      )
      update ${invoiceTable} set number = ${`${prefix}-${year}-`} || lpad(counted.last_number::text, ${padding}, '0')
      from counted where ${invoiceTable.id} = ${invoiceId}
      returning ${invoiceTable.number}`),
  ).then((result) => rowsOf<{ number: string }>(result));
  if (!row) throw new Error(`No invoice ${invoiceId} to number`);
  return row.number;
}

/** A placeholder unique to the invoice until assignNumber gives it its number, in the same transaction. */
export const unnumbered = (invoiceId: string) => `PENDING-${invoiceId}`;

/** The rows of a raw statement's result, whichever driver ran it (node-postgres and Neon wrap them; PGlite too). */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

/**
 * Issues the invoice for a repair: one line at the agreed price, with service tax as the
 * settings say (inside the price or on top). Totals are exact to the sen.
 */
export async function issueForRepair(input: {
  ticketId: string;
  customerId: string;
  description: string;
  price: string;
}): Promise<Row> {
  const issuedAt = useClock().now();
  const { service_tax_rate, prices_include_tax } = await Settings.section("tax");
  const line = Money.tax(Money.parse(input.price), service_tax_rate, prices_include_tax);
  return createTransaction(async (tx) => {
    const id = createId();
    const [invoice] = await tx
      .insert(invoiceTable)
      .values({
        id,
        number: unnumbered(id),
        kind: "invoice",
        status: "issued",
        customer_id: input.customerId,
        ticket_id: input.ticketId,
        subtotal: Money.text(line.net),
        tax_total: Money.text(line.tax),
        total: Money.text(line.gross),
        prices_include_tax,
        issued_at: issuedAt,
      })
      .returning();
    await tx.insert(invoiceItemTable).values({
      invoice_id: invoice!.id,
      position: 1,
      description: input.description,
      qty: "1",
      unit_price: Money.text(prices_include_tax ? line.gross : line.net),
      tax_type: "02",
      tax_rate: service_tax_rate,
      tax_amount: Money.text(line.tax),
      line_total: Money.text(line.gross),
      classification_code: "030",
      unit_code: "C62",
    });
    const number = await assignNumber(id, issuedAt);
    await Audit.record({
      entity: "invoice",
      entity_id: invoice!.id,
      action: "issue",
      diff: { number: { from: null, to: number }, total: { from: null, to: invoice!.total } },
    });
    return { ...invoice!, number };
  });
}

export const Payment = z.object({
  method: Method,
  amount: Money.Price,
  reference: z.string().trim().max(120).optional(),
});
export type Payment = z.infer<typeof Payment>;

/** Records a payment of exactly what is due and marks the invoice paid. */
export async function pay(invoiceId: string, payment: Payment): Promise<Row> {
  return useTransaction(async (tx) => {
    const [invoice] = await tx
      .select()
      .from(invoiceTable)
      .where(eq(invoiceTable.id, invoiceId))
      .for("update");
    if (!invoice) throw new VisibleError("ticket.not_found", "No invoice for this ticket.");
    const due = Money.parse(invoice.total).minus(Money.parse(invoice.amount_paid));
    if (!Money.parse(payment.amount).eq(due))
      throw new VisibleError("payment.amount_mismatch", `The amount due is ${Money.format(due)}.`, {
        due: Money.text(due),
      });
    const actor = useActor();
    await tx.insert(paymentTable).values({
      invoice_id: invoice.id,
      method: payment.method,
      amount: payment.amount,
      reference: payment.reference,
      received_at: useClock().now(),
      received_by: actor.type === "user" ? actorId(actor) : null,
    });
    const [paid] = await tx
      .update(invoiceTable)
      .set({ status: "paid", amount_paid: invoice.total })
      .where(eq(invoiceTable.id, invoice.id))
      .returning();
    await Audit.record({
      entity: "invoice",
      entity_id: invoice.id,
      action: "paid",
      diff: {
        amount_paid: { from: invoice.amount_paid, to: invoice.total },
        method: { from: null, to: payment.method },
      },
    });
    return paid!;
  });
}

export async function forTicket(ticketId: string): Promise<Row | undefined> {
  const [row] = await useTransaction((tx) =>
    tx.select().from(invoiceTable).where(eq(invoiceTable.ticket_id, ticketId)),
  );
  return row;
}

export async function items(invoiceId: string) {
  return useTransaction((tx) =>
    tx.select().from(invoiceItemTable).where(eq(invoiceItemTable.invoice_id, invoiceId)),
  );
}

/** The API shape, for staff and for the customer's invoice page alike (no internal ids beyond the invoice's). */
export function toPublic(row: Row, lines: Awaited<ReturnType<typeof items>> = []) {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    currency: row.currency,
    subtotal: row.subtotal,
    tax_total: row.tax_total,
    total: row.total,
    amount_paid: row.amount_paid,
    /** What is still to pay, worked out here so no page does money arithmetic. */
    amount_due: Money.text(Money.parse(row.total).minus(Money.parse(row.amount_paid))),
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
