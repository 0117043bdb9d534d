import { and, asc, eq, isNull, sql } from "drizzle-orm";
import * as z from "zod";
import { useActor } from "../actor";
import { Audit, actorId } from "../audit/index";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { Invoice } from "../invoice/index";
import { invoiceTable, paymentTable } from "../invoice/invoice.sql";
import { Money } from "../money/index";
import { Product } from "../product/index";
import { productTable } from "../product/product.sql";
import { IdempotencyKey, PaymentInput, Sale } from "../sale/index";
import { giveBack, type Method, type TaxCode, taxCodeOf } from "../sale/pricing";
import { Settings } from "../settings/index";
import { Shift } from "../shift/index";
import { useClock } from "../util/clock";
import { addEvent, label, type Row } from "./base";
import { workTicketEventTable, workTicketTable } from "./ticket.sql";

/**
 * The repair's bill before READY: parts taken from stock for the ticket, and deposits. Each
 * runs on the locked ticket row, like the lifecycle's steps, so READY (which bills them) sees
 * all of them or waits.
 */

type Tx = Parameters<Parameters<typeof createTransaction>[0]>[0];

/** Locks the ticket; parts change only while it is being worked on (NEW or IN_PROGRESS). */
async function lockOpen(tx: Tx, id: string, action: string): Promise<Row> {
  const [ticket] = await tx.select().from(workTicketTable).where(eq(workTicketTable.id, id)).for("update");
  if (!ticket) throw new VisibleError("ticket.not_found", "No such ticket.");
  if (ticket.status === "READY" || ticket.status === "CLOSED")
    throw new VisibleError(
      "ticket.transition_not_allowed",
      `${label(ticket.number)} is ${ticket.status}; it cannot ${action} now: its invoice is issued.`,
      { status: ticket.status, approval: ticket.approval, allowed: [] },
    );
  await tx
    .update(workTicketTable)
    .set({ version: sql`${workTicketTable.version} + 1` })
    .where(eq(workTicketTable.id, id));
  return ticket;
}

/** What a PART_USED event records: a use (qty > 0), or the return of one (`returns`, qty < 0). */
type PartData = {
  product_id: string;
  name: string;
  sku: string;
  qty: number;
  unit_price: string;
  unit_cost: string | null;
  tax_code: TaxCode;
  returns?: string;
};

export type PartUsed = Omit<PartData, "returns"> & { id: string; note: string | null; created_at: Date };

/** The parts a ticket uses now: each use not returned since, in the order they were used. */
export async function partsUsed(ticketId: string): Promise<PartUsed[]> {
  const events = await useTransaction((tx) =>
    tx
      .select()
      .from(workTicketEventTable)
      .where(and(eq(workTicketEventTable.ticket_id, ticketId), eq(workTicketEventTable.type, "PART_USED")))
      .orderBy(workTicketEventTable.created_at, workTicketEventTable.id),
  );
  const returned = new Set(
    events.flatMap((e) => ((e.data as PartData).returns ? [(e.data as PartData).returns] : [])),
  );
  return events
    .filter((e) => !returned.has(e.id) && (e.data as PartData).qty > 0)
    .map((e) => {
      const { returns: _, ...data } = e.data as PartData;
      return { ...data, id: e.id, note: e.note, created_at: e.created_at };
    });
}

export const PartInput = z.object({
  product_id: z.uuid(),
  qty: z.number().int().min(1).max(999),
  note: z.string().trim().max(500).optional(),
});

/**
 * A part taken from stock for the repair (`stock.insufficient`, naming it, when short). Its
 * price is the catalogue's at this moment, one unit's (wholesale tiers are for sales); READY
 * bills it. Audited.
 */
export async function usePart(ticketId: string, input: z.input<typeof PartInput>): Promise<PartUsed> {
  const { product_id, qty, note } = PartInput.parse(input);
  return createTransaction(async (tx) => {
    const ticket = await lockOpen(tx, ticketId, "use a part");
    const [product] = await tx
      .select()
      .from(productTable)
      .where(
        and(eq(productTable.id, product_id), isNull(productTable.deleted_at), eq(productTable.active, true)),
      );
    if (!product) throw new VisibleError("product.not_found", "No such product.", { product_id });
    if (product.kind === "bundle")
      throw new VisibleError("product.invalid", `${product.name} is a bundle: use its parts one by one.`, {
        product_id,
      });
    await Product.move({
      productId: product.id,
      qty: -qty,
      reason: "repair_use",
      refType: "ticket",
      refId: ticket.id,
    });
    const data: PartData = {
      product_id: product.id,
      name: product.name,
      sku: product.sku,
      qty,
      unit_price: product.price,
      unit_cost: product.cost,
      tax_code: taxCodeOf(product),
    };
    const id = await addEvent(ticket.id, "PART_USED", { note, data });
    await Audit.record({
      entity: "ticket",
      entity_id: ticket.id,
      action: "part_used",
      diff: { part: { from: null, to: `${qty} × ${product.sku} @ ${product.price}` } },
    });
    const [event] = await tx.select().from(workTicketEventTable).where(eq(workTicketEventTable.id, id));
    return { ...data, id, note: note ?? null, created_at: event!.created_at };
  });
}

/** A part put back on the shelf before the invoice is issued: the stock returns, the use is undone. */
export async function returnPart(ticketId: string, partId: string): Promise<void> {
  await createTransaction(async (tx) => {
    const ticket = await lockOpen(tx, ticketId, "return a part");
    const part = (await partsUsed(ticket.id)).find((p) => p.id === partId);
    if (!part)
      throw new VisibleError("ticket.part_not_found", `No such part in use on ${label(ticket.number)}.`);
    await Product.move({
      productId: part.product_id,
      qty: part.qty,
      reason: "repair_use",
      refType: "ticket",
      refId: ticket.id,
      note: "Returned unused",
    });
    const { id: _, note: __, created_at: ___, ...data } = part;
    await addEvent(ticket.id, "PART_USED", { data: { ...data, qty: -part.qty, returns: part.id } });
    await Audit.record({
      entity: "ticket",
      entity_id: ticket.id,
      action: "part_returned",
      diff: { part: { from: `${part.qty} × ${part.sku} @ ${part.unit_price}`, to: null } },
    });
  });
}

export const DepositInput = PaymentInput.extend({ idempotency_key: IdempotencyKey });

/**
 * A deposit before pickup. Before READY it goes onto the repair's draft invoice (made now if
 * need be), no more in all than the agreed estimate; at READY it is a payment toward the
 * issued invoice. Either way it counts toward what is due at pickup.
 */
export async function deposit(ticketId: string, input: z.input<typeof DepositInput>) {
  const { idempotency_key, ...payment } = DepositInput.parse(input);
  return createTransaction(async (tx) => {
    const [ticket] = await tx
      .select()
      .from(workTicketTable)
      .where(eq(workTicketTable.id, ticketId))
      .for("update");
    if (!ticket) throw new VisibleError("ticket.not_found", "No such ticket.");
    const [seen] = await tx
      .select({ invoice_id: paymentTable.invoice_id })
      .from(paymentTable)
      .where(eq(paymentTable.idempotency_key, idempotency_key));
    if (seen) return Sale.view(seen.invoice_id);
    if (ticket.status === "CLOSED")
      throw new VisibleError("ticket.transition_not_allowed", `${label(ticket.number)} is CLOSED.`, {
        status: ticket.status,
        approval: ticket.approval,
        allowed: [],
      });
    const invoice =
      ticket.status === "READY"
        ? await Invoice.forTicket(ticket.id)
        : await Invoice.draftForRepair({
            ticketId: ticket.id,
            ticketNumber: ticket.number,
            customerId: ticket.customer_id,
          });
    if (!invoice) throw new VisibleError("invoice.not_found", "This ticket has no invoice.");
    const view =
      invoice.status === "draft"
        ? await Sale.deposit(
            { invoice_id: invoice.id, ...payment, idempotency_key },
            ticket.price_estimate ?? undefined,
          )
        : await Sale.pay({ invoice_id: invoice.id, ...payment, idempotency_key });
    await addEvent(ticket.id, "PAYMENT", {
      data: { kind: "deposit", method: payment.method, amount: payment.amount, invoice: view.number },
    });
    return view;
  });
}

/**
 * Deposits above the bill (the estimate was lowered after they were taken) are the customer's
 * money: at pickup they go back before the ticket closes, as negative payments on the repair's
 * invoice naming the deposit they return (`refund_of`), in the open drawer's shift. Back to the
 * deposits' own non-cash methods first, the rest in cash rounded to 5 sen (`giveBack`). Not a
 * refund note: nothing billed is taken back, the invoice stays right; only the overpayment
 * goes (docs/data-model.md, "Deposits above the bill"). Runs on the caller's locked ticket.
 */
export async function returnExcess(invoiceId: string, key: string) {
  return createTransaction(async (tx) => {
    const [invoice] = await tx
      .select()
      .from(invoiceTable)
      .where(eq(invoiceTable.id, invoiceId))
      .for("update");
    const excess = Money.ZERO.minus(Invoice.amountDue(invoice!));
    if (excess.lte(Money.ZERO)) return [];
    const paid = await tx
      .select()
      .from(paymentTable)
      .where(eq(paymentTable.invoice_id, invoiceId))
      .orderBy(asc(paymentTable.received_at), asc(paymentTable.id));
    const byMethod = new Map<Method, Money.Amount>();
    for (const p of paid)
      byMethod.set(p.method, (byMethod.get(p.method) ?? Money.ZERO).plus(Money.parse(p.amount)));
    const { cash_rounding } = await Settings.section("pos");
    const { back, rounding } = giveBack(
      excess,
      [...byMethod].map(([method, amount]) => ({ method, amount })),
      cash_rounding,
    );
    const actor = useActor();
    const given = Money.sum(back.map((b) => b.amount));
    if (back.length)
      await tx.insert(paymentTable).values(
        back.map((b, i) => ({
          invoice_id: invoiceId,
          method: b.method,
          amount: Money.text(Money.ZERO.minus(b.amount)),
          refund_of: paid.findLast((p) => p.method === b.method && Money.parse(p.amount).gt(Money.ZERO))?.id,
          received_at: useClock().now(),
          received_by: actor.type === "user" ? actorId(actor) : null,
          shift_id: Shift.openId,
          idempotency_key: `${key}:back:${i + 1}`,
        })),
      );
    const amountPaid = Money.parse(invoice!.amount_paid).minus(given);
    await tx
      .update(invoiceTable)
      .set({
        amount_paid: Money.text(amountPaid),
        rounding: Money.text(Money.parse(invoice!.rounding).plus(rounding)),
      })
      .where(eq(invoiceTable.id, invoiceId));
    await Audit.record({
      entity: "invoice",
      entity_id: invoiceId,
      action: "excess_returned",
      diff: {
        amount_paid: { from: invoice!.amount_paid, to: Money.text(amountPaid) },
        given_back: { from: null, to: back.map((b) => `${b.method} ${Money.text(b.amount)}`).join(", ") },
      },
    });
    return back.map((b) => ({ method: b.method, amount: Money.text(b.amount) }));
  });
}
