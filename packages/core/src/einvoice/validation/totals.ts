import { Money } from "../../money/index";
import { type Amount, type At, amount, type Check, child, children, join, text } from "./check";
import type { Code } from "./messages";

/**
 * SDK "Mathematical Mappings", exact to the sen. Each equation takes the amounts as declared, so
 * a wrong figure is reported where it is, not again in every total built on it. Equations that
 * mix currencies (MYR taxes on a USD invoice, as LHDN's sample does) are skipped: converting
 * would need a rounding rule LHDN does not publish.
 */

const NONE: Amount = { value: Money.ZERO, currency: undefined, path: "" };
const HALF_SEN = Money.of("0.005");
type Term = [sign: 1 | -1, amount: Amount | undefined];

function total(amounts: (Amount | undefined)[]): Amount | undefined {
  const present = amounts.filter((a): a is Amount => a !== undefined);
  const currencies = new Set(present.flatMap((a) => (a.currency ? [a.currency] : [])));
  if (currencies.size > 1) return undefined;
  return {
    value: Money.sum(present.map((a) => a.value)),
    currency: [...currencies][0],
    path: "",
  };
}

function expectSum(
  check: Check,
  code: Code,
  actual: Amount | undefined,
  terms: Term[],
  options: { tolerance?: Money.Amount; value?: string } = {},
) {
  if (!actual || terms.some(([, a]) => a === undefined)) return;
  const amounts = terms.map(([, a]) => a!);
  const currencies = new Set([actual, ...amounts].flatMap((a) => (a.currency ? [a.currency] : [])));
  if (currencies.size > 1) return;
  const expected = Money.sum(terms.map(([sign, a]) => (sign === 1 ? a!.value : a!.value.neg())));
  const right = options.tolerance
    ? Money.near(expected, actual.value, options.tolerance)
    : expected.eq(actual.value);
  if (right) return;
  const currency = actual.currency ?? "";
  check.report(code, actual.path, {
    expected: Money.format(options.tolerance ? Money.round(expected) : expected, currency),
    found: Money.format(actual.value, currency),
    value: options.value,
  });
}

function allowancesAndCharges(at: At) {
  const entries = children(at, "AllowanceCharge").map((entry) => ({
    charge: child(entry, "ChargeIndicator")?.node._,
    amount: amount(entry, "Amount"),
  }));
  return {
    allowances: total(entries.filter((e) => e.charge === false).map((e) => e.amount)),
    charges: total(entries.filter((e) => e.charge === true).map((e) => e.amount)),
  };
}

const taxType = (subtotal: At) => text(child(subtotal, "TaxCategory"), "ID")?.value;

export function checkTotals(invoice: At, check: Check) {
  const lines = children(invoice, "InvoiceLine");
  const lineTaxes = new Map<string, (Amount | undefined)[]>();
  for (const line of lines) {
    const subtotal = amount(child(line, "ItemPriceExtension"), "Amount");
    const price = amount(child(line, "Price"), "PriceAmount");
    const quantity = child(line, "InvoicedQuantity")?.node._;
    if (price && typeof quantity === "number" && Number.isFinite(quantity)) {
      // Price × quantity may run past the sen (0.125/g × 3 g); the subtotal is that, rounded.
      const product = { ...price, value: price.value.times(Money.ofJsonNumber(quantity)) };
      expectSum(check, "einvoice.line.subtotal", subtotal, [[1, product]], { tolerance: HALF_SEN });
    }
    const { allowances, charges } = allowancesAndCharges(line);
    expectSum(check, "einvoice.line.net_amount", amount(line, "LineExtensionAmount"), [
      [1, subtotal],
      [-1, allowances],
      [1, charges],
    ]);
    const tax = child(line, "TaxTotal");
    const subtotals = children(tax, "TaxSubtotal");
    expectSum(check, "einvoice.line.tax_total", amount(tax, "TaxAmount"), [
      [1, total(subtotals.map((s) => amount(s, "TaxAmount")))],
    ]);
    for (const s of subtotals) {
      const type = taxType(s);
      if (type) lineTaxes.set(type, [...(lineTaxes.get(type) ?? []), amount(s, "TaxAmount")]);
    }
  }

  const legal = child(invoice, "LegalMonetaryTotal");
  const declared = (key: string) => amount(legal, key);
  const linesNet = total(lines.map((line) => amount(line, "LineExtensionAmount")));
  expectSum(check, "einvoice.totals.line_extension", declared("LineExtensionAmount"), [[1, linesNet]]);
  const { allowances, charges } = allowancesAndCharges(invoice);
  expectSum(check, "einvoice.totals.allowance_total", declared("AllowanceTotalAmount"), [[1, allowances]]);
  expectSum(check, "einvoice.totals.charge_total", declared("ChargeTotalAmount"), [[1, charges]]);
  expectSum(check, "einvoice.totals.tax_exclusive", declared("TaxExclusiveAmount"), [
    [1, declared("LineExtensionAmount") ?? linesNet],
    [-1, declared("AllowanceTotalAmount") ?? allowances],
    [1, declared("ChargeTotalAmount") ?? charges],
  ]);

  const tax = child(invoice, "TaxTotal");
  const subtotals = children(tax, "TaxSubtotal");
  expectSum(check, "einvoice.totals.tax_total", amount(tax, "TaxAmount"), [
    [1, total(subtotals.map((s) => amount(s, "TaxAmount")))],
  ]);
  expectSum(check, "einvoice.totals.tax_inclusive", declared("TaxInclusiveAmount"), [
    [1, declared("TaxExclusiveAmount")],
    [1, amount(tax, "TaxAmount")],
  ]);
  expectSum(check, "einvoice.totals.payable", declared("PayableAmount"), [
    [1, declared("TaxInclusiveAmount")],
    [-1, amount(child(invoice, "PrepaidPayment"), "PaidAmount") ?? NONE],
    [1, declared("PayableRoundingAmount") ?? NONE],
  ]);

  // Per tax type, the document's subtotal is the sum of the lines' (SDK mathematical mappings).
  for (const subtotal of subtotals) {
    const type = taxType(subtotal);
    if (!type) continue;
    expectSum(
      check,
      "einvoice.totals.tax_by_type",
      amount(subtotal, "TaxAmount"),
      [[1, total(lineTaxes.get(type) ?? [])]],
      { value: type },
    );
  }
  const documentTypes = new Set(subtotals.map(taxType));
  for (const [type, amounts] of lineTaxes) {
    const sum = total(amounts);
    if (documentTypes.has(type) || !sum || sum.value.eq(Money.ZERO)) continue;
    check.report(
      "einvoice.totals.tax_by_type",
      join(tax?.path ?? join(invoice.path, "TaxTotal"), "TaxSubtotal"),
      {
        value: type,
        expected: Money.format(sum.value, sum.currency ?? ""),
        found: Money.format(Money.ZERO, sum.currency ?? ""),
      },
    );
  }
}
