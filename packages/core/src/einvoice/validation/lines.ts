import { Money } from "../../money/index";
import { CLASSIFICATION_CONSOLIDATED, CLASSIFICATIONS, COUNTRIES, TAX_TYPES, UNITS } from "../codes";
import {
  type At,
  amount,
  attribute,
  type Check,
  child,
  children,
  join,
  maxLength,
  notBlank,
  text,
} from "./check";

// Sales, service, tourism, high-value goods and low-value goods tax carry a rate; 06 and E may not.
const RATED_TAX_TYPES = new Set(["01", "02", "03", "04", "05"]);
const EXEMPT = "E";
const ONE_SEN = Money.of("0.01");

/**
 * `consolidated`: whether lines must all be 004 (true), may never be 004 (false), or are not
 * checked (undefined, self-billed documents, where the Guideline lets the buyer choose).
 */
export function checkLines(invoice: At, consolidated: boolean | undefined, check: Check) {
  for (const line of children(invoice, "InvoiceLine")) {
    notBlank(check, text(line, "ID"));
    const item = child(line, "Item");
    const description = text(item, "Description");
    notBlank(check, description);
    maxLength(check, description, 300);
    checkClassification(item, consolidated, check);

    checkUnit(line, "InvoicedQuantity", check);
    const origin = text(child(item, "OriginCountry"), "IdentificationCode");
    if (origin && !COUNTRIES.has(origin.value)) {
      check.report("einvoice.line.origin_country", origin.path, { value: origin.value });
    }
    for (const subtotal of children(child(line, "TaxTotal"), "TaxSubtotal")) {
      checkTaxCategory(subtotal, check);
      checkUnit(subtotal, "BaseUnitMeasure", check);
      checkRate(subtotal, check);
    }
  }
  const subtotals = children(child(invoice, "TaxTotal"), "TaxSubtotal");
  const seen = new Set<string>();
  for (const subtotal of subtotals) {
    checkTaxCategory(subtotal, check);
    const type = text(child(subtotal, "TaxCategory"), "ID");
    // One TaxSubtotal per tax type at document level (SDK mathematical mappings).
    if (type && seen.has(type.value))
      check.report("einvoice.tax.duplicate_type", type.path, { value: type.value });
    if (type) seen.add(type.value);
  }
}

function checkUnit(at: At, key: string, check: Check) {
  const unit = attribute(at, key, "unitCode");
  if (unit && !UNITS.has(unit.value)) check.report("einvoice.line.unit", unit.path, { value: unit.value });
}

function checkClassification(item: At | undefined, consolidated: boolean | undefined, check: Check) {
  const entries = children(item, "CommodityClassification");
  const classes = entries.flatMap((entry) => {
    const code = text(entry, "ItemClassificationCode");
    const list = attribute(entry, "ItemClassificationCode", "listID")?.value;
    if (list === "PTC") maxLength(check, code, 12);
    return code && list === "CLASS" ? [code] : [];
  });
  for (const code of classes) {
    if (!CLASSIFICATIONS.has(code.value))
      check.report("einvoice.line.classification", code.path, { value: code.value });
  }
  const listPath = join(item?.path ?? "", "CommodityClassification");
  if (entries.length > 0 && classes.length === 0)
    check.report("einvoice.line.classification_missing", listPath);
  if (classes.length === 0) return;

  // 004 and the General Public buyer go together, both ways (Specific Guideline §3.7; odoo#276453).
  const consolidatedCode = classes.find((code) => code.value === CLASSIFICATION_CONSOLIDATED);
  if (consolidated === true && !consolidatedCode)
    check.report("einvoice.consolidated.classification", listPath);
  if (consolidated === false && consolidatedCode)
    check.report("einvoice.line.consolidated_only", consolidatedCode.path);
}

function checkTaxCategory(subtotal: At, check: Check) {
  const category = child(subtotal, "TaxCategory");
  const type = text(category, "ID");
  if (type && !TAX_TYPES.has(type.value)) check.report("einvoice.tax.type", type.path, { value: type.value });
  const reason = text(category, "TaxExemptionReason");
  maxLength(check, reason, 300);
  if (type?.value === EXEMPT && !reason?.value.trim()) {
    check.report("einvoice.tax.exemption_reason", reason?.path ?? join(category!.path, "TaxExemptionReason"));
  }
  const scheme = child(child(category, "TaxScheme"), "ID");
  if (
    scheme &&
    (scheme.node._ !== "OTH" || scheme.node.schemeID !== "UN/ECE 5153" || scheme.node.schemeAgencyID !== "6")
  ) {
    check.report("einvoice.tax.scheme", scheme.path);
  }
}

/**
 * A percentage goes in Percent alone, a fixed rate in PerUnitAmount + BaseUnitMeasure (SDK line
 * "Tax Rate"). One sen of slack: tax taken out of a tax-inclusive price rounds on the gross.
 */
function checkRate(subtotal: At, check: Check) {
  const type = text(child(subtotal, "TaxCategory"), "ID")?.value ?? "";
  const percent = child(subtotal, "Percent");
  const perUnit = amount(subtotal, "PerUnitAmount");
  const base = child(subtotal, "BaseUnitMeasure");
  const fixed = perUnit !== undefined || base !== undefined;
  if (
    (percent && fixed) ||
    (perUnit === undefined) !== (base === undefined) ||
    (!percent && !fixed && RATED_TAX_TYPES.has(type))
  ) {
    check.report("einvoice.tax.rate_kind", subtotal.path);
    return;
  }
  const tax = amount(subtotal, "TaxAmount");
  if (!tax || type === EXEMPT) return;
  let expected: Money.Amount | undefined;
  if (typeof percent?.node._ === "number") {
    const taxable = amount(subtotal, "TaxableAmount");
    if (taxable && taxable.currency === tax.currency) {
      expected = taxable.value.times(Money.ofJsonNumber(percent.node._)).div(Money.HUNDRED);
    }
  } else if (perUnit && typeof base?.node._ === "number" && perUnit.currency === tax.currency) {
    expected = perUnit.value.times(Money.ofJsonNumber(base.node._));
  }
  if (expected && !Money.near(expected, tax.value, ONE_SEN)) {
    const currency = tax.currency ?? "";
    check.report("einvoice.tax.amount_rate", tax.path, {
      expected: Money.format(Money.round(expected), currency),
      found: Money.format(tax.value, currency),
    });
  }
}
