import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import * as z from "zod";
import { useActor } from "../actor";
import { auditLogTable } from "../audit/audit.sql";
import { Audit, actorId } from "../audit/index";
import { customerTable } from "../customer/customer.sql";
import { uniqueViolation } from "../db/errors";
import { createTransaction, rows, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { counter } from "../invoice/index";
import { invoiceItemTable, invoiceTable, paymentMethod, paymentTable } from "../invoice/invoice.sql";
import { Money } from "../money/index";
import { Product } from "../product/index";
import { productTable } from "../product/product.sql";
import { Settings } from "../settings/index";
import { Shift } from "../shift/index";
import { workTicketTable } from "../ticket/ticket.sql";
import { useClock } from "../util/clock";
import { createId } from "../util/id";
import { Phone } from "../util/phone";
import { consentAtCounter, sendReceipt } from "./notify";
import {
  Discount,
  discountPercent,
  PaymentError,
  type Priced,
  price,
  settle,
  TAX_TYPE,
  type TaxCode,
  taxCodeOf,
} from "./pricing";
import { View, view, views } from "./view";

export * as Sale from "./index";
export { Discount, View, view, views };

export const Method = z.enum(paymentMethod.enumValues);

/** A client-made key (a UUID, say) that makes a retried request return the first result. */
export const IdempotencyKey = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_:.-]+$/, "Letters, digits and _ : . -");

export const ItemInput = z
  .object({
    product_id: z.uuid().optional(),
    /** A line that is not in the catalogue (labour, a one-off part): description and price required. */
    description: z.string().trim().min(1).max(200).optional(),
    qty: z.number().int().min(1).max(9999),
    unit_price: Money.Price.optional(),
    discount: Discount.optional(),
    /** For a line not in the catalogue: which SST applies (default service, as labour). */
    tax_code: Product.TaxCode.optional(),
  })
  .refine((i) => i.product_id || (i.description && i.unit_price !== undefined), {
    message: "Name a product_id, or give a description and unit_price",
  })
  .refine((i) => !(i.product_id && i.unit_price !== undefined), {
    message: "A catalogue item's price comes from the catalogue: give a discount instead",
    path: ["unit_price"],
  });
export type ItemInput = z.infer<typeof ItemInput>;

export const PaymentInput = z.object({
  method: Method,
  /** Toward the bill; in cash, what was handed over (any excess is change). */
  // A pattern, not a parse: zod runs refinements even after the format check failed.
  amount: Money.Price.refine((a) => !/^0*(\.0*)?$/.test(a), "More than zero"),
  reference: z.string().trim().max(120).optional(),
});

export const Approval = z.object({ email: z.email().max(254), password: z.string().min(1).max(1024) });

const saleFields = {
  customer_id: z.uuid().optional(),
  customer_phone: Phone.optional(),
  /** For a new customer found by phone: their name (else the phone stands in). */
  customer_name: z.string().trim().min(1).max(120).optional(),
  /**
   * The customer said yes at the counter to WhatsApp messages (notify.ts, COUNTER_CONSENT_TEXT):
   * recorded only while their consent is unknown. A customer who opted in gets the receipt by WhatsApp.
   */
  whatsapp_consent: z.boolean().optional(),
  ticket_id: z.uuid().optional(),
  items: z.array(ItemInput).min(1).max(100),
  discount: Discount.optional(),
  /** An admin's email and password when the discount is above the cashier's limit. */
  approval: Approval.optional(),
  notes: z.string().trim().max(1000).optional(),
  idempotency_key: IdempotencyKey,
};
export const IssueInput = z.object(saleFields).refine((s) => !(s.customer_id && s.customer_phone), {
  message: "Give customer_id or customer_phone, not both",
});
export const CheckoutInput = z
  .object({ ...saleFields, payments: z.array(PaymentInput).min(1).max(6) })
  .refine((s) => !(s.customer_id && s.customer_phone), {
    message: "Give customer_id or customer_phone, not both",
  });
export const PayInput = z.object({
  invoice_id: z.uuid(),
  ...PaymentInput.shape,
  idempotency_key: IdempotencyKey,
});

type Line = {
  product: typeof productTable.$inferSelect | undefined;
  input: ItemInput;
  unit_price: string;
  tax_code: TaxCode;
};

/** The invoice (or refund note) made with an idempotency key, if any. */
export async function existing(key: string) {
  const [row] = await useTransaction((tx) =>
    tx.select({ id: invoiceTable.id }).from(invoiceTable).where(eq(invoiceTable.idempotency_key, key)),
  );
  return row?.id;
}

/**
 * Runs a sale or a payment once per idempotency key: a key seen before answers the first
 * result; two requests with one key at the same moment meet at the unique index, and the
 * loser answers the winner's result.
 */
export async function once(
  key: string,
  find: (key: string) => Promise<string | undefined>,
  run: () => Promise<string>,
) {
  const seen = await find(key);
  if (seen) return view(seen);
  try {
    return view(await run());
  } catch (error) {
    if (!uniqueViolation(error)?.includes("idempotency")) throw error;
    const first = await find(key);
    if (!first) throw error;
    return view(first);
  }
}

/** The catalogue rows a cart names, with bundles' components; unknown or inactive ones refused. */
async function resolve(
  items: ItemInput[],
): Promise<{ lines: Line[]; byId: Map<string, typeof productTable.$inferSelect> }> {
  const ids = [...new Set(items.flatMap((i) => (i.product_id ? [i.product_id] : [])))];
  const rows = ids.length
    ? await useTransaction((tx) =>
        tx
          .select()
          .from(productTable)
          .where(
            and(
              inArray(productTable.id, ids),
              isNull(productTable.deleted_at),
              eq(productTable.active, true),
            ),
          ),
      )
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const parts = [...new Set(rows.flatMap((r) => r.bundle_items.map((b) => b.product_id)))].filter(
    (id) => !byId.has(id),
  );
  if (parts.length)
    for (const part of await useTransaction((tx) =>
      tx.select().from(productTable).where(inArray(productTable.id, parts)),
    ))
      byId.set(part.id, part);
  const lines = items.map((input, index): Line => {
    if (!input.product_id)
      return {
        product: undefined,
        input,
        unit_price: input.unit_price!,
        tax_code: input.tax_code ?? "service",
      };
    const product = byId.get(input.product_id);
    if (!product || !rows.includes(product))
      throw new VisibleError(
        "sale.unknown_product",
        `Line ${index + 1}: no product ${input.product_id} is for sale.`,
        {
          line: index + 1,
          product_id: input.product_id,
        },
      );
    return {
      product,
      input,
      unit_price: Product.unitPriceFor(product, input.qty),
      tax_code: taxCodeOf(product),
    };
  });
  return { lines, byId };
}

/** What each stocked product loses to the cart, bundles counted as their components. */
function demand(lines: Line[], byId: Map<string, typeof productTable.$inferSelect>) {
  const need = new Map<string, number>();
  const add = (id: string, qty: number) => need.set(id, (need.get(id) ?? 0) + qty);
  for (const { product, input } of lines) {
    if (!product) continue;
    if (product.kind === "bundle")
      for (const part of product.bundle_items) add(part.product_id, part.qty * input.qty);
    else add(product.id, input.qty);
  }
  // Locked in one order, so two carts sharing items never wait on each other in a circle.
  return [...need.entries()].filter(([id]) => byId.get(id)?.track_stock).sort(([a], [b]) => (a < b ? -1 : 1));
}

/** The cashier's limit: above it, an admin's approval on the same screen. */
export async function checkDiscount(priced: Priced, approval: z.infer<typeof Approval> | undefined) {
  if (priced.discount_given.eq(Money.ZERO)) return undefined;
  const actor = useActor();
  if (actor.type === "user" && actor.properties.role === "admin") return undefined;
  const { cashier_max_discount_percent } = await Settings.section("pos");
  const percent = discountPercent(priced);
  if (percent.lte(Money.of(cashier_max_discount_percent))) return undefined;
  if (!approval)
    throw new VisibleError(
      "sale.discount_needs_approval",
      `A discount of ${percent.round(1).toString()}% is above the ${cashier_max_discount_percent}% a cashier may give: an admin must approve it.`,
      { limit_percent: cashier_max_discount_percent, percent: percent.round(2).toFixed(2) },
    );
  // Loaded only when needed: the password hasher stays out of the counter's cold start.
  const { confirmAdmin } = await import("../auth/login");
  return confirmAdmin(approval);
}

/** The customer a sale is for: named, found or made by phone, or the ticket's own customer. */
export async function findCustomer(input: {
  customer_id?: string;
  customer_phone?: string;
  customer_name?: string;
  ticket_id?: string;
}): Promise<string | null> {
  if (input.ticket_id) {
    const [ticket] = await useTransaction((tx) =>
      tx
        .select({ customer_id: workTicketTable.customer_id })
        .from(workTicketTable)
        .where(eq(workTicketTable.id, input.ticket_id!)),
    );
    if (!ticket) throw new VisibleError("ticket.not_found", "No such ticket.");
    if (!input.customer_id && !input.customer_phone) return ticket.customer_id;
  }
  if (input.customer_id) {
    const [row] = await useTransaction((tx) =>
      tx.select({ id: customerTable.id }).from(customerTable).where(eq(customerTable.id, input.customer_id!)),
    );
    if (!row) throw new VisibleError("customer.not_found", "No such customer.");
    return row.id;
  }
  if (!input.customer_phone) return null;
  const phone = input.customer_phone;
  return useTransaction(async (tx) => {
    await tx
      .insert(customerTable)
      .values({ phone, name: input.customer_name ?? phone })
      .onConflictDoNothing({ target: customerTable.phone });
    const [row] = await tx
      .select({ id: customerTable.id, merged_into_id: customerTable.merged_into_id })
      .from(customerTable)
      .where(eq(customerTable.phone, phone));
    // A duplicate merged away keeps its phone; the sale goes to the customer it became.
    return row!.merged_into_id ?? row!.id;
  });
}

const cashierId = () => {
  const actor = useActor();
  return actor.type === "user" ? actorId(actor) : null;
};

/**
 * Issues an invoice in one transaction: prices and discounts checked, the customer found or
 * made by phone, stock moved (a stocked item never goes below zero: `stock.insufficient`
 * names it), the number taken from the gapless counter, the audit row. With `payments`, they
 * are applied in the same transaction (checkout).
 */
async function sell(
  input: z.infer<typeof IssueInput> & { payments?: z.infer<typeof PaymentInput>[] },
  quoted?: Quoted,
): Promise<string> {
  const { inclusive, rates, lines, byId, priced } = await priceCart(input.items, input.discount, quoted);
  // A quote's discount was approved when the quote was made.
  const approvedBy = quoted ? undefined : await checkDiscount(priced, input.approval);
  const now = useClock().now();
  const invoiceId = createId();
  const total = Money.text(priced.total);
  // Payments are settled before anything is locked: one above the bill is refused at once.
  const paid = input.payments?.length
    ? await settlement(
        { id: invoiceId, total, rounding: "0.00", amount_paid: "0.00", status: "issued" },
        input.payments,
        `${input.idempotency_key}:pay`,
      )
    : undefined;
  return createTransaction(async (tx) => {
    const customerId = await findCustomer(input);
    if (customerId && input.whatsapp_consent) await consentAtCounter(customerId);
    await Product.moveMany(
      demand(lines, byId).map(([productId, qty]) => ({
        productId,
        qty: -qty,
        reason: "sale" as const,
        refType: "invoice",
        refId: invoiceId,
      })),
    );
    const { counted, number } = await counter(now);
    const issued = tx
      .insert(invoiceTable)
      .values({
        id: invoiceId,
        number,
        kind: "invoice",
        status: "issued",
        customer_id: customerId,
        ticket_id: input.ticket_id,
        subtotal: Money.text(priced.subtotal),
        discount_total: Money.text(priced.discount_total),
        tax_total: Money.text(priced.tax_total),
        total,
        prices_include_tax: inclusive,
        issued_at: now,
        notes: input.notes,
        created_by: cashierId(),
        shift_id: Shift.openId,
        idempotency_key: input.idempotency_key,
        ...paid?.invoice,
      })
      .returning({ number: invoiceTable.number });
    const items = tx.insert(invoiceItemTable).values(
      lines.map((line, i) => {
        const p = priced.lines[i]!;
        return {
          invoice_id: invoiceId,
          product_id: line.product?.id ?? null,
          position: i + 1,
          description: line.input.description ?? line.product!.name,
          qty: String(line.input.qty),
          unit_price: line.unit_price,
          discount: Money.text(p.discount_net),
          tax_type: TAX_TYPE[line.tax_code],
          tax_rate: rates[line.tax_code],
          tax_amount: Money.text(p.tax),
          line_total: Money.text(p.total),
          unit_cost: line.product?.cost ?? null,
          classification_code: line.tax_code === "service" ? "030" : "022",
          unit_code: line.tax_code === "service" ? "C62" : "H87",
        };
      }),
    );
    const diff: Audit.Diff = {
      total: { from: null, to: total },
      ...(priced.discount_given.gt(Money.ZERO)
        ? { discount: { from: null, to: Money.text(priced.discount_given) } }
        : {}),
      ...(approvedBy ? { discount_approved_by: { from: null, to: approvedBy } } : {}),
    };
    const audit = tx.insert(auditLogTable).values([
      ...(paid ? [Audit.entry(paid.audit)] : []),
      Audit.entry({
        entity: "invoice",
        entity_id: invoiceId,
        action: "issue",
        diff: sql`${JSON.stringify(diff)}::jsonb || jsonb_build_object('number',
          jsonb_build_object('from', null, 'to', (select number from issued)))`,
      }),
    ]);
    // One statement writes the sale: the number drawn from the gapless counter (its row lock is
    // held from here to the commit), the invoice, its lines, its payments and the audit rows.
    const [row] = await rows<{ number: string }>(sql`
      with counted as (${counted}),
        issued as (${issued.getSQL()}),
        items as (${items.getSQL()}),
        ${paid ? sql`payments as (${tx.insert(paymentTable).values(paid.payments).getSQL()}),` : sql``}
        audit as (${audit.getSQL()})
      select number from issued`);
    await sendReceipt({ id: invoiceId, number: row!.number, total, customer_id: customerId });
    return invoiceId;
  });
}

/**
 * What a quote fixed: per line, the unit price that holds for a catalogue item whatever the
 * catalogue says now (undefined: the catalogue's). Internal: no API input carries it.
 */
export type Quoted = { unit_prices: (string | undefined)[] };

/**
 * Prices a cart exactly as a sale does (catalogue prices and tiers, SST codes and rates from
 * the settings, line then cart discounts), with `quoted` unit prices where given. Quotes are
 * priced by it too, so a quote and the sale it becomes add up the same way.
 */
export async function priceCart(items: ItemInput[], discount: Discount | undefined, quoted?: Quoted) {
  const { inclusive, rates } = await taxRates();
  const { lines, byId } = await resolve(items);
  for (const [i, line] of lines.entries()) {
    const unitPrice = quoted?.unit_prices[i];
    if (unitPrice !== undefined) line.unit_price = unitPrice;
  }
  try {
    const priced = price({
      inclusive,
      discount,
      lines: lines.map((l) => ({
        qty: l.input.qty,
        unit_price: Money.parse(l.unit_price),
        discount: l.input.discount,
        tax_rate: rates[l.tax_code],
      })),
    });
    return { inclusive, rates, lines, byId, priced };
  } catch (error) {
    if (error instanceof RangeError) throw new VisibleError("sale.invalid", error.message);
    throw error;
  }
}

async function taxRates() {
  const { sales_tax_rate, service_tax_rate, prices_include_tax } = await Settings.section("tax");
  return {
    inclusive: prices_include_tax,
    rates: { sales: sales_tax_rate, service: service_tax_rate, none: "0" } satisfies Record<TaxCode, string>,
  };
}

/** POST /api/invoices: issue an invoice to be paid now or later. */
export async function issue(input: z.input<typeof IssueInput>): Promise<View> {
  const parsed = IssueInput.parse(input);
  return once(parsed.idempotency_key, existing, () => sell(parsed));
}

/**
 * A quote becoming an invoice: its lines at the quoted unit prices, its discounts as already
 * approved, stock moved as any sale. Not an API input: quote conversion (core/src/quote) only.
 */
export async function issueQuoted(input: z.input<typeof IssueInput>, quoted: Quoted): Promise<View> {
  const parsed = IssueInput.parse(input);
  return once(parsed.idempotency_key, existing, () => sell(parsed, quoted));
}

/** POST /api/checkout: the counter's sale and its payments in one transaction. */
export async function checkout(input: z.input<typeof CheckoutInput>): Promise<View> {
  const parsed = CheckoutInput.parse(input);
  return once(parsed.idempotency_key, existing, () => sell(parsed));
}

type Payable = Pick<typeof invoiceTable.$inferSelect, "id" | "total" | "rounding" | "amount_paid" | "status">;

/**
 * What payments do to an invoice: card, FPX, DuitNow and transfers to the sen, cash last and
 * rounded to 5 sen when it settles the bill (the difference is the invoice's rounding), change
 * only in cash. A payment above the balance is refused. Answers the payment rows, the invoice's
 * new figures and the audit entry, for the caller to write.
 */
async function settlement(invoice: Payable, payments: z.infer<typeof PaymentInput>[], key: string) {
  const { cash_rounding } = await Settings.section("pos");
  const paid = Money.parse(invoice.amount_paid);
  const due = Money.parse(invoice.total).plus(Money.parse(invoice.rounding)).minus(paid);
  let settled: ReturnType<typeof settle>;
  try {
    settled = settle(
      due,
      payments.map((p) => ({ method: p.method, amount: Money.parse(p.amount) })),
      cash_rounding,
    );
  } catch (error) {
    if (!(error instanceof PaymentError)) throw error;
    throw new VisibleError(
      error.reason === "above_balance" ? "payment.above_balance" : "payment.nothing_due",
      error.message,
      error.details,
    );
  }
  const now = useClock().now();
  const references = new Map(payments.map((p) => [p.method, p.reference]));
  const amountPaid = Money.text(paid.plus(Money.sum(settled.applied.map((a) => a.amount))));
  const rounding = Money.parse(invoice.rounding).plus(settled.rounding);
  const status = settled.balance.eq(Money.ZERO) ? ("paid" as const) : ("partially_paid" as const);
  return {
    settled,
    payments: settled.applied.map((a, i) => ({
      invoice_id: invoice.id,
      method: a.method,
      amount: Money.text(a.amount),
      tendered: a.tendered ? Money.text(a.tendered) : null,
      change_given: a.change ? Money.text(a.change) : null,
      reference: references.get(a.method),
      received_at: now,
      received_by: cashierId(),
      shift_id: Shift.openId,
      idempotency_key: settled.applied.length === 1 ? key : `${key}:${i + 1}`,
    })),
    invoice: { amount_paid: amountPaid, rounding: Money.text(rounding), status },
    audit: {
      entity: "invoice",
      entity_id: invoice.id,
      action: "payment",
      diff: {
        amount_paid: { from: invoice.amount_paid, to: amountPaid },
        status: { from: invoice.status, to: status },
        methods: {
          from: null,
          to: settled.applied.map((a) => `${a.method} ${Money.text(a.amount)}`).join(", "),
        },
        ...(settled.rounding.eq(Money.ZERO)
          ? {}
          : { rounding: { from: invoice.rounding, to: Money.text(rounding) } }),
      },
    },
  };
}

/** Applies payments (see settlement) to a locked invoice; a refused one writes nothing. */
async function applyPayments(invoice: Payable, payments: z.infer<typeof PaymentInput>[], key: string) {
  return createTransaction(async (tx) => {
    const paid = await settlement(invoice, payments, key);
    await tx.insert(paymentTable).values(paid.payments);
    await tx.update(invoiceTable).set(paid.invoice).where(eq(invoiceTable.id, invoice.id));
    await Audit.record(paid.audit);
    return paid.settled;
  });
}

async function paymentKey(key: string) {
  const [row] = await useTransaction((tx) =>
    tx
      .select({ id: paymentTable.invoice_id })
      .from(paymentTable)
      .where(eq(paymentTable.idempotency_key, key)),
  );
  return row?.id;
}

/** POST /api/payments: a payment toward an invoice (a deposit, a balance, one part of a split). */
export async function pay(input: z.input<typeof PayInput>): Promise<View> {
  const { invoice_id, idempotency_key, ...payment } = PayInput.parse(input);
  return once(idempotency_key, paymentKey, () =>
    createTransaction(async (tx) => {
      const [invoice] = await tx
        .select()
        .from(invoiceTable)
        .where(eq(invoiceTable.id, invoice_id))
        .for("update");
      if (invoice?.kind !== "invoice" || invoice.status === "void" || invoice.status === "draft")
        throw new VisibleError("invoice.not_found", "No such invoice to pay.");
      await applyPayments(invoice, [payment], idempotency_key);
      return invoice_id;
    }),
  );
}

/**
 * Payments toward a ticket's invoice at pickup (split, cash rounding, change), in the
 * caller's transaction; the key names the payments so a retry is not paid twice.
 */
export async function payInvoice(invoiceId: string, payments: z.infer<typeof PaymentInput>[], key: string) {
  return createTransaction(async (tx) => {
    const [invoice] = await tx
      .select()
      .from(invoiceTable)
      .where(eq(invoiceTable.id, invoiceId))
      .for("update");
    if (invoice?.kind !== "invoice" || invoice.status === "void" || invoice.status === "draft")
      throw new VisibleError("invoice.not_found", "No such invoice to pay.");
    return applyPayments(invoice, payments, key);
  });
}

/**
 * A deposit onto a repair's draft invoice, before its total is known: taken as given (no
 * cash rounding or change; that is settled at pickup), never above `cap` in all (the agreed
 * estimate, when there is one). Only a draft takes a deposit; other invoices go through `pay`.
 */
export async function deposit(input: z.input<typeof PayInput>, cap?: string): Promise<View> {
  const { invoice_id, idempotency_key, ...payment } = PayInput.parse(input);
  return once(idempotency_key, paymentKey, () =>
    createTransaction(async (tx) => {
      const [invoice] = await tx
        .select()
        .from(invoiceTable)
        .where(eq(invoiceTable.id, invoice_id))
        .for("update");
      if (invoice?.status !== "draft")
        throw new VisibleError("invoice.not_found", "No draft to put a deposit on.");
      const paid = Money.parse(invoice.amount_paid).plus(Money.parse(payment.amount));
      if (cap !== undefined && paid.gt(Money.parse(cap)))
        throw new VisibleError(
          "payment.above_balance",
          `Deposits of ${Money.format(paid)} would be more than the ${Money.format(cap)} estimate.`,
          {
            amount: payment.amount,
            balance: Money.text(Money.parse(cap).minus(Money.parse(invoice.amount_paid))),
          },
        );
      await tx.insert(paymentTable).values({
        invoice_id,
        method: payment.method,
        amount: payment.amount,
        tendered: payment.method === "cash" ? payment.amount : null,
        change_given: payment.method === "cash" ? "0.00" : null,
        reference: payment.reference,
        received_at: useClock().now(),
        received_by: cashierId(),
        shift_id: Shift.openId,
        idempotency_key,
      });
      await tx
        .update(invoiceTable)
        .set({ amount_paid: Money.text(paid) })
        .where(eq(invoiceTable.id, invoice_id));
      await Audit.record({
        entity: "invoice",
        entity_id: invoice_id,
        action: "deposit",
        diff: {
          amount_paid: { from: invoice.amount_paid, to: Money.text(paid) },
          methods: { from: null, to: `${payment.method} ${payment.amount}` },
        },
      });
      return invoice_id;
    }),
  );
}

export const ListInput = z.object({
  /** The invoice number, or part of it. */
  q: z.string().trim().max(40).default(""),
  customer_id: z.uuid().optional(),
  status: z.enum(["issued", "partially_paid", "paid", "refunded", "void"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

/** The latest invoices, newest first. */
export async function list(input: z.input<typeof ListInput>): Promise<View[]> {
  const { q, customer_id, status, limit } = ListInput.parse(input);
  const rows = await useTransaction((tx) =>
    tx
      .select({ id: invoiceTable.id })
      .from(invoiceTable)
      .where(
        and(
          isNull(invoiceTable.deleted_at),
          // A repair's draft holds deposits only; it is listed once it is issued at READY.
          ne(invoiceTable.status, "draft"),
          q ? sql`${invoiceTable.number} ilike ${`%${q.replace(/[\\%_]/g, "\\$&")}%`}` : undefined,
          customer_id ? eq(invoiceTable.customer_id, customer_id) : undefined,
          status ? eq(invoiceTable.status, status) : undefined,
        ),
      )
      .orderBy(sql`${invoiceTable.issued_at} desc nulls last, ${invoiceTable.id} desc`)
      .limit(limit),
  );
  return views(rows.map((r) => r.id));
}
