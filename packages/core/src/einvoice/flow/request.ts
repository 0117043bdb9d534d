import { and, desc, eq, isNull } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../../audit/index";
import { customerTable } from "../../customer/customer.sql";
import { createTransaction, useTransaction } from "../../db/transaction";
import { VisibleError } from "../../error";
import { invoiceItemTable, invoiceTable, paymentTable } from "../../invoice/invoice.sql";
import { Queue } from "../../queue/index";
import { Settings } from "../../settings/index";
import { useClock } from "../../util/clock";
import { fn } from "../../util/fn";
import { cancelDeadline, canStillCancel } from "../client/limits";
import { BuyerRequest } from "./buyer";

/**
 * The light half of e-invoices: asking for one, reading and showing the state. The public
 * API and the dashboard's lists import only this, so their Lambdas do not carry the document
 * builder, the signer and the code tables.
 */

export type Invoice = typeof invoiceTable.$inferSelect;

/** How long an issuing job's claim holds: one that died leaves the invoice to the next try after this. */
export const CLAIM_MS = 5 * 60_000;

/** Why an e-invoice was refused, by our pre-flight check or by LHDN, in words for the shop. */
export type Reason = {
  source: "preflight" | "lhdn";
  code: string;
  message: { en: string; ms: string };
  path?: string;
  lhdn_codes?: string[];
};

/** LHDN's portals, where a valid e-invoice's public page lives. */
export const PORTALS = {
  sandbox: "https://preprod.myinvois.hasil.gov.my",
  production: "https://myinvois.hasil.gov.my",
} as const;

export async function load(invoiceId: string) {
  return useTransaction(async (tx) => {
    const [invoice] = await tx.select().from(invoiceTable).where(eq(invoiceTable.id, invoiceId));
    if (!invoice) throw new VisibleError("invoice.not_found", "No such invoice.");
    const items = await tx.select().from(invoiceItemTable).where(eq(invoiceItemTable.invoice_id, invoiceId));
    const [customer] = invoice.customer_id
      ? await tx.select().from(customerTable).where(eq(customerTable.id, invoice.customer_id))
      : [];
    const [payment] = await tx
      .select({ method: paymentTable.method })
      .from(paymentTable)
      .where(eq(paymentTable.invoice_id, invoiceId));
    const [original] = invoice.original_invoice_id
      ? await tx
          .select({ number: invoiceTable.number, einvoice_uuid: invoiceTable.einvoice_uuid })
          .from(invoiceTable)
          .where(eq(invoiceTable.id, invoice.original_invoice_id))
      : [];
    return { invoice, items, customer, paymentMethod: payment?.method, original };
  });
}

export async function save(invoiceId: string, values: Partial<Invoice>) {
  await useTransaction((tx) => tx.update(invoiceTable).set(values).where(eq(invoiceTable.id, invoiceId)));
}

/**
 * Asks for the buyer's own e-invoice: keeps their details and queues the issuing job. Refused
 * once the sale went into a consolidated e-invoice, or while one is valid or on its way.
 */
export const request = fn(z.object({ invoice_id: z.uuid(), buyer: BuyerRequest }), ({ invoice_id, buyer }) =>
  createTransaction(async (tx) => {
    const [invoice] = await tx
      .select()
      .from(invoiceTable)
      .where(eq(invoiceTable.id, invoice_id))
      .for("update");
    if (!invoice || invoice.deleted_at) throw new VisibleError("invoice.not_found", "No such invoice.");
    if (
      !["invoice", "refund_note"].includes(invoice.kind) ||
      !["issued", "partially_paid", "paid"].includes(invoice.status)
    )
      throw new VisibleError(
        "einvoice.not_issuable",
        "Only an issued sale can have an e-invoice: not a draft, a void or a refunded one.",
      );
    if (invoice.einvoice_run_id || invoice.einvoice_status === "consolidated")
      throw new VisibleError(
        "einvoice.already_consolidated",
        "This sale is already in the month's consolidated e-invoice; ask the shop for a credit note and a new e-invoice.",
      );
    const issuing =
      invoice.einvoice_status === "pending" &&
      invoice.einvoice_submitted_at !== null &&
      useClock().now().getTime() - invoice.einvoice_submitted_at.getTime() < CLAIM_MS;
    if (["submitted", "valid"].includes(invoice.einvoice_status) || issuing)
      throw new VisibleError(
        "einvoice.already_issued",
        "This sale already has an e-invoice, or one is on its way.",
      );
    await tx
      .update(invoiceTable)
      // A new request builds a new document: what was stored for the last try is not reused.
      .set({
        einvoice_buyer: buyer,
        einvoice_status: "pending",
        einvoice_errors: null,
        einvoice_document_key: null,
        einvoice_submitted_at: null,
      })
      .where(eq(invoiceTable.id, invoice_id));
    await Audit.record({
      entity: "invoice",
      entity_id: invoice_id,
      action: "einvoice_requested",
      diff: { einvoice_status: { from: invoice.einvoice_status, to: "pending" } },
    });
    await Queue.send(
      "einvoice",
      { v: 1, invoice_id },
      { key: `einvoice:${invoice_id}:${useClock().now().getTime()}` },
    );
  }),
);

/** Queues the issuing job again for an invoice that was refused or never went out (dashboard: resubmit). */
export async function resubmit(invoiceId: string) {
  const { invoice } = await load(invoiceId);
  if (!invoice.einvoice_buyer)
    throw new VisibleError(
      "einvoice.no_buyer",
      "Enter the buyer's details first: this sale has no buyer for an e-invoice.",
    );
  return request({ invoice_id: invoiceId, buyer: BuyerRequest.parse(invoice.einvoice_buyer) });
}

export async function byNumber(number: string): Promise<Invoice> {
  const [row] = await useTransaction((tx) =>
    tx.select().from(invoiceTable).where(eq(invoiceTable.number, number)),
  );
  if (!row) throw new VisibleError("invoice.not_found", `No invoice ${number}.`);
  return row;
}

export async function get(invoiceId: string): Promise<Invoice> {
  return (await load(invoiceId)).invoice;
}

/** Invoices with their e-invoice state, newest first, for the dashboard. */
export async function list(options: { status?: Invoice["einvoice_status"]; limit?: number } = {}) {
  return useTransaction((tx) =>
    tx
      .select()
      .from(invoiceTable)
      .where(
        and(
          isNull(invoiceTable.deleted_at),
          options.status ? eq(invoiceTable.einvoice_status, options.status) : undefined,
        ),
      )
      .orderBy(desc(invoiceTable.created_at))
      .limit(options.limit ?? 200),
  );
}

/** LHDN's public page for a valid e-invoice (the QR on the receipt points here). */
export async function validationLink(uuid: string | null, longId: string | null): Promise<string | null> {
  if (!uuid || !longId) return null;
  const { environment } = await Settings.section("myinvois");
  return `${PORTALS[environment]}/${uuid}/share/${longId}`;
}

/** An invoice with its e-invoice state, as the dashboard shows it. */
export async function view(row: Invoice) {
  const now = useClock().now();
  const validatedAt = row.einvoice_validated_at;
  const buyer = row.einvoice_buyer as { name?: string } | null;
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    total: row.total,
    currency: row.currency,
    issued_at: row.issued_at?.toISOString() ?? null,
    status: row.status,
    einvoice_status: row.einvoice_status,
    einvoice_uuid: row.einvoice_uuid,
    validation_link: await validationLink(row.einvoice_uuid, row.einvoice_long_id),
    buyer_name: buyer?.name ?? null,
    errors: (row.einvoice_errors ?? []) as Reason[],
    can_cancel: row.einvoice_status === "valid" && validatedAt !== null && canStillCancel(validatedAt, now),
    cancel_deadline: validatedAt ? cancelDeadline(validatedAt).toISOString() : null,
    has_document: row.einvoice_document_key !== null,
  };
}
