import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import {
  boolean,
  char,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgSequence,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { customerTable } from "../customer/customer.sql";
import { id, money, ref, timestamps, utc } from "../db/columns";
import { productTable } from "../product/product.sql";
import { workTicketTable } from "../ticket/ticket.sql";

export const invoiceKind = pgEnum("invoice_kind", ["invoice", "credit_note", "debit_note", "refund_note"]);
export const invoiceStatus = pgEnum("invoice_status", [
  "draft",
  "issued",
  "partially_paid",
  "paid",
  "refunded",
  "void",
]);
export const einvoiceStatus = pgEnum("einvoice_status", [
  "not_requested",
  "pending",
  "submitted",
  "valid",
  "invalid",
  "cancelled",
  "consolidated",
]);
export const quoteStatus = pgEnum("quote_status", [
  "draft",
  "sent",
  "accepted",
  "declined",
  "expired",
  "converted",
]);
export const paymentMethod = pgEnum("payment_method", ["cash", "card", "fpx", "duitnow", "bank_transfer"]);
export const paymentStatus = pgEnum("payment_status", ["completed", "refunded", "void"]);

/**
 * One line of a quote as priced when it was made: the unit price holds when the quote is
 * converted, whatever the catalogue says by then. `discount` is the line's own, as entered;
 * `discount_given` is that and the line's share of the quote's discount, as listed (the
 * invoice carries it as the line's amount off, so it prices to the same sen); `tax` is the
 * line's SST at the quote's rates; `total` is what the line costs with tax.
 */
export type QuoteItem = {
  product_id?: string;
  description: string;
  qty: string;
  unit_price: string;
  discount?: { kind: "percent" | "amount"; value: string };
  discount_given: string;
  tax_code?: "sales" | "service" | "none";
  tax_rate?: string;
  tax: string;
  total: string;
};

/** Quote numbers (Q-2026-000123): one sequence, never reset; the year is the quote's own. */
export const quoteNumberSequence = pgSequence("quote_number_seq", { startWith: 1 });

export const invoiceTable = pgTable(
  "invoices",
  {
    ...id,
    /** Human number, e.g. INV-2026-000123 (prefix and numbering from settings). */
    number: text("number").notNull(),
    kind: invoiceKind("kind").notNull().default("invoice"),
    status: invoiceStatus("status").notNull().default("draft"),
    customer_id: ref("customer_id", () => customerTable.id),
    ticket_id: ref("ticket_id", () => workTicketTable.id),
    /** For credit, debit and refund notes: the invoice they adjust. */
    original_invoice_id: ref("original_invoice_id", (): AnyPgColumn => invoiceTable.id),
    currency: char("currency", { length: 3 }).notNull().default("MYR"),
    subtotal: money("subtotal").notNull().default("0"),
    discount_total: money("discount_total").notNull().default("0"),
    tax_total: money("tax_total").notNull().default("0"),
    total: money("total").notNull().default("0"),
    /**
     * Bank Negara's cash rounding: what settling the balance in cash added to or took from the
     * bill (-0.02..+0.02). Its own line in the books; `total` stays the taxed document total.
     */
    rounding: money("rounding").notNull().default("0"),
    /** Whether its lines' unit prices were listed with SST inside (the settings when it was issued). */
    prices_include_tax: boolean("prices_include_tax").notNull().default(true),
    amount_paid: money("amount_paid").notNull().default("0"),
    issued_at: utc("issued_at"),
    /** Who rang it up (the cashier), for the reports by cashier. */
    created_by: ref("created_by", () => userTable.id),
    /** The cash drawer shift it was sold in, if one was open. */
    shift_id: ref("shift_id", (): AnyPgColumn => shiftTable.id),
    due_at: utc("due_at"),
    notes: text("notes"),
    einvoice_status: einvoiceStatus("einvoice_status").notNull().default("not_requested"),
    einvoice_uuid: text("einvoice_uuid"),
    einvoice_long_id: text("einvoice_long_id"),
    einvoice_errors: jsonb("einvoice_errors").$type<unknown[]>(),
    einvoice_submission_uid: text("einvoice_submission_uid"),
    einvoice_submitted_at: utc("einvoice_submitted_at"),
    /** When LHDN validated it: the 72-hour cancellation window starts here. */
    einvoice_validated_at: utc("einvoice_validated_at"),
    /** The signed document as submitted (blob key), kept for the records and portal exports. */
    einvoice_document_key: text("einvoice_document_key"),
    /** The buyer's details when they asked for their own e-invoice (TIN, id, name, address). */
    einvoice_buyer: jsonb("einvoice_buyer").$type<Record<string, unknown>>(),
    /** The monthly consolidated e-invoice this sale went into, when the buyer asked for none. */
    einvoice_run_id: uuid("einvoice_run_id"),
    /** Made by the client (POS) so a retried submit never creates a second invoice. */
    idempotency_key: text("idempotency_key"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("invoices_number_unique").on(t.number),
    uniqueIndex("invoices_idempotency_unique").on(t.idempotency_key),
    index("invoices_customer_idx").on(t.customer_id),
    index("invoices_issued_idx").on(t.issued_at),
  ],
);

export const invoiceItemTable = pgTable(
  "invoice_items",
  {
    ...id,
    invoice_id: ref("invoice_id", () => invoiceTable.id).notNull(),
    product_id: ref("product_id", () => productTable.id),
    position: integer("position").notNull(),
    description: text("description").notNull(),
    qty: numeric("qty", { precision: 12, scale: 3 }).notNull(),
    unit_price: money("unit_price").notNull(),
    discount: money("discount").notNull().default("0"),
    tax_type: text("tax_type"),
    tax_rate: numeric("tax_rate", { precision: 5, scale: 2 }).notNull().default("0"),
    tax_amount: money("tax_amount").notNull().default("0"),
    line_total: money("line_total").notNull(),
    /** The product's cost when sold, so margins stay true after the cost changes. */
    unit_cost: money("unit_cost"),
    /** On a refund note: the line of the original invoice it gives back. */
    original_item_id: ref("original_item_id", (): AnyPgColumn => invoiceItemTable.id),
    /** MyInvois classification and unit codes. */
    classification_code: text("classification_code"),
    unit_code: text("unit_code"),
    ...timestamps,
  },
  (t) => [index("invoice_items_invoice_idx").on(t.invoice_id, t.position)],
);

export const quoteTable = pgTable(
  "quotes",
  {
    ...id,
    number: text("number").notNull(),
    status: quoteStatus("status").notNull().default("draft"),
    customer_id: ref("customer_id", () => customerTable.id).notNull(),
    ticket_id: ref("ticket_id", () => workTicketTable.id),
    items: jsonb("items").$type<QuoteItem[]>().notNull().default([]),
    currency: char("currency", { length: 3 }).notNull().default("MYR"),
    subtotal: money("subtotal").notNull().default("0"),
    tax_total: money("tax_total").notNull().default("0"),
    total: money("total").notNull().default("0"),
    discount_total: money("discount_total").notNull().default("0"),
    notes: text("notes"),
    valid_until: utc("valid_until"),
    sent_at: utc("sent_at"),
    /** The customer's accept or decline: when, and the evidence (address, user agent, channel). */
    decided_at: utc("decided_at"),
    decision_evidence: jsonb("decision_evidence").$type<Record<string, unknown>>(),
    created_by: ref("created_by", () => userTable.id),
    invoice_id: ref("invoice_id", () => invoiceTable.id),
    ...timestamps,
  },
  (t) => [uniqueIndex("quotes_number_unique").on(t.number)],
);

export const paymentTable = pgTable(
  "payments",
  {
    ...id,
    invoice_id: ref("invoice_id", () => invoiceTable.id).notNull(),
    method: paymentMethod("method").notNull(),
    status: paymentStatus("status").notNull().default("completed"),
    /** Negative for a refund. */
    amount: money("amount").notNull(),
    currency: char("currency", { length: 3 }).notNull().default("MYR"),
    reference: text("reference"),
    /** Cash only: what the customer handed over, and the change given back. */
    tendered: money("tendered"),
    change_given: money("change_given"),
    shift_id: ref("shift_id", (): AnyPgColumn => shiftTable.id),
    refund_of: ref("refund_of", (): AnyPgColumn => paymentTable.id),
    received_at: utc("received_at").notNull().defaultNow(),
    received_by: ref("received_by", () => userTable.id),
    idempotency_key: text("idempotency_key"),
    ...timestamps,
  },
  (t) => [
    index("payments_invoice_idx").on(t.invoice_id),
    uniqueIndex("payments_idempotency_unique").on(t.idempotency_key),
  ],
);

/**
 * A cash drawer shift: opened with a float, closed with the counted cash. The expected cash
 * (float + cash taken − cash refunded) and the variance are fixed when it closes.
 */
export const shiftTable = pgTable(
  "shifts",
  {
    ...id,
    opened_by: ref("opened_by", () => userTable.id).notNull(),
    opened_at: utc("opened_at").notNull(),
    opening_float: money("opening_float").notNull(),
    closed_by: ref("closed_by", () => userTable.id),
    closed_at: utc("closed_at"),
    counted_cash: money("counted_cash"),
    expected_cash: money("expected_cash"),
    variance: money("variance"),
    note: text("note"),
    ...timestamps,
  },
  // One drawer: at most one shift open at a time.
  (t) => [uniqueIndex("shifts_one_open").on(sql`(true)`).where(sql`${t.closed_at} is null`)],
);

/** Invoice numbers per year: one row per year, incremented in the invoice's own transaction. */
export const invoiceCounterTable = pgTable("invoice_counters", {
  year: integer("year").primaryKey(),
  last_number: integer("last_number").notNull(),
});

/**
 * A monthly consolidated e-invoice (General Public): every sale of the month whose buyer asked
 * for no e-invoice of their own, submitted within LHDN's 7 days after the month ends.
 */
export const einvoiceRunTable = pgTable(
  "einvoice_runs",
  {
    ...id,
    /** The month it covers, "YYYY-MM" in the shop's time zone. */
    period: text("period").notNull(),
    status: einvoiceStatus("status").notNull().default("pending"),
    invoice_count: integer("invoice_count").notNull().default(0),
    total: money("total").notNull().default("0"),
    einvoice_uuid: text("einvoice_uuid"),
    einvoice_long_id: text("einvoice_long_id"),
    einvoice_submission_uid: text("einvoice_submission_uid"),
    einvoice_errors: jsonb("einvoice_errors").$type<unknown[]>(),
    einvoice_document_key: text("einvoice_document_key"),
    submitted_at: utc("submitted_at"),
    validated_at: utc("validated_at"),
    ...timestamps,
  },
  (t) => [uniqueIndex("einvoice_runs_period_unique").on(t.period)],
);
