import type { einvoiceStatus } from "../../invoice/invoice.sql";

type Status = (typeof einvoiceStatus.enumValues)[number];

/**
 * Where a buyer's e-invoice stands, in the buyer's terms (the page behind the receipt's QR):
 *
 * | staff see (e-Invoice page)          | the buyer sees                                  |
 * |-------------------------------------|-------------------------------------------------|
 * | Not requested                       | `open`: the form                                |
 * | Rejected over the buyer's details   | `open`: the form again, to correct them         |
 * | Waiting to send / Ready to export   | `preparing`: the shop is preparing it           |
 * | With LHDN                           | `submitted`: LHDN is checking it                |
 * | Valid                               | `valid`: the validation link and QR             |
 * | Rejected (anything else)            | `needs_shop`: the shop must fix its side        |
 * | Cancelled                           | `cancelled`                                     |
 * | In monthly e-invoice                | `consolidated`                                  |
 *
 * A buyer is never told it is on its way while staff see it refused.
 */
export const PUBLIC_STATES = [
  "open",
  "preparing",
  "submitted",
  "valid",
  "needs_shop",
  "cancelled",
  "consolidated",
] as const;
export type PublicState = (typeof PUBLIC_STATES)[number];

// A Record over every status: a new status cannot be added without deciding what buyers see.
const BY_STATUS: Record<Status, PublicState> = {
  not_requested: "open",
  pending: "preparing",
  submitted: "submitted",
  valid: "valid",
  invalid: "needs_shop",
  cancelled: "cancelled",
  consolidated: "consolidated",
};

type Row = { einvoice_status: Status; einvoice_run_id: string | null; einvoice_errors: unknown[] | null };

/** A refusal over the buyer's own details (codes `einvoice.buyer.*`) is theirs to correct. */
const buyerMustFix = (errors: unknown[] | null) =>
  (errors ?? []).some((error) => String((error as { code?: unknown }).code).startsWith("einvoice.buyer."));

export function publicState(row: Row): PublicState {
  // Once in a consolidated run (even one LHDN is still validating), the sale cannot get its own.
  if (row.einvoice_run_id) return "consolidated";
  if (row.einvoice_status === "invalid" && buyerMustFix(row.einvoice_errors)) return "open";
  return BY_STATUS[row.einvoice_status];
}
