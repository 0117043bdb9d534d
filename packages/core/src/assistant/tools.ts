import { and, asc, desc, eq, gte, ilike, inArray, isNull, ne, or } from "drizzle-orm";
import { customerTable, deviceTable } from "../customer/customer.sql";
import { useTransaction } from "../db/transaction";
import { Invoice } from "../invoice/index";
import { invoiceTable } from "../invoice/invoice.sql";
import { Link } from "../link/index";
import { productTable } from "../product/product.sql";
import { label } from "../ticket/base";
import { workTicketTable } from "../ticket/ticket.sql";

/*
 * What the assistant may read, and only for the person writing: every lookup starts from the
 * sender's phone as WhatsApp reported it, never from anything in the message or the model's
 * output. A ticket number someone types is matched within their own tickets only.
 */

/** Closed repairs stay answerable this long ("did you get my payment?" after pickup). */
const CLOSED_WITHIN_DAYS = 30;
const MAX_TICKETS = 5;
const MAX_PRICES = 3;

export type TicketFact = {
  /** "T-1042": the source the answer cites. */
  number: string;
  status: "NEW" | "IN_PROGRESS" | "READY" | "CLOSED";
  approval: "pending" | "approved" | "declined" | null;
  device: string;
  price_estimate: string | null;
  eta_ready_at: Date | null;
  closed_at: Date | null;
  /** The customer's signed status page: the ticket, its estimate and its invoice. */
  link: string;
  invoice: InvoiceFact | null;
};

/** An invoice as the customer may hear of it: what it came to and what is still to pay (cash rounding counted). */
export type InvoiceFact = { number: string; status: string; total: string; due: string };

/** A counter sale made out to the customer (no repair), with its receipt's link. */
export type SaleFact = InvoiceFact & { issued_at: Date; link: string };

export type Sender = {
  customer_id: string;
  name: string;
  language: "en" | "ms";
  whatsapp_consent: "unknown" | "opted_in" | "opted_out";
};

/** The customer whose phone this is, if the shop knows them. */
export async function senderOf(phone: string): Promise<Sender | undefined> {
  const [row] = await useTransaction((tx) =>
    tx
      .select({
        customer_id: customerTable.id,
        name: customerTable.name,
        language: customerTable.language,
        whatsapp_consent: customerTable.whatsapp_consent,
      })
      .from(customerTable)
      .where(eq(customerTable.phone, phone)),
  );
  return row;
}

/** The sender's repairs: open ones and those closed in the last 30 days, newest first. */
export async function ticketsOf(customerId: string, now: Date): Promise<TicketFact[]> {
  const since = new Date(now.getTime() - CLOSED_WITHIN_DAYS * 86_400_000);
  const rows = await useTransaction((tx) =>
    tx
      .select({
        id: workTicketTable.id,
        number: workTicketTable.number,
        status: workTicketTable.status,
        approval: workTicketTable.approval,
        brand: deviceTable.brand,
        model: deviceTable.model,
        price_estimate: workTicketTable.price_estimate,
        eta_ready_at: workTicketTable.eta_ready_at,
        closed_at: workTicketTable.closed_at,
      })
      .from(workTicketTable)
      .innerJoin(deviceTable, eq(deviceTable.id, workTicketTable.device_id))
      .where(
        and(
          eq(workTicketTable.customer_id, customerId),
          or(ne(workTicketTable.status, "CLOSED"), gte(workTicketTable.closed_at, since)),
        ),
      )
      .orderBy(desc(workTicketTable.number))
      .limit(MAX_TICKETS),
  );
  if (!rows.length) return [];
  const invoices = await useTransaction((tx) =>
    tx
      .select({
        ticket_id: invoiceTable.ticket_id,
        number: invoiceTable.number,
        status: invoiceTable.status,
        total: invoiceTable.total,
        rounding: invoiceTable.rounding,
        amount_paid: invoiceTable.amount_paid,
      })
      .from(invoiceTable)
      .where(
        and(
          inArray(
            invoiceTable.ticket_id,
            rows.map((r) => r.id),
          ),
          eq(invoiceTable.kind, "invoice"),
          ne(invoiceTable.status, "draft"),
        ),
      ),
  );
  return Promise.all(
    rows.map(async (row) => {
      const invoice = invoices.find((i) => i.ticket_id === row.id);
      return {
        number: label(row.number),
        status: row.status,
        approval: row.approval,
        device: `${row.brand} ${row.model}`.trim(),
        price_estimate: row.price_estimate,
        eta_ready_at: row.eta_ready_at,
        closed_at: row.closed_at,
        link: Link.statusUrl(await Link.signTicket(row.id)),
        invoice: invoice ? invoiceFact(invoice) : null,
      };
    }),
  );
}

function invoiceFact(row: {
  number: string;
  status: string;
  total: string;
  rounding: string;
  amount_paid: string;
}): InvoiceFact {
  return { number: row.number, status: row.status, total: row.total, due: Invoice.balance(row).amount_due };
}

/** The sender's counter sales (invoices with no repair) of the last 30 days, newest first. */
export async function salesOf(customerId: string, now: Date): Promise<SaleFact[]> {
  const since = new Date(now.getTime() - CLOSED_WITHIN_DAYS * 86_400_000);
  const rows = await useTransaction((tx) =>
    tx
      .select({
        id: invoiceTable.id,
        number: invoiceTable.number,
        status: invoiceTable.status,
        total: invoiceTable.total,
        rounding: invoiceTable.rounding,
        amount_paid: invoiceTable.amount_paid,
        issued_at: invoiceTable.issued_at,
      })
      .from(invoiceTable)
      .where(
        and(
          eq(invoiceTable.customer_id, customerId),
          isNull(invoiceTable.ticket_id),
          eq(invoiceTable.kind, "invoice"),
          inArray(invoiceTable.status, ["issued", "partially_paid", "paid", "refunded"]),
          isNull(invoiceTable.deleted_at),
          gte(invoiceTable.issued_at, since),
        ),
      )
      .orderBy(desc(invoiceTable.issued_at))
      .limit(MAX_TICKETS),
  );
  return Promise.all(
    rows.map(async (row) => ({
      ...invoiceFact(row),
      issued_at: row.issued_at!,
      // The receipt's page, as the WhatsApp receipt links it (where the e-invoice is asked for too).
      link: Link.einvoiceRequestUrl(await Link.signInvoice(row.id)),
    })),
  );
}

export type PriceFact = { sku: string; name: string; price: string };

/**
 * Catalogue items (products, parts, services; not bundles' insides) whose name holds every
 * one of the words, cheapest first: what the shop charges, as the counter would.
 */
export async function pricesFor(words: readonly string[]): Promise<PriceFact[]> {
  const terms = words.map((w) => w.trim()).filter((w) => w.length >= 2);
  if (!terms.length) return [];
  return useTransaction((tx) =>
    tx
      .select({ sku: productTable.sku, name: productTable.name, price: productTable.price })
      .from(productTable)
      .where(
        and(
          eq(productTable.active, true),
          ...terms.map((term) => ilike(productTable.name, `%${term.replace(/[%_\\]/g, "\\$&")}%`)),
        ),
      )
      .orderBy(asc(productTable.price), asc(productTable.name))
      .limit(MAX_PRICES),
  );
}
