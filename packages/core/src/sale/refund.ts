import { and, asc, eq, gt, inArray, ne } from "drizzle-orm";
import * as z from "zod";
import { useActor } from "../actor";
import { Audit, actorId } from "../audit/index";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { assignNumber, unnumbered } from "../invoice/index";
import { invoiceItemTable, invoiceTable, paymentTable } from "../invoice/invoice.sql";
import { Money } from "../money/index";
import { Product } from "../product/index";
import { productTable } from "../product/product.sql";
import { Queue } from "../queue/index";
import { Settings } from "../settings/index";
import { Shift } from "../shift/index";
import { useClock } from "../util/clock";
import { createId } from "../util/id";
import { existing, IdempotencyKey, Method, once } from "./index";
import { roundCash } from "./pricing";
import type { View } from "./view";

export * as Refund from "./refund";

/*
 * A refund note is its own document (invoices.kind = "refund_note", original_invoice_id set,
 * a number from the invoices' gapless counter). Its lines and totals are POSITIVE, as LHDN's
 * refund note (type 04) carries them: the kind says the money goes back. Its payments are
 * NEGATIVE (money out of the till, refund_of naming the original payment), so summing payments
 * gives the money kept; its amount_paid is the money given back, positive, so its amount_due is 0.
 */

export const RefundLine = z.object({
  /** A line of the original invoice (its `lines[].id`). */
  item_id: z.uuid(),
  qty: z.number().int().min(1).max(9999),
  /** true: the goods go back on the shelf; false: written off (damaged), no stock move. */
  restock: z.boolean(),
});

export const RefundInput = z
  .object({
    lines: z.array(RefundLine).min(1).max(100).optional(),
    /** Everything not refunded yet, instead of lines. */
    all: z.literal(true).optional(),
    /** With `all`: whether the goods go back on the shelf. */
    restock: z.boolean().optional(),
    /** How the money goes back; by default the original's methods, cash last. */
    payments: z
      .array(
        z.object({
          method: Method,
          amount: Money.Price.refine((a) => Money.parse(a).gt(Money.ZERO), "More than zero"),
          reference: z.string().trim().max(120).optional(),
        }),
      )
      .min(1)
      .max(6)
      .optional(),
    reason: z.string().trim().min(1).max(500),
    idempotency_key: IdempotencyKey,
  })
  .refine((r) => Boolean(r.lines) !== Boolean(r.all), { message: "Give lines, or all: true" })
  .refine((r) => !r.all || r.restock !== undefined, {
    message: "Say whether the goods go back on the shelf",
    path: ["restock"],
  })
  .refine((r) => !r.lines || new Set(r.lines.map((l) => l.item_id)).size === r.lines.length, {
    message: "Each line once",
    path: ["lines"],
  });
export type RefundInput = z.input<typeof RefundInput>;

type Item = typeof invoiceItemTable.$inferSelect;
type Back = { qty: number; line_total: Money.Amount; tax: Money.Amount; discount: Money.Amount };

/** Admins always; a cashier only when the settings allow it. */
async function mayRefund() {
  const actor = useActor();
  if (actor.type === "user" && actor.properties.role === "admin") return;
  if (actor.type === "user" && actor.properties.role === "cashier") {
    const { cashier_may_refund } = await Settings.section("pos");
    if (cashier_may_refund) return;
  }
  throw new VisibleError(
    "refund.not_allowed",
    "Only an admin may refund (the settings do not let cashiers).",
  );
}

/** Of `whole`, the share for `qty` of `sold`; the last of a line takes what is left, so shares add up. */
function share(whole: Money.Amount, given: Money.Amount, qty: number, left: number, sold: number) {
  if (qty === left) return whole.minus(given);
  return Money.round(whole.times(Money.of(String(qty))).div(Money.of(String(sold))));
}

/**
 * Refunds an invoice, whole or in part, in one transaction: the refund note and its lines, the
 * money given back (negative payments), the goods restocked or written off, the original's
 * status, the audit rows, and its e-invoice queued when the sale had a valid one. Once per
 * idempotency key. Refused, nothing written: more money than is left paid or more of a line
 * than is left unrefunded (`refund.above_paid`), an unpaid invoice (`refund.not_paid`).
 */
export async function refund(invoiceId: string, input: RefundInput): Promise<View> {
  const parsed = RefundInput.parse(input);
  await mayRefund();
  return once(parsed.idempotency_key, existing, () => make(invoiceId, parsed));
}

async function make(invoiceId: string, input: z.output<typeof RefundInput>): Promise<string> {
  const now = useClock().now();
  const noteId = createId();
  return createTransaction(async (tx) => {
    // Locked: two refunds of one sale at once cannot both give back its last ringgit.
    const [original] = await tx
      .select()
      .from(invoiceTable)
      .where(eq(invoiceTable.id, invoiceId))
      .for("update");
    if (!original || original.deleted_at || original.kind !== "invoice" || original.status === "void")
      throw new VisibleError("invoice.not_found", "No such invoice to refund.");
    // The same key sent twice at once: the second waited on the lock above, and answers the first.
    const first = await existing(input.idempotency_key);
    if (first) return first;
    const paid = Money.parse(original.amount_paid);
    if (paid.lte(Money.ZERO))
      throw new VisibleError(
        "refund.not_paid",
        `Nothing was paid on ${original.number}: there is nothing to give back.`,
      );

    const items = await tx
      .select()
      .from(invoiceItemTable)
      .where(eq(invoiceItemTable.invoice_id, invoiceId))
      .orderBy(asc(invoiceItemTable.position));
    const earlier = await tx
      .select({ id: invoiceTable.id, amount_paid: invoiceTable.amount_paid })
      .from(invoiceTable)
      .where(
        and(
          eq(invoiceTable.original_invoice_id, invoiceId),
          eq(invoiceTable.kind, "refund_note"),
          ne(invoiceTable.status, "void"),
        ),
      );
    const earlierLines = earlier.length
      ? await tx
          .select()
          .from(invoiceItemTable)
          .where(
            inArray(
              invoiceItemTable.invoice_id,
              earlier.map((e) => e.id),
            ),
          )
      : [];
    const back = new Map<string, Back>();
    for (const line of earlierLines) {
      const b = back.get(line.original_item_id!) ?? {
        qty: 0,
        line_total: Money.ZERO,
        tax: Money.ZERO,
        discount: Money.ZERO,
      };
      b.qty += Number(line.qty);
      b.line_total = b.line_total.plus(Money.parse(line.line_total));
      b.tax = b.tax.plus(Money.parse(line.tax_amount));
      b.discount = b.discount.plus(Money.parse(line.discount));
      back.set(line.original_item_id!, b);
    }
    const givenBack = Money.sum(earlier.map((e) => Money.parse(e.amount_paid)));
    const left = paid.minus(givenBack);
    const backOf = (item: Item): Back =>
      back.get(item.id) ?? { qty: 0, line_total: Money.ZERO, tax: Money.ZERO, discount: Money.ZERO };
    const leftOf = (item: Item) => Number(item.qty) - backOf(item).qty;

    const wanted: { item: Item; qty: number; restock: boolean }[] = input.all
      ? items
          .filter((i) => leftOf(i) > 0)
          .map((item) => ({ item, qty: leftOf(item), restock: input.restock! }))
      : input.lines!.map((line) => {
          const item = items.find((i) => i.id === line.item_id);
          if (!item)
            throw new VisibleError("refund.unknown_line", `No line ${line.item_id} on ${original.number}.`, {
              item_id: line.item_id,
            });
          return { item, qty: line.qty, restock: line.restock };
        });
    if (!wanted.length)
      throw new VisibleError("refund.above_paid", `Everything on ${original.number} was refunded already.`, {
        left: Money.text(left),
      });
    for (const { item, qty } of wanted)
      if (qty > leftOf(item))
        throw new VisibleError(
          "refund.above_paid",
          `Line ${item.position} (${item.description}): ${leftOf(item)} of ${Number(item.qty)} left to refund; ${qty} asked for.`,
          {
            item_id: item.id,
            sold: Number(item.qty),
            refunded: backOf(item).qty,
            left: leftOf(item),
            requested: qty,
          },
        );

    const lines = wanted.map(({ item, qty, restock }) => {
      const b = backOf(item);
      const sold = Number(item.qty);
      const lineLeft = leftOf(item);
      const lineTotal = share(Money.parse(item.line_total), b.line_total, qty, lineLeft, sold);
      const tax = share(Money.parse(item.tax_amount), b.tax, qty, lineLeft, sold);
      const discount = share(Money.parse(item.discount), b.discount, qty, lineLeft, sold);
      return { item, qty, restock, lineTotal, tax, discount };
    });
    const total = Money.sum(lines.map((l) => l.lineTotal));
    const taxTotal = Money.sum(lines.map((l) => l.tax));
    const discountTotal = Money.sum(lines.map((l) => l.discount));
    const subtotal = Money.sum(lines.map((l) => l.lineTotal.minus(l.tax).plus(l.discount)));
    const complete = items.every((i) => leftOf(i) === (wanted.find((w) => w.item.id === i.id)?.qty ?? 0));
    // The last refund of a sale gives back all that is left paid: its cash rounding included.
    const amount = complete ? left : total;
    if (amount.gt(left))
      throw new VisibleError(
        "refund.above_paid",
        `${Money.format(amount)} is more than the ${Money.format(left)} left paid on ${original.number}.`,
        {
          amount: Money.text(amount),
          paid: Money.text(paid),
          refunded: Money.text(givenBack),
          left: Money.text(left),
        },
      );

    const outgoing = await payBack(original.id, amount, left, input.payments);
    const given = Money.sum(outgoing.map((o) => o.amount));
    const shiftId = await Shift.currentId();
    const userId = (() => {
      const actor = useActor();
      return actor.type === "user" ? actorId(actor) : null;
    })();
    const einvoice = original.einvoice_status === "valid" && original.einvoice_buyer !== null;
    await tx.insert(invoiceTable).values({
      id: noteId,
      number: unnumbered(noteId),
      kind: "refund_note",
      status: "paid",
      customer_id: original.customer_id,
      ticket_id: original.ticket_id,
      original_invoice_id: original.id,
      currency: original.currency,
      subtotal: Money.text(subtotal),
      discount_total: Money.text(discountTotal),
      tax_total: Money.text(taxTotal),
      total: Money.text(total),
      rounding: Money.text(given.minus(total)),
      prices_include_tax: original.prices_include_tax,
      amount_paid: Money.text(given),
      issued_at: now,
      notes: input.reason,
      created_by: userId,
      shift_id: shiftId,
      idempotency_key: input.idempotency_key,
      ...(einvoice ? { einvoice_status: "pending" as const, einvoice_buyer: original.einvoice_buyer } : {}),
    });
    // Refunds are rare: numbered straight away, the counter locked from here to the commit.
    const number = await assignNumber(noteId, now);
    await tx.insert(invoiceItemTable).values(
      lines.map((l, i) => ({
        invoice_id: noteId,
        product_id: l.item.product_id,
        position: i + 1,
        description: l.item.description,
        qty: String(l.qty),
        unit_price: l.item.unit_price,
        discount: Money.text(l.discount),
        tax_type: l.item.tax_type,
        tax_rate: l.item.tax_rate,
        tax_amount: Money.text(l.tax),
        line_total: Money.text(l.lineTotal),
        unit_cost: l.item.unit_cost,
        original_item_id: l.item.id,
        classification_code: l.item.classification_code,
        unit_code: l.item.unit_code,
      })),
    );
    await tx.insert(paymentTable).values(
      outgoing.map((o, i) => ({
        invoice_id: noteId,
        method: o.method,
        amount: Money.text(Money.ZERO.minus(o.amount)),
        reference: o.reference,
        refund_of: o.refundOf,
        received_at: now,
        received_by: userId,
        shift_id: shiftId,
        idempotency_key: `${input.idempotency_key}:refund:${i + 1}`,
      })),
    );
    const restocked = await restock(
      lines.filter((l) => l.restock),
      noteId,
    );
    const status = complete ? "refunded" : original.status;
    if (status !== original.status)
      await tx.update(invoiceTable).set({ status }).where(eq(invoiceTable.id, original.id));
    const describe = (ls: typeof lines) =>
      ls.map((l) => `${l.qty} × ${l.item.description}`).join(", ") || null;
    await Audit.record({
      entity: "invoice",
      entity_id: noteId,
      action: "refund",
      diff: {
        number: { from: null, to: number },
        original: { from: null, to: original.number },
        total: { from: null, to: Money.text(total) },
        given_back: {
          from: null,
          to: outgoing.map((o) => `${o.method} ${Money.text(o.amount)}`).join(", "),
        },
        reason: { from: null, to: input.reason },
        restocked: { from: null, to: restocked },
        written_off: { from: null, to: describe(lines.filter((l) => !l.restock)) },
      },
    });
    await Audit.record({
      entity: "invoice",
      entity_id: original.id,
      action: "refunded",
      diff: {
        refund_note: { from: null, to: number },
        refunded: { from: Money.text(givenBack), to: Money.text(givenBack.plus(given)) },
        ...(status !== original.status ? { status: { from: original.status, to: status } } : {}),
      },
    });
    // A sale with a valid e-invoice gets a refund note e-invoice (type 04) through the same job.
    if (einvoice) await Queue.send("einvoice", { v: 1, invoice_id: noteId }, { key: `einvoice:${noteId}` });
    return noteId;
  });
}

type Outgoing = {
  method: z.infer<typeof Method>;
  amount: Money.Amount;
  reference?: string;
  refundOf: string | null;
};

/**
 * How the money goes back. Asked for: it must add up to `amount` (a cash part may be the
 * 5-sen-rounded figure). By default: each non-cash method of the original up to what it paid
 * less what went back to it, the rest in cash rounded to 5 sen (Bank Negara's rounding
 * applies to cash given back as to cash taken), never above what is left paid.
 */
async function payBack(
  originalId: string,
  amount: Money.Amount,
  left: Money.Amount,
  asked: z.output<typeof RefundInput>["payments"],
): Promise<Outgoing[]> {
  const paidIn = await useTransaction((tx) =>
    tx
      .select()
      .from(paymentTable)
      // Money in only: an overpayment given back (bill.ts, returnExcess) is counted below, by refund_of.
      .where(
        and(
          eq(paymentTable.invoice_id, originalId),
          ne(paymentTable.status, "void"),
          gt(paymentTable.amount, "0"),
        ),
      )
      .orderBy(asc(paymentTable.received_at)),
  );
  const wentBack = await useTransaction((tx) =>
    tx
      .select({ refund_of: paymentTable.refund_of, amount: paymentTable.amount })
      .from(paymentTable)
      .where(
        inArray(
          paymentTable.refund_of,
          paidIn.map((p) => p.id),
        ),
      ),
  );
  const ofMethod = (method: string) => [...paidIn].reverse().find((p) => p.method === method)?.id ?? null;
  const { cash_rounding } = await Settings.section("pos");
  const cashOf = (part: Money.Amount) => {
    if (!cash_rounding || part.eq(Money.ZERO)) return part;
    const rounded = roundCash(part);
    // Rounding up past what is left paid would give back more than was taken: round down then.
    const room = left.minus(amount.minus(part));
    return rounded.gt(room) ? rounded.minus("0.05") : rounded;
  };
  if (asked) {
    const nonCash = Money.sum(asked.filter((p) => p.method !== "cash").map((p) => Money.parse(p.amount)));
    const cashGiven = Money.sum(asked.filter((p) => p.method === "cash").map((p) => Money.parse(p.amount)));
    const cashWanted = amount.minus(nonCash);
    const hasCash = asked.some((p) => p.method === "cash");
    const fits = hasCash
      ? cashWanted.gt(Money.ZERO) && (cashGiven.eq(cashWanted) || cashGiven.eq(cashOf(cashWanted)))
      : nonCash.eq(amount);
    if (!fits)
      throw new VisibleError(
        "refund.payments_mismatch",
        `The money given back must add up to ${Money.format(amount)}${hasCash && cashWanted.gt(Money.ZERO) ? ` (${Money.format(cashOf(cashWanted))} of it in cash)` : ""}.`,
        { amount: Money.text(amount), ...(hasCash ? { cash: Money.text(cashOf(cashWanted)) } : {}) },
      );
    const merged = new Map<string, Outgoing>();
    for (const p of asked) {
      const before = merged.get(p.method);
      merged.set(p.method, {
        method: p.method,
        amount: (before?.amount ?? Money.ZERO).plus(Money.parse(p.amount)),
        reference: before?.reference ?? p.reference,
        refundOf: ofMethod(p.method),
      });
    }
    return [...merged.values()];
  }
  const available = new Map<string, Money.Amount>();
  for (const p of paidIn) {
    const backToIt = Money.sum(
      wentBack.filter((w) => w.refund_of === p.id).map((w) => Money.ZERO.minus(Money.parse(w.amount))),
    );
    available.set(
      p.method,
      (available.get(p.method) ?? Money.ZERO).plus(Money.parse(p.amount)).minus(backToIt),
    );
  }
  const out: Outgoing[] = [];
  let rest = amount;
  for (const [method, room] of available) {
    if (method === "cash" || rest.lte(Money.ZERO) || room.lte(Money.ZERO)) continue;
    const part = room.lt(rest) ? room : rest;
    out.push({ method: method as Outgoing["method"], amount: part, refundOf: ofMethod(method) });
    rest = rest.minus(part);
  }
  if (rest.gt(Money.ZERO)) {
    const cash = cashOf(rest);
    if (cash.gt(Money.ZERO)) out.push({ method: "cash", amount: cash, refundOf: ofMethod("cash") });
  }
  return out;
}

/** Puts refunded goods back on the shelf (a bundle's components); returns what moved, for the audit. */
async function restock(lines: { item: Item; qty: number }[], noteId: string): Promise<string | null> {
  const ids = [...new Set(lines.flatMap((l) => (l.item.product_id ? [l.item.product_id] : [])))];
  if (!ids.length) return null;
  const products = await useTransaction((tx) =>
    tx.select().from(productTable).where(inArray(productTable.id, ids)),
  );
  const need = new Map<string, number>();
  const add = (id: string, qty: number) => need.set(id, (need.get(id) ?? 0) + qty);
  for (const { item, qty } of lines) {
    const product = products.find((p) => p.id === item.product_id);
    if (!product) continue;
    if (product.kind === "bundle")
      for (const part of product.bundle_items) add(part.product_id, part.qty * qty);
    else add(product.id, qty);
  }
  const moved: string[] = [];
  // In id order, as a sale locks them, so a refund and a sale never wait on each other in a circle.
  for (const [productId, qty] of [...need.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const result = await Product.move({
      productId,
      qty,
      reason: "refund",
      refType: "invoice",
      refId: noteId,
    });
    if (result) moved.push(`${qty} × ${products.find((p) => p.id === productId)?.sku ?? productId}`);
  }
  return moved.join(", ") || null;
}
