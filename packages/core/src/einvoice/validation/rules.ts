import { Money } from "../../money/index";
import { CURRENCIES, DOCUMENT_TYPES, PAYMENT_METHODS } from "../codes";
import {
  type At,
  attribute,
  type Check,
  child,
  children,
  join,
  type Leaf,
  maxLength,
  notBlank,
  text,
  walk,
} from "./check";
import { INVOICE_ORDER, LINE_ORDER } from "./structure";

const NOTES = new Set(["02", "03", "04", "12", "13", "14"]);
const SIGNED_VERSIONS = new Set(["1.1", "1.3"]);
// SVDP versions (release note 8 Jul 2026) end with the programme: 31 Dec 2027, Malaysian time.
const SVDP_VERSIONS = new Set(["1.2", "1.3"]);
const SVDP_END = Date.parse("2027-12-31T16:00:00Z");
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function date(check: Check, leaf: Leaf<string> | undefined): boolean {
  if (!leaf) return false;
  if (isDate(leaf.value)) return true;
  check.report("einvoice.date.format", leaf.path);
  return false;
}

function time(check: Check, leaf: Leaf<string> | undefined): boolean {
  if (!leaf) return false;
  if (TIME.test(leaf.value)) return true;
  check.report("einvoice.time.format", leaf.path);
  return false;
}

const versionOf = (invoice: At) => attribute(invoice, "InvoiceTypeCode", "listVersionID")?.value;
export const typeOf = (invoice: At) => text(invoice, "InvoiceTypeCode")?.value;

export const needsSignature = (invoice: At) => SIGNED_VERSIONS.has(versionOf(invoice) ?? "");

export function checkHeader(invoice: At, check: Check) {
  const id = text(invoice, "ID");
  notBlank(check, id);
  maxLength(check, id, 50);

  const type = text(invoice, "InvoiceTypeCode");
  if (type && !DOCUMENT_TYPES.has(type.value))
    check.report("einvoice.document.type", type.path, { value: type.value });
  const version = attribute(invoice, "InvoiceTypeCode", "listVersionID");
  if (version) {
    const svdp = SVDP_VERSIONS.has(version.value);
    if (svdp) check.report("einvoice.document.svdp", version.path);
    if (!(svdp || ["1.0", "1.1"].includes(version.value)) || (svdp && check.now.getTime() > SVDP_END)) {
      check.report("einvoice.document.version", version.path, { value: version.value });
    }
  }

  checkIssued(invoice, check);
  checkSignature(invoice, check);
  checkCurrency(invoice, check);

  if (type && NOTES.has(type.value)) {
    const referenced = children(invoice, "BillingReference").some((ref) => {
      const original = child(ref, "InvoiceDocumentReference");
      return Boolean(text(original, "ID")?.value.trim() && text(original, "UUID")?.value.trim());
    });
    if (!referenced) check.report("einvoice.reference.missing", join(invoice.path, "BillingReference"));
  }

  const means = text(child(invoice, "PaymentMeans"), "PaymentMeansCode");
  if (means && !PAYMENT_METHODS.has(means.value))
    check.report("einvoice.payment.means", means.path, { value: means.value });

  checkLengths(invoice, check);
  checkOrder(invoice, INVOICE_ORDER, check);
  for (const line of children(invoice, "InvoiceLine")) checkOrder(line, LINE_ORDER, check);
}

// LHDN refuses documents dated in the future or over 72 hours old (SDK core fields; BRIEF §1.3).
function checkIssued(invoice: At, check: Check) {
  const issueDate = text(invoice, "IssueDate");
  const issueTime = text(invoice, "IssueTime");
  const dated = date(check, issueDate);
  const timed = time(check, issueTime);
  const period = child(invoice, "InvoicePeriod");
  date(check, text(period, "StartDate"));
  date(check, text(period, "EndDate"));
  const prepaid = child(invoice, "PrepaidPayment");
  date(check, text(prepaid, "PaidDate"));
  time(check, text(prepaid, "PaidTime"));
  if (!dated || !timed) return;

  const issued = Date.parse(`${issueDate!.value}T${issueTime!.value}`);
  const now = check.now.getTime();
  if (issued > now) check.report("einvoice.issued.future", issueTime!.path);
  else if (now - issued > check.maxAgeHours * 3_600_000) {
    check.report("einvoice.issued.too_old", issueDate!.path, { max: check.maxAgeHours });
  }
}

function checkSignature(invoice: At, check: Check) {
  const parts = ["UBLExtensions", "Signature"].filter((key) => key in invoice.node);
  if (check.beforeSigning) {
    for (const key of parts) check.report("einvoice.signature.unexpected", join(invoice.path, key));
  } else if (needsSignature(invoice) && parts.length < 2) {
    check.report("einvoice.signature.missing", invoice.path);
  }
}

function checkCurrency(invoice: At, check: Check) {
  const currency = text(invoice, "DocumentCurrencyCode");
  for (const code of [currency, text(invoice, "TaxCurrencyCode")]) {
    if (code && !CURRENCIES.has(code.value))
      check.report("einvoice.document.currency", code.path, { value: code.value });
  }
  if (!currency || currency.value === "MYR" || !CURRENCIES.has(currency.value)) return;

  // Rejected without the rate since 1 Sep 2025 (SDK release note 1 Aug 2025).
  const rate = child(invoice, "TaxExchangeRate");
  if (!rate) {
    check.report("einvoice.currency.exchange_rate_missing", join(invoice.path, "TaxExchangeRate"), {
      value: currency.value,
    });
    return;
  }
  const value = child(rate, "CalculationRate")?.node._;
  const positive =
    typeof value === "number" && Number.isFinite(value) && Money.ofJsonNumber(value).gt(Money.ZERO);
  if (
    text(rate, "SourceCurrencyCode")?.value !== currency.value ||
    text(rate, "TargetCurrencyCode")?.value !== "MYR" ||
    !positive
  ) {
    check.report("einvoice.currency.exchange_rate_invalid", rate.path, { value: currency.value });
  }
}

// Limits enforced in production since 15 Aug 2026 (SDK 1.0 release notes) and the field tables.
function checkLengths(invoice: At, check: Check) {
  maxLength(check, text(child(invoice, "InvoicePeriod"), "Description"), 50);
  maxLength(check, text(child(child(invoice, "PaymentMeans"), "PayeeFinancialAccount"), "ID"), 150);
  maxLength(check, text(child(invoice, "PaymentTerms"), "Note"), 300);
  maxLength(check, text(child(invoice, "PrepaidPayment"), "ID"), 150);
  for (const ref of children(invoice, "BillingReference")) {
    maxLength(check, text(child(ref, "AdditionalDocumentReference"), "ID"), 150);
  }
  for (const ref of children(invoice, "AdditionalDocumentReference")) {
    const type = text(ref, "DocumentType")?.value;
    if (type === "CustomsImportForm" || type === "K2") maxLength(check, text(ref, "ID"), 1000);
    else if (type === "FreeTradeAgreement") maxLength(check, text(ref, "DocumentDescription"), 300);
    // The entry without a type carries the Incoterms (e.g. "CIF").
    else if (type === undefined) maxLength(check, text(ref, "ID"), 3);
  }
  for (const account of children(child(invoice, "AccountingSupplierParty"), "AdditionalAccountID")) {
    if (typeof account.node._ === "string") {
      maxLength(check, { value: account.node._, path: `${account.path}._`, node: account.node }, 300);
    }
  }
  const shipment = child(child(invoice, "Delivery"), "Shipment");
  for (const charge of children(shipment, "FreightAllowanceCharge")) {
    maxLength(check, text(charge, "AllowanceChargeReason"), 300);
  }
}

function checkOrder(at: At, order: string[], check: Check) {
  const positions = Object.keys(at.node)
    .map((key) => order.indexOf(key))
    .filter((i) => i >= 0);
  if (positions.some((p, i) => i > 0 && p < positions[i - 1]!))
    check.report("einvoice.structure.order", at.path);
}

/**
 * Every number as JSON.stringify will write it: no exponent (SDK release note 30 Apr 2026),
 * money to the sen, and in the document's currency (or its tax currency).
 */
export function checkNumbers(invoice: At, check: Check) {
  const currencies = new Set(
    [text(invoice, "DocumentCurrencyCode"), text(invoice, "TaxCurrencyCode")].flatMap((c) =>
      c ? [c.value] : [],
    ),
  );
  const expected = text(invoice, "DocumentCurrencyCode")?.value ?? "";
  for (const at of walk(invoice)) {
    const value = at.node._;
    const currency = at.node.currencyID;
    if (typeof currency === "string" && currencies.size > 0 && !currencies.has(currency)) {
      check.report("einvoice.amount.currency", `${at.path}.currencyID`, { expected, found: currency });
    }
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    const path = `${at.path}._`;
    if (/e/i.test(String(value))) check.report("einvoice.amount.exponent", path, { value: String(value) });
    // A unit price or a per-unit tax may need fractions of a sen; totals may not.
    else if (typeof currency === "string" && !/(PriceAmount|PerUnitAmount)\[\d+\]$/.test(at.path)) {
      if (Money.places(Money.ofJsonNumber(value)) > 2)
        check.report("einvoice.amount.precision", path, { value: String(value) });
    }
  }
}
