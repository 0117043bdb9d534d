import { Scheduler } from "../../scheduler/index";

/**
 * Another look at a submission LHDN was still validating, scheduled straight onto the einvoice
 * queue: its consumer carries the MyInvois client, so no hop through the jobs queue. Each look
 * is its own schedule, named by its time, and so its own idempotency key.
 */
export const pollInvoiceLater = (invoiceId: string, at: Date) =>
  Scheduler.at(`einvoice-poll-${invoiceId}-${at.getTime()}`, at, "einvoice", { v: 1, invoice_id: invoiceId });

/** The same for a month's consolidated e-invoice (`period` is YYYY-MM). */
export const pollRunLater = (period: string, at: Date) =>
  Scheduler.at(`einvoice-run-poll-${period}-${at.getTime()}`, at, "einvoice", {
    v: 1,
    type: "poll_run",
    period,
  });
