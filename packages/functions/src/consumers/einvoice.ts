import { consolidatePrevious, pollRun } from "@wapos/core/einvoice/flow/runs";
import { Einvoice } from "@wapos/core/einvoice/index";
import { consumer } from "../queue/consumer";

/**
 * einvoice: one invoice's e-invoice to build, check, sign, submit and follow to LHDN's
 * verdict; or the daily look at whether last month's consolidated e-invoice is due.
 */
export const handler = consumer(
  "einvoice",
  (message) =>
    "invoice_id" in message
      ? Einvoice.issue(message.invoice_id)
      : message.type === "poll_run"
        ? pollRun(message.period)
        : consolidatePrevious(),
  { transactional: false },
);
