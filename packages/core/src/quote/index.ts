import { and, eq, sql } from "drizzle-orm";
import * as z from "zod";
import { useActor } from "../actor";
import { Audit, actorId } from "../audit/index";
import { allows } from "../consent/rule";
import { customerTable } from "../customer/customer.sql";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { type QuoteItem, quoteStatus, quoteTable } from "../invoice/invoice.sql";
import { Link } from "../link/index";
import { Message } from "../message/index";
import { Money } from "../money/index";
import { Sale } from "../sale/index";
import { Settings } from "../settings/index";
import * as Format from "../template/format";
import { Template } from "../template/index";
import { useClock } from "../util/clock";
import { createId } from "../util/id";
import { Phone } from "../util/phone";
import { expireDue, pastValid, type Row, type View, view, views } from "./view";

export * as Quote from "./index";
export { expireDue, Line, pastValid, View, view, views } from "./view";

const DAY_MS = 86_400_000;

export const CreateInput = z
  .object({
    customer_id: z.uuid().optional(),
    customer_phone: Phone.optional(),
    /** For a new customer found by phone: their name (else the phone stands in). */
    customer_name: z.string().trim().min(1).max(120).optional(),
    ticket_id: z.uuid().optional(),
    items: z.array(Sale.ItemInput).min(1).max(100),
    discount: Sale.Discount.optional(),
    /** An admin's email and password when the discount is above the cashier's limit. */
    approval: Sale.Approval.optional(),
    notes: z.string().trim().max(1000).optional(),
    /** Days the offer stands (default: the settings' pos.quote_valid_days). */
    valid_days: z.number().int().min(1).max(90).optional(),
  })
  .refine((q) => Boolean(q.customer_id) !== Boolean(q.customer_phone), {
    message: "Give customer_id or customer_phone (one of them)",
  });

/**
 * Makes a quote priced exactly as a sale of the same cart would be now (Sale.priceCart:
 * catalogue prices and tiers, line then cart discounts, SST from the settings), with the
 * cashier's discount limit checked as at the counter. It reserves no stock.
 */
export async function create(input: z.input<typeof CreateInput>): Promise<View> {
  const parsed = CreateInput.parse(input);
  const { rates, lines, priced } = await Sale.priceCart(parsed.items, parsed.discount);
  await Sale.checkDiscount(priced, parsed.approval);
  const { quote_valid_days } = await Settings.section("pos");
  const now = useClock().now();
  const validUntil = new Date(now.getTime() + (parsed.valid_days ?? quote_valid_days) * DAY_MS);
  const items = lines.map((line, i): QuoteItem => {
    const p = priced.lines[i]!;
    return {
      ...(line.product ? { product_id: line.product.id } : {}),
      description: line.input.description ?? line.product!.name,
      qty: String(line.input.qty),
      unit_price: Money.text(Money.parse(line.unit_price)),
      ...(line.input.discount ? { discount: line.input.discount } : {}),
      discount_given: Money.text(p.discount_given),
      tax_code: line.tax_code,
      tax_rate: rates[line.tax_code],
      tax: Money.text(p.tax),
      total: Money.text(p.total),
    };
  });
  const actor = useActor();
  const id = createId();
  return createTransaction(async (tx) => {
    const customerId = await Sale.findCustomer(parsed);
    const [row] = await tx
      .insert(quoteTable)
      .values({
        id,
        number: sql`${`Q-${now.getUTCFullYear()}-`} || lpad(nextval('quote_number_seq')::text, 6, '0')`,
        status: "draft",
        customer_id: customerId!,
        ticket_id: parsed.ticket_id,
        items,
        subtotal: Money.text(priced.subtotal),
        discount_total: Money.text(priced.discount_total),
        tax_total: Money.text(priced.tax_total),
        total: Money.text(priced.total),
        notes: parsed.notes,
        valid_until: validUntil,
        // The quote's date on its PDF: the same clock as its validity, not the database's.
        created_at: now,
        created_by: actor.type === "user" ? actorId(actor) : null,
      })
      .returning({ number: quoteTable.number });
    await Audit.record({
      entity: "quote",
      entity_id: id,
      action: "create",
      diff: {
        number: { from: null, to: row!.number },
        total: { from: null, to: Money.text(priced.total) },
        valid_until: { from: null, to: validUntil.toISOString() },
      },
    });
    return view(id);
  });
}

/** The quote locked for the change about to be made to it, or `quote.not_found`. */
async function lock(id: string): Promise<Row> {
  const [row] = await useTransaction((tx) =>
    tx
      .select()
      .from(quoteTable)
      .where(and(eq(quoteTable.id, id), sql`${quoteTable.deleted_at} is null`))
      .for("update"),
  );
  if (!row) throw new VisibleError("quote.not_found", "No such quote.");
  return row;
}

const expired = (row: Row) =>
  new VisibleError(
    "quote.expired",
    `Quote ${row.number} was valid until ${row.valid_until?.toISOString()}.`,
    {
      valid_until: row.valid_until?.toISOString(),
    },
  );

/**
 * Sends the quote to the customer on WhatsApp with a link to read it and answer, the message
 * written to the outbox in this transaction. Sent as purpose "staff": staff send it because the
 * customer asked for it, so it may go to anyone who has not opted out (core/src/consent/rule.ts).
 * Sending again sends the same link again.
 */
export async function send(id: string): Promise<View> {
  return createTransaction(async (tx) => {
    const row = await lock(id);
    if (row.status === "declined" || row.status === "converted" || row.status === "accepted")
      throw new VisibleError("quote.not_open", `Quote ${row.number} is ${row.status}.`, {
        status: row.status,
      });
    if (pastValid(row)) throw expired(row);
    const [customer] = await tx.select().from(customerTable).where(eq(customerTable.id, row.customer_id));
    if (!customer || !allows(customer.whatsapp_consent, "staff"))
      throw new VisibleError("quote.no_whatsapp", "The customer opted out of WhatsApp messages.");
    const validUntil = row.valid_until!;
    const { time_zone } = await Settings.section("shop");
    const text = await Template.render("quote", customer.language, {
      customer_name: customer.name,
      quote_number: row.number,
      total: Money.format(row.total),
      valid_until: Format.longDate(validUntil, customer.language, time_zone),
      quote_link: Link.quoteUrl(await Link.signQuote(row.id, validUntil)),
    });
    await Message.send({ to: customer.phone, text, purpose: "staff", lane: "tx", author: "staff" });
    const now = useClock().now();
    await tx
      .update(quoteTable)
      .set({ status: "sent", sent_at: now, updated_at: now })
      .where(eq(quoteTable.id, row.id));
    await Audit.record({
      entity: "quote",
      entity_id: row.id,
      action: "send",
      diff: { status: { from: row.status, to: "sent" }, to: { from: null, to: customer.phone } },
    });
    return view(row.id);
  });
}

export type Evidence = { ip?: string; userAgent?: string } | Message.ReplyEvidence;

/**
 * The customer's answer through their link or a WhatsApp reply, recorded with its evidence
 * (the link's address and user agent, or the message; time, channel) and audited as the customer. The same answer again changes nothing; the
 * other answer once one is given is `quote.already_decided`; past valid-until, `quote.expired`.
 */
export async function decide(id: string, accept: boolean, evidence: Evidence): Promise<Row> {
  const wanted = accept ? "accepted" : "declined";
  return createTransaction(async (tx) => {
    const row = await lock(id);
    // A converted quote was accepted first: accepting it again is the same answer.
    if (row.status === wanted || (accept && row.status === "converted")) return row;
    if (row.status === "accepted" || row.status === "declined" || row.status === "converted")
      throw new VisibleError("quote.already_decided", `Quote ${row.number} was already ${row.status}.`, {
        status: row.status,
      });
    if (pastValid(row)) throw expired(row);
    const now = useClock().now();
    const decision_evidence =
      "channel" in evidence
        ? { ...Message.evidenceOf(evidence), at: now.toISOString() }
        : {
            ip: evidence.ip ?? null,
            user_agent: evidence.userAgent?.slice(0, 300) ?? null,
            at: now.toISOString(),
            channel: "link",
          };
    const [updated] = await tx
      .update(quoteTable)
      .set({ status: wanted, decided_at: now, decision_evidence, updated_at: now })
      .where(eq(quoteTable.id, row.id))
      .returning();
    await Audit.record({
      entity: "quote",
      entity_id: row.id,
      action: accept ? "accept" : "decline",
      diff: { status: { from: row.status, to: wanted }, evidence: { from: null, to: decision_evidence } },
    });
    return updated!;
  });
}

export const ConvertInput = z.object({ idempotency_key: Sale.IdempotencyKey });

/**
 * Turns the quote into an invoice: its lines at the quoted unit prices (a price holds even if
 * the catalogue's changed since), each line's discount as the amount the quote took off it, SST
 * from today's settings, stock moved as any sale (`stock.insufficient` when short). The quote
 * is locked first, so a repeat, with this key or another, answers the invoice already made.
 * An accepted quote converts even after its date (the customer accepted in time); an open
 * one only until then.
 */
export async function convert(id: string, input: z.input<typeof ConvertInput>): Promise<Sale.View> {
  const { idempotency_key } = ConvertInput.parse(input);
  return createTransaction(async (tx) => {
    const row = await lock(id);
    if (row.invoice_id) return Sale.view(row.invoice_id);
    if (row.status === "declined" || row.status === "converted")
      throw new VisibleError("quote.not_open", `Quote ${row.number} is ${row.status}.`, {
        status: row.status,
      });
    if (row.status !== "accepted" && pastValid(row)) throw expired(row);
    const invoice = await Sale.issueQuoted(
      {
        customer_id: row.customer_id,
        ticket_id: row.ticket_id ?? undefined,
        notes: row.notes ? `${row.number}: ${row.notes}` : row.number,
        idempotency_key,
        items: row.items.map((item) => ({
          qty: Number(item.qty),
          ...(item.product_id
            ? { product_id: item.product_id }
            : { description: item.description, unit_price: item.unit_price, tax_code: item.tax_code }),
          ...(Money.parse(item.discount_given).gt(Money.ZERO)
            ? { discount: { kind: "amount" as const, value: item.discount_given } }
            : {}),
        })),
      },
      { unit_prices: row.items.map((item) => (item.product_id ? item.unit_price : undefined)) },
    );
    const now = useClock().now();
    await tx
      .update(quoteTable)
      .set({ status: "converted", invoice_id: invoice.id, updated_at: now })
      .where(eq(quoteTable.id, row.id));
    await Audit.record({
      entity: "quote",
      entity_id: row.id,
      action: "convert",
      diff: {
        status: { from: row.status, to: "converted" },
        invoice: { from: null, to: invoice.number },
      },
    });
    return invoice;
  });
}

export const ListInput = z.object({
  /** The quote number, or part of it. */
  q: z.string().trim().max(40).default(""),
  status: z.enum(quoteStatus.enumValues).optional(),
  customer_id: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

/** The latest quotes, newest first; those past their date read as expired. */
export async function list(input: z.input<typeof ListInput>): Promise<View[]> {
  const { q, status, customer_id, limit } = ListInput.parse(input);
  await expireDue();
  const rows = await useTransaction((tx) =>
    tx
      .select({ id: quoteTable.id })
      .from(quoteTable)
      .where(
        and(
          sql`${quoteTable.deleted_at} is null`,
          q ? sql`${quoteTable.number} ilike ${`%${q.replace(/[\\%_]/g, "\\$&")}%`}` : undefined,
          status ? eq(quoteTable.status, status) : undefined,
          customer_id ? eq(quoteTable.customer_id, customer_id) : undefined,
        ),
      )
      .orderBy(sql`${quoteTable.created_at} desc, ${quoteTable.id} desc`)
      .limit(limit),
  );
  return views(rows.map((r) => r.id));
}
