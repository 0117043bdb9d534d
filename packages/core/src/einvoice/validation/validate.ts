import { checkParty, isGeneralPublic } from "../document/parties";
import { type Check, child, join, root } from "./check";
import { checkLines } from "./lines";
import { type Code, render, type Severity, severityOf } from "./messages";
import { checkHeader, checkNumbers, needsSignature, typeOf } from "./rules";
import { Document } from "./structure";
import { checkTotals } from "./totals";

export type Issue = { code: Code; path: string; severity: Severity; message: { en: string; ms: string } };
export type ValidateOptions = {
  now: Date;
  /** LHDN refuses documents issued more than 72 hours before submission. */
  maxAgeHours?: number;
  /** The document is about to be signed: a 1.1 document may not carry its signature yet. */
  beforeSigning?: boolean;
};

export type { Code } from "./messages";

const KB = 1024;
// LHDN's limit per document (SDK submit documents). Before signing, leave room for the
// signature block, about 4 KB in the official samples, more with a longer certificate chain.
const MAX_BYTES = 300 * KB;
const SIGNATURE_ALLOWANCE = 8 * KB;
const SELF_BILLED = new Set(["11", "12", "13", "14"]);

/**
 * Pre-flight check of a MyInvois UBL JSON document (`{_D,_A,_B,Invoice:[…]}`), signed or not:
 * structure, LHDN's identifier formats and code lists, tax and totals to the sen, dates,
 * consolidated-invoice rules and size. `ok` is false when any issue is an error.
 *
 * Numbers are judged by the text JSON.stringify will write for them, because that text is what
 * gets hashed, signed and sent: 0.0000001 is written "1e-7", which MyInvois rejects, however
 * the value was typed or parsed. Never throws on malformed input; it reports it.
 */
export function validateDocument(
  document: unknown,
  options: ValidateOptions,
): { ok: boolean; issues: Issue[] } {
  const issues: Issue[] = [];
  const check: Check = {
    report: (code, path, params) =>
      issues.push({ code, path, severity: severityOf(code), message: render(code, path, params) }),
    now: options.now,
    maxAgeHours: options.maxAgeHours ?? 72,
    beforeSigning: options.beforeSigning ?? false,
  };

  // A cycle or a BigInt cannot be sent at all, and a cycle would never end the rules' walk.
  const text = serialise(document);
  if (text === undefined) {
    check.report("einvoice.structure.invalid", "");
    return { ok: false, issues };
  }
  checkStructure(document, check);
  const invoice = child(root(document), "Invoice");
  if (invoice) {
    checkHeader(invoice, check);
    const supplier = child(child(invoice, "AccountingSupplierParty"), "Party");
    const buyer = child(child(invoice, "AccountingCustomerParty"), "Party");
    const recipient = child(child(invoice, "Delivery"), "DeliveryParty");
    if (supplier) checkParty(supplier, "supplier", check);
    if (buyer) checkParty(buyer, "buyer", check);
    if (recipient) checkParty(recipient, "recipient", check);
    const selfBilled = SELF_BILLED.has(typeOf(invoice) ?? "");
    checkLines(invoice, selfBilled ? undefined : isGeneralPublic(buyer), check);
    checkTotals(invoice, check);
    checkNumbers(invoice, check);
  }
  checkSize(text, check.beforeSigning && invoice !== undefined && needsSignature(invoice), check);
  return { ok: !issues.some((issue) => issue.severity === "error"), issues };
}

function checkStructure(document: unknown, check: Check) {
  const result = Document.safeParse(document);
  for (const issue of result.error?.issues ?? []) {
    const path = issue.path.reduce<string>(
      (p, key) => (typeof key === "number" ? `${p}[${key}]` : join(p, String(key))),
      "",
    );
    const missing = valueAt(document, issue.path) === undefined;
    check.report(missing ? "einvoice.field.required" : "einvoice.structure.invalid", path);
  }
}

function valueAt(document: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      typeof node === "object" && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    document,
  );
}

function serialise(document: unknown): string | undefined {
  try {
    return JSON.stringify(document);
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

function checkSize(text: string, unsigned: boolean, check: Check) {
  const bytes = Buffer.byteLength(text, "utf8") + (unsigned ? SIGNATURE_ALLOWANCE : 0);
  if (bytes > MAX_BYTES) {
    check.report("einvoice.document.too_large", "", {
      found: String(Math.ceil(bytes / KB)),
      max: MAX_BYTES / KB,
    });
  }
}
