import { and, eq, isNull, lt, or } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import { Blob } from "../blob/index";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { invoiceTable } from "../invoice/invoice.sql";
import { log } from "../log";
import { Settings } from "../settings/index";
import { useClock } from "../util/clock";
import { fn } from "../util/fn";
import { canStillCancel, type Problem } from "./client/client";
import { buyerFrom, documentFrom } from "./document/from-invoice";
import type { DocumentInput } from "./document/input";
import { BuyerRequest } from "./flow/buyer";
import { pollInvoiceLater } from "./flow/poll";
import { readiness } from "./flow/readiness";
import { CLAIM_MS, load, save } from "./flow/request";
import {
  type Outcome,
  type Prepared,
  pollOne,
  prepare,
  type Reason,
  submitOne,
  useConnection,
} from "./flow/submit";

export { BuyerRequest } from "./flow/buyer";
export { readiness } from "./flow/readiness";
export type { Reason } from "./flow/request";
export { byNumber, get, list, request, resubmit, validationLink, view } from "./flow/request";
export * as Einvoice from "./index";

/** How long after submitting the job looks again when LHDN is still validating. */
const POLL_AGAIN_MS = 2 * 60_000;

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
  let connection: Awaited<ReturnType<typeof useConnection>>;
  try {
    connection = await useConnection();
  } catch (error) {
    return refuse(invoiceId, reasonsOf(error));
  }
  if (invoice.einvoice_status === "submitted" && invoice.einvoice_submission_uid && connection.client)
    return poll(invoiceId);
  if (invoice.einvoice_status !== "pending" || !(await claim(invoiceId))) return;
  // The shop's own details first: their gaps read better than the document rules they break.
  const { gaps } = await readiness();
  const missing = gaps.filter(
    (gap) => gap.field !== "myinvois.certificate" && gap.field !== "myinvois.client_id",
  );
  if (missing.length)
    return refuse(
      invoiceId,
      missing.map((gap) => ({
        source: "preflight",
        code: "einvoice.not_configured",
        path: gap.field,
        message: gap.message,
      })),
    );
  let text: string;
  if (invoice.einvoice_document_key && connection.client) {
    // A retry after a failure: the same signed document again, issue time and all, so LHDN's
    // duplicate check stops a second e-invoice for the sale if the first submit got through.
    text = Buffer.from((await Blob.useStore().get(invoice.einvoice_document_key)).body).toString("utf8");
  } else {
    let prepared: Prepared;
    try {
      prepared = await prepare(await inputFor(invoiceId, { version: connection.version }), connection);
    } catch (error) {
      return refuse(invoiceId, reasonsOf(error));
    }
    if (!prepared.ok) return refuse(invoiceId, prepared.reasons);
    text = prepared.text;
    const key = `einvoice/${invoice.number}.json`;
    await Blob.useStore().put(key, text, { contentType: "application/json" });
    await save(invoiceId, { einvoice_document_key: key });
  }
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
  const submitted = await submitOne(connection.client, invoice.number, text);
  if (submitted.kind === "rejected") return refuse(invoiceId, submitted.reasons);
  // Recorded before waiting for the verdict: whatever fails next, a retry only polls.
  await save(invoiceId, {
    einvoice_status: "submitted",
    einvoice_submission_uid: submitted.submissionUid,
    einvoice_uuid: submitted.uuid,
    einvoice_submitted_at: useClock().now(),
    einvoice_errors: null,
  });
  await record(invoiceId, await pollOne(connection.client, invoice.number, submitted.submissionUid));
}

/**
 * Takes a pending invoice for issuing, atomically: two jobs for one sale (a double request, a
 * redelivered message) cannot both submit it.
 */
async function claim(invoiceId: string): Promise<boolean> {
  const now = useClock().now();
  const rows = await useTransaction((tx) =>
    tx
      .update(invoiceTable)
      .set({ einvoice_submitted_at: now })
      .where(
        and(
          eq(invoiceTable.id, invoiceId),
          eq(invoiceTable.einvoice_status, "pending"),
          or(
            isNull(invoiceTable.einvoice_submitted_at),
            lt(invoiceTable.einvoice_submitted_at, new Date(now.getTime() - CLAIM_MS)),
          ),
        ),
      )
      .returning({ id: invoiceTable.id }),
  );
  return rows.length > 0;
}

async function poll(invoiceId: string) {
  const { invoice } = await load(invoiceId);
  const { client } = await useConnection();
  await record(invoiceId, await pollOne(client!, invoice.number, invoice.einvoice_submission_uid!));
}

async function record(invoiceId: string, outcome: Outcome) {
  const now = useClock().now();
  if (outcome.kind === "rejected" || outcome.kind === "invalid")
    return refuse(invoiceId, outcome.reasons, outcome);
  await save(invoiceId, {
    einvoice_status: outcome.kind === "valid" ? "valid" : "submitted",
    einvoice_submission_uid: outcome.submissionUid,
    ...(outcome.uuid ? { einvoice_uuid: outcome.uuid } : {}),
    einvoice_long_id: outcome.kind === "valid" ? outcome.longId : undefined,
    einvoice_validated_at: outcome.kind === "valid" ? (outcome.validatedAt ?? now) : undefined,
    einvoice_errors: null,
  });
  if (outcome.kind === "submitted") {
    await pollInvoiceLater(invoiceId, new Date(now.getTime() + POLL_AGAIN_MS));
  }
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

export type { Problem };
