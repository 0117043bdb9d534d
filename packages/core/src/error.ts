/**
 * What went wrong, in terms of what the caller can do about it. Each kind has exactly one
 * HTTP status (see STATUS), so every entry point maps errors the same way.
 */
export type ErrorKind =
  | "input"
  | "auth"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "locked"
  | "too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable";

export const STATUS: Record<ErrorKind, 400 | 401 | 403 | 404 | 409 | 413 | 415 | 423 | 429 | 503> = {
  input: 400,
  auth: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

/**
 * The documented error codes. Clients branch on `code`, never on the message text.
 * docs/errors.md lists the same codes for people.
 */
export const ERROR_CODES = {
  /** The request body is not valid JSON. */
  "request.malformed_json": "input",
  /** The body, query or path failed its schema; `issues` says which field and why. */
  "request.invalid": "input",
  /** The body is larger than the endpoint accepts. */
  "request.too_large": "too_large",
  /** The body is not JSON in UTF-8 (nor a form where one is taken); the message says what was sent. */
  "request.unsupported_media_type": "unsupported_media_type",
  /** No route matches the method and path. */
  "route.not_found": "not_found",
  /** No credentials were sent, or they are not valid. */
  "auth.required": "auth",
  /** The credentials are valid but do not allow this action. */
  "auth.forbidden": "forbidden",
  /** Login: the email and password do not match an active account (which of the two is not said). */
  "auth.invalid_credentials": "auth",
  /**
   * The session token is malformed, tampered with or expired, its session has ended (logout,
   * password change, refresh-token reuse) or its user is disabled.
   */
  "auth.invalid_token": "auth",
  /** Signed in with a temporary password: change it (POST /api/auth/password) before anything else. */
  "auth.password_change_required": "forbidden",
  /** Too many login attempts from this address; `Retry-After` says when to try again. */
  "auth.rate_limited": "rate_limited",
  /** Changing one's password: the current password given is not right. */
  "auth.wrong_password": "input",
  /** A cookie-authenticated write without the matching x-csrf-token header. */
  "auth.csrf": "forbidden",
  /** shop.logo_key names no uploaded image: upload it (POST /api/settings/logo) before saving. */
  "settings.logo_not_uploaded": "input",
  /** The uploaded logo is larger than the limit. */
  "settings.logo_too_large": "too_large",
  /** A customer link that is tampered with, expired, or for something that no longer exists. */
  "link.invalid": "not_found",
  /** No such ticket (or not one this caller may see). */
  "ticket.not_found": "not_found",
  /** The step does not apply to the ticket as it is now; `details.allowed` lists the steps that do. */
  "ticket.transition_not_allowed": "conflict",
  /** "Called — done" on a ticket that has no "call the customer" flag (already cleared, or never raised). */
  "ticket.call_customer_not_flagged": "conflict",
  /** A completion photo or intake photo key that was not uploaded for this ticket or form. */
  "photo.not_uploaded": "input",
  /** An uploaded file over its slot's size (`details.max_bytes`); it is deleted. */
  "upload.too_large": "input",
  /** An uploaded file that is not a JPEG, PNG or WebP by its own bytes; it is deleted. */
  "upload.wrong_type": "input",
  /** A file key outside the folder it belongs in, or not spelled as we make keys (`../`, `%2e`…). */
  "upload.invalid_key": "input",
  /** Too many upload URLs asked for from one address, form or user; `details.retry_after` in seconds. */
  "upload.rate_limited": "rate_limited",
  /** Accepting or dismissing intake details that are not (or no longer) waiting on the ticket. */
  "ticket.no_customer_changes": "conflict",
  /** The amount is more than is left to pay (only cash can be more: the rest is change). */
  "payment.above_balance": "input",
  /** The invoice is already paid in full (or is not one that takes payments). */
  "payment.nothing_due": "conflict",
  /** No such product (or it was deleted). */
  "product.not_found": "not_found",
  /** Another product already has this SKU. */
  "product.sku_taken": "conflict",
  /** Another product already has this barcode. */
  "product.barcode_taken": "conflict",
  /** The product's fields do not fit together (a stocked service, a bundle with no items…); the message says which. */
  "product.invalid": "input",
  /** Not enough stock of an item: `details` names it (`sku`, `name`) and says what is left (`available`). */
  "stock.insufficient": "conflict",
  /** A sale's line names a product that does not exist or is not for sale; `details.product_id`. */
  "sale.unknown_product": "input",
  /** A sale's line or cart that does not add up (a discount above the price, a price on a catalogue item…). */
  "sale.invalid": "input",
  /** The discount is above what a cashier may give (`details.limit_percent`): an admin approves it on the same screen. */
  "sale.discount_needs_approval": "forbidden",
  /** The approving admin's email or password is not right. */
  "sale.approval_invalid": "forbidden",
  /** More refunded than was paid, or more of a line than was sold; `details` says what is left. */
  "refund.above_paid": "input",
  /** Refunds are for admins (and cashiers when the settings allow it). */
  "refund.not_allowed": "forbidden",
  /** A payment QR payload that is not a valid EMVCo QR; `details.reason` says why, `details.field` which ID. */
  "payment_qr.invalid": "input",
  /** The shop's payment QR cannot carry an amount (its currency is not ringgit). */
  "payment_qr.amount_not_allowed": "conflict",
  /** An amount for the payment QR that is not more than zero, not money text, or over 13 characters. */
  "payment_qr.amount_invalid": "input",
  /** A barcode that its symbology cannot encode (a wrong EAN-13 check digit, a character Code 128 lacks). */
  "barcode.invalid": "input",
  /** A refund of an invoice nothing was paid on: there is no money to give back. */
  "refund.not_paid": "conflict",
  /** A refund line naming an item that is not on the invoice; `details.item_id`. */
  "refund.unknown_line": "input",
  /** The refund's payments do not add up to the money to give back; `details.amount` says what does. */
  "refund.payments_mismatch": "input",
  /** A shift is already open (one drawer, one shift at a time); `details.shift_id` names it. */
  "shift.already_open": "conflict",
  /** No such shift. */
  "shift.not_found": "not_found",
  /** The shift is already closed. */
  "shift.closed": "conflict",
  /** No such customer. */
  "customer.not_found": "not_found",
  /** No WhatsApp chat (wa_threads) with that id. */
  "thread.not_found": "not_found",
  /** A staff reply in the inbox to a customer who opted out of WhatsApp: phone them instead. */
  "inbox.opted_out": "conflict",
  "invoice.not_found": "not_found",
  /** No such user. */
  "users.not_found": "not_found",
  /** Another account already uses this email. */
  "users.email_taken": "conflict",
  /** The change would leave the shop without an active admin. */
  "users.last_admin": "conflict",
  /** The WhatsApp gateway could not be reached to carry out the request. */
  "whatsapp.gateway_unavailable": "unavailable",
  /** The request needs the simulated WhatsApp transport, and another one is running. */
  "whatsapp.not_simulated": "conflict",
  /** The WhatsApp gateway has not reported recently, so nothing asked of it would be carried out. */
  "whatsapp.gateway_not_running": "conflict",
  /** A pairing code was asked for while the shop's number is linked: unlink it first. */
  "whatsapp.already_linked": "conflict",
  /** The stored object does not exist. */
  "blob.not_found": "not_found",
  /** A queue message could not be handed to the queue service. */
  "queue.unavailable": "unavailable",
  /** A job type that no handler is registered for. */
  "job.unknown_type": "input",
  // MyInvois (LHDN e-Invoice). `details` carries `lhdnCodes`, LHDN's message and an
  // `explanation` in English and Malay; see docs/errors.md.
  /** LHDN refused the shop's MyInvois client ID/secret. Not a 401: the signed-in user is fine. */
  "einvoice.unauthorized": "input",
  /** LHDN does not allow this for the shop's credentials (e.g. another taxpayer's document). */
  "einvoice.forbidden": "forbidden",
  /** LHDN has no such document or submission. */
  "einvoice.not_found": "not_found",
  /** LHDN refused a parameter of the request. */
  "einvoice.bad_request": "input",
  /** LHDN could not read the submission's structure. */
  "einvoice.bad_structure": "input",
  /** More than 100 documents in one submission; refused before sending. */
  "einvoice.too_many_documents": "input",
  /** A document over 300 KB; refused before sending. */
  "einvoice.document_too_large": "too_large",
  /** A submission over 5 MB (refused before sending), or LHDN's MaximumSizeExceeded. */
  "einvoice.submission_too_large": "too_large",
  /** The credentials may not submit for this supplier TIN. */
  "einvoice.incorrect_submitter": "forbidden",
  /** An identical submission was sent in the last 10 minutes; `details.retryAfterSeconds`. */
  "einvoice.duplicate_submission": "conflict",
  /** A document LHDN did not accept or found invalid; the reasons are in its problems. */
  "einvoice.rejected": "input",
  /** LHDN already has a document with the same number, type, issue time and supplier (DS302). */
  "einvoice.duplicate_document": "conflict",
  /** The document's digital signature failed LHDN's checks (DS3xx). */
  "einvoice.signature_invalid": "input",
  /** Cancel or reject more than 72 hours after validation: issue a credit note instead. */
  "einvoice.cancel_window_over": "conflict",
  /** The document's status does not allow the change (already cancelled, rejected, invalid). */
  "einvoice.incorrect_state": "conflict",
  /** A valid credit/debit/refund note refers to the document; cancel that first. */
  "einvoice.referenced_by_active_document": "conflict",
  /** Validate TIN: the TIN or ID number is malformed. */
  "einvoice.tin_invalid": "input",
  /** LHDN kept throttling after our retries, or asked for a long wait; `details.retryAfterSeconds`. */
  "einvoice.rate_limited": "rate_limited",
  /** MyInvois could not be reached, failed, or answered in a shape we cannot read. */
  "einvoice.unavailable": "unavailable",
  /** LHDN had not finished validating a submission within the time we waited. */
  "einvoice.poll_timeout": "unavailable",
  /** The sale went into the month's consolidated e-invoice: it cannot have its own now. */
  "einvoice.already_consolidated": "conflict",
  /** The sale already has an e-invoice (valid, or submitted and being validated). */
  "einvoice.already_issued": "conflict",
  /** Not a sale that can have an e-invoice: a draft, void or refunded invoice, or a note. */
  "einvoice.not_issuable": "conflict",
  /** The sale has no buyer details to put on an e-invoice. */
  "einvoice.no_buyer": "input",
  /** MyInvois API credentials, the certificate or the supplier's details are missing in settings. */
  "einvoice.not_configured": "conflict",
  /** Our data could not be made into an e-invoice (a field missing or malformed). */
  "einvoice.input_invalid": "input",
  /** The month cannot be consolidated (not over yet, nothing to consolidate, already done). */
  "einvoice.consolidation_refused": "conflict",
  /** A certificate or PKCS#12 file that cannot be read, or the wrong password. */
  "einvoice.certificate_invalid": "input",
  /** Pickup with money still owed on the repair's invoice: `details.due` says how much (or give `unpaid_reason`). */
  "ticket.balance_due": "conflict",
  /** Returning a part that is not in use on the ticket (never used there, or already returned). */
  "ticket.part_not_found": "not_found",
  /** A catalogue CSV with bad rows: nothing was imported; `details` is the import report (`errors` by line). */
  "product.import_invalid": "input",
  /** The shop has no DuitNow QR in settings (pos.duitnow_qr), so a sale cannot be paid by one. */
  "payment_qr.not_configured": "conflict",
  /** No such quote (or the link opens another one). */
  "quote.not_found": "not_found",
  /** The quote is past its valid-until date: it can no longer be accepted, sent or converted. */
  "quote.expired": "conflict",
  /** The customer already gave the other answer (`details.status`); a repeat of the same answer is fine. */
  "quote.already_decided": "conflict",
  /** The quote cannot do this in its status (`details.status`): a declined or converted quote is closed. */
  "quote.not_open": "conflict",
  /** The customer opted out of WhatsApp messages: give them the quote another way. */
  "quote.no_whatsapp": "conflict",
  /** No such appointment. */
  "appointment.not_found": "not_found",
  /** Another booking holds that time (`details.starts_at`); pick another free slot. */
  "appointment.slot_taken": "conflict",
  /** Not a slot the shop offers: outside the opening hours, off the slot grid, or already past. */
  "appointment.not_a_slot": "input",
  /** The appointment was cancelled or done (`details.status`): it can no longer be moved or cancelled. */
  "appointment.not_booked": "conflict",
  /** No such campaign. */
  "campaign.not_found": "not_found",
  /** The campaign cannot do this in its status (`details.status`): only a draft is edited or scheduled. */
  "campaign.invalid_state": "conflict",
  /** Nobody in the audience may be sent a campaign; `details` counts the excluded by reason. */
  "campaign.no_recipients": "conflict",
  /** A request the campaign cannot take as it is (a winner for a campaign of one variant). */
  "campaign.invalid": "input",
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class VisibleError extends Error {
  readonly kind: ErrorKind;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "VisibleError";
    this.kind = ERROR_CODES[code];
  }

  get status() {
    return STATUS[this.kind];
  }
}
