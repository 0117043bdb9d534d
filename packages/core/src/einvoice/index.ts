import { and, desc, eq, isNull } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import { Blob } from "../blob/index";
import { customerTable } from "../customer/customer.sql";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { invoiceItemTable, invoiceTable, paymentTable } from "../invoice/invoice.sql";
import { Job } from "../job/index";
import { log } from "../log";
import { Queue } from "../queue/index";
import { Settings } from "../settings/index";
import { useClock } from "../util/clock";
import { fn } from "../util/fn";
import { cancelDeadline, canStillCancel, ENVIRONMENTS, type Problem } from "./client";
import { BuyerRequest, buyerFrom, documentFrom } from "./from-invoice";
import type { DocumentInput } from "./input";
import { type Prepared, prepare, type Reason, submitAndPoll, useConnection } from "./submit";

export { BuyerRequest } from "./from-invoice";
export * as Einvoice from "./index";
export { readiness } from "./readiness";
export type { Reason } from "./submit";

type Invoice = typeof invoiceTable.$inferSelect;

/** How long after submitting the job looks again when LHDN is still validating. */
const POLL_AGAIN_MS = 2 * 60_000;

async function load(invoiceId: string) {
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

async function save(invoiceId: string, values: Partial<Invoice>) {
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
    if (!invoice) throw new VisibleError("invoice.not_found", "No such invoice.");
    if (invoice.einvoice_run_id || invoice.einvoice_status === "consolidated")
      throw new VisibleError(
        "einvoice.already_consolidated",
        "This sale is already in the month's consolidated e-invoice; ask the shop for a credit note and a new e-invoice.",
      );
    if (["submitted", "valid"].includes(invoice.einvoice_status))
      throw new VisibleError("einvoice.already_issued", "This sale already has an e-invoice.");
    await tx
      .update(invoiceTable)
      .set({ einvoice_buyer: buyer, einvoice_status: "pending", einvoice_errors: null })
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

/** The document input for an invoice, issued now. */
export async function inputFor(
  invoiceId: string,
  options: { version: "1.0" | "1.1" },
): Promise<DocumentInput> {
  const { invoice, items, customer, paymentMethod, original } = await load(invoiceId);
  if (!invoice.einvoice_buyer)
    throw new VisibleError("einvoice.no_buyer", "This sale has no buyer details for an e-invoice.");
  return documentFrom(
    {
      invoice,
      items,
      buyer: buyerFrom(BuyerRequest.parse(invoice.einvoice_buyer), customer),
      original,
      paymentMethod,
    },
    await Settings.get(),
    { version: options.version, issuedAt: useClock().now() },
  );
}

/**
 * The einvoice queue's job: builds the document, checks it against LHDN's rules, signs it,
 * stores it, submits it and records what LHDN said. Safe to run twice: an invoice already
 * submitted is only polled, a valid or cancelled one is left alone.
 */
export async function issue(invoiceId: string): Promise<void> {
  const { invoice } = await load(invoiceId);
  if (["valid", "cancelled", "consolidated", "not_requested"].includes(invoice.einvoice_status)) return;
  const connection = await useConnection();
  if (invoice.einvoice_status === "submitted" && invoice.einvoice_submission_uid && connection.client)
    return poll(invoiceId);
  let prepared: Prepared;
  try {
    prepared = await prepare(await inputFor(invoiceId, { version: connection.version }), connection);
  } catch (error) {
    return refuse(invoiceId, reasonsOf(error));
  }
  if (!prepared.ok) return refuse(invoiceId, prepared.reasons);
  const key = `einvoice/${invoice.number}.json`;
  await Blob.useStore().put(key, prepared.text, { contentType: "application/json" });
  await save(invoiceId, { einvoice_document_key: key });
  if (!connection.client) {
    // Portal mode: signed and kept for export; nothing is sent without API credentials.
    await save(invoiceId, {
      einvoice_errors: [
        {
          source: "preflight",
          code: "einvoice.portal_mode",
          message: {
            en: "Ready for export: no MyInvois API credentials are set, so the document waits for manual submission.",
            ms: "Sedia untuk dieksport: tiada kelayakan API MyInvois, jadi dokumen menunggu penghantaran manual.",
          },
        },
      ],
    });
    return;
  }
  const outcome = await submitAndPoll(connection.client, invoice.number, prepared.text);
  await record(invoiceId, outcome);
}

async function poll(invoiceId: string) {
  const { invoice } = await load(invoiceId);
  const { client } = await useConnection();
  const outcome = await submitAndPoll(client!, invoice.number, undefined, invoice.einvoice_submission_uid!);
  await record(invoiceId, outcome);
}

async function record(invoiceId: string, outcome: Awaited<ReturnType<typeof submitAndPoll>>) {
  const now = useClock().now();
  if (outcome.kind === "rejected" || outcome.kind === "invalid")
    return refuse(invoiceId, outcome.reasons, outcome);
  await save(invoiceId, {
    einvoice_status: outcome.kind === "valid" ? "valid" : "submitted",
    einvoice_submission_uid: outcome.submissionUid,
    einvoice_submitted_at: outcome.kind === "submitted" ? now : undefined,
    einvoice_uuid: outcome.uuid,
    einvoice_long_id: outcome.kind === "valid" ? outcome.longId : undefined,
    einvoice_validated_at: outcome.kind === "valid" ? (outcome.validatedAt ?? now) : undefined,
    einvoice_errors: null,
  });
  if (outcome.kind === "submitted")
    await pollLater.scheduleAt(`einvoice-poll-${invoiceId}`, new Date(now.getTime() + POLL_AGAIN_MS), {
      invoice_id: invoiceId,
    });
}

async function refuse(
  invoiceId: string,
  reasons: Reason[],
  outcome?: { submissionUid?: string; uuid?: string },
) {
  log.warn("e-invoice refused", { invoice_id: invoiceId, codes: reasons.map((r) => r.code) });
  await save(invoiceId, {
    einvoice_status: "invalid",
    einvoice_errors: reasons,
    ...(outcome?.submissionUid ? { einvoice_submission_uid: outcome.submissionUid } : {}),
    ...(outcome?.uuid ? { einvoice_uuid: outcome.uuid } : {}),
  });
}

function reasonsOf(error: unknown): Reason[] {
  if (error instanceof z.ZodError)
    return error.issues.map((issue) => ({
      source: "preflight",
      code: "einvoice.input_invalid",
      path: issue.path.join("."),
      message: { en: issue.message, ms: issue.message },
    }));
  if (error instanceof VisibleError)
    return [{ source: "preflight", code: error.code, message: { en: error.message, ms: error.message } }];
  throw error;
}

/** Looks again at a submission LHDN was still validating. */
export const pollLater = Job.define(
  "einvoice.poll",
  z.object({ invoice_id: z.uuid() }),
  async ({ invoice_id }) => {
    const { invoice } = await load(invoice_id);
    if (invoice.einvoice_status === "submitted") await poll(invoice_id);
  },
);

/**
 * Cancels a valid e-invoice within LHDN's 72 hours (after that, a credit note is the way).
 * Refused early with the deadline when the window has passed.
 */
export const cancel = fn(
  z.object({ invoice_id: z.uuid(), reason: z.string().trim().min(3).max(300) }),
  async ({ invoice_id, reason }) => {
    const { invoice } = await load(invoice_id);
    if (invoice.einvoice_status !== "valid" || !invoice.einvoice_uuid)
      throw new VisibleError("einvoice.incorrect_state", "Only a valid e-invoice can be cancelled.");
    const validatedAt = invoice.einvoice_validated_at ?? invoice.einvoice_submitted_at ?? useClock().now();
    if (!canStillCancel(validatedAt, useClock().now()))
      throw new VisibleError(
        "einvoice.cancel_window_over",
        "More than 72 hours have passed since LHDN validated this e-invoice: issue a credit note instead.",
      );
    const { client } = await useConnection();
    if (!client) throw new VisibleError("einvoice.not_configured", "MyInvois API credentials are not set.");
    await client.cancel(invoice.einvoice_uuid, reason, { validatedAt });
    await createTransaction(async () => {
      await save(invoice_id, { einvoice_status: "cancelled" });
      await Audit.record({
        entity: "invoice",
        entity_id: invoice_id,
        action: "einvoice_cancelled",
        diff: { einvoice_status: { from: "valid", to: "cancelled" }, reason: { from: null, to: reason } },
      });
    });
  },
);

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

export type { Problem };

/** LHDN's public page for a valid e-invoice (the QR on the receipt points here). */
export async function validationLink(uuid: string | null, longId: string | null): Promise<string | null> {
  if (!uuid || !longId) return null;
  const settings = await Settings.get();
  const environment = (settings.myinvois as { environment: keyof typeof ENVIRONMENTS }).environment;
  return `${ENVIRONMENTS[environment].portal}/${uuid}/share/${longId}`;
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
