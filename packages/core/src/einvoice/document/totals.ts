import { Money } from "../../money/index";
import { fn } from "../../util/fn";
import { type AllowanceCharge, DocumentInput, type Line, type Tax } from "./input";

type Amount = Money.Amount;

/**
 * Every amount of a document, to the sen, computed as LHDN's mathematical mappings say
 * (sdk.myinvois.hasil.gov.my/mathematical-mappings) unless the input gives the figure.
 */
export type Amounts = {
  lines: LineAmounts[];
  allowance_charges: Amount[];
  line_extension: Amount;
  allowance_total: Amount;
  charge_total: Amount;
  tax_exclusive: Amount;
  tax: Amount;
  tax_subtotals: { type: string; taxable: Amount; amount: Amount; exemption_reason?: string }[];
  tax_inclusive: Amount;
  prepaid: Amount;
  rounding: Amount;
  payable: Amount;
};

export type LineAmounts = {
  subtotal: Amount;
  allowance_charges: Amount[];
  total_excluding_tax: Amount;
  taxes: { taxable: Amount; amount: Amount }[];
  tax: Amount;
};

/** A given figure that differs from what the builder computes from the rest of the input. */
export type Discrepancy = { path: string; given: string; computed: string };

export function computeAmounts(input: DocumentInput): { amounts: Amounts; discrepancies: Discrepancy[] } {
  const discrepancies: Discrepancy[] = [];
  const pick = (path: string, given: string | undefined, computed: Amount): Amount => {
    if (given === undefined) return computed;
    const stated = Money.parse(given);
    if (!stated.eq(computed))
      discrepancies.push({ path, given: Money.text(stated), computed: Money.text(computed) });
    return stated;
  };

  const lines = input.lines.map((line, i) => lineAmounts(line, `lines[${i}]`, pick));
  const line_extension = pick(
    "totals.line_extension",
    input.totals.line_extension,
    sum(lines, (l) => l.total_excluding_tax),
  );

  const allowance_charges = input.allowance_charges.map((a, i) =>
    allowanceCharge(a, line_extension, `allowance_charges[${i}]`, pick),
  );
  const sumWhere = (charge: boolean) =>
    sum(
      allowance_charges.filter((_, i) => input.allowance_charges[i]!.charge === charge),
      (a) => a,
    );
  const allowance_total = pick("totals.allowance_total", input.totals.allowance_total, sumWhere(false));
  const charge_total = pick("totals.charge_total", input.totals.charge_total, sumWhere(true));
  const tax_exclusive = pick(
    "totals.tax_exclusive",
    input.totals.tax_exclusive,
    line_extension.minus(allowance_total).plus(charge_total),
  );

  const computedSubtotals = subtotalsByType(input.lines, lines);
  const tax_subtotals = input.totals.tax_subtotals
    ? input.totals.tax_subtotals.map((s) => ({
        ...s,
        taxable: Money.parse(s.taxable),
        amount: Money.parse(s.amount),
      }))
    : computedSubtotals;
  if (describe(tax_subtotals) !== describe(computedSubtotals))
    discrepancies.push({
      path: "totals.tax_subtotals",
      given: describe(tax_subtotals),
      computed: describe(computedSubtotals),
    });
  const tax = pick(
    "totals.tax",
    input.totals.tax,
    sum(tax_subtotals, (s) => s.amount),
  );
  const tax_inclusive = pick("totals.tax_inclusive", input.totals.tax_inclusive, tax_exclusive.plus(tax));
  const prepaid = input.prepaid ? Money.parse(input.prepaid.amount) : Money.ZERO;
  const rounding = input.totals.rounding ? Money.parse(input.totals.rounding) : Money.ZERO;
  const payable = pick("totals.payable", input.totals.payable, tax_inclusive.minus(prepaid).plus(rounding));

  return {
    amounts: {
      lines,
      allowance_charges,
      line_extension,
      allowance_total,
      charge_total,
      tax_exclusive,
      tax,
      tax_subtotals,
      tax_inclusive,
      prepaid,
      rounding,
      payable,
    },
    discrepancies,
  };
}

/** Where the given figures disagree with the computed ones: empty for a consistent document. */
export const discrepancies = fn(DocumentInput, (input) => computeAmounts(input).discrepancies);

type Pick = (path: string, given: string | undefined, computed: Amount) => Amount;

function lineAmounts(line: Line, path: string, pick: Pick): LineAmounts {
  const subtotal = pick(
    `${path}.subtotal`,
    line.subtotal,
    multiply(Money.parse(line.unit_price), line.quantity),
  );
  const allowance_charges = line.allowance_charges.map((a, i) =>
    allowanceCharge(a, subtotal, `${path}.allowance_charges[${i}]`, pick),
  );
  const net = allowance_charges.reduce(
    (total, a, i) => (line.allowance_charges[i]!.charge ? total.plus(a) : total.minus(a)),
    subtotal,
  );
  const total_excluding_tax = pick(`${path}.total_excluding_tax`, line.total_excluding_tax, net);
  const taxes = line.taxes.map((t, i) => {
    // With one tax the whole line is taxable; with several, each part is given.
    const taxable =
      line.taxes.length === 1
        ? pick(`${path}.taxes[${i}].taxable`, t.taxable, total_excluding_tax)
        : Money.parse(t.taxable!);
    return {
      taxable,
      amount: pick(`${path}.taxes[${i}].amount`, t.amount, taxAmount(t, taxable, line.quantity)),
    };
  });
  return { subtotal, allowance_charges, total_excluding_tax, taxes, tax: sum(taxes, (t) => t.amount) };
}

function allowanceCharge(a: AllowanceCharge, base: Amount, path: string, pick: Pick): Amount {
  const computed = a.rate === undefined ? Money.parse(a.amount!) : Money.percentOf(base, a.rate);
  return pick(`${path}.amount`, a.amount, computed);
}

/** Exempt (E) means nothing is charged, whatever rate the exemption would have carried. */
function taxAmount(t: Tax, taxable: Amount, quantity: string): Amount {
  if (t.type === "E") return Money.ZERO;
  if (t.per_unit) return multiply(Money.parse(t.per_unit.amount), quantity, t.per_unit.base);
  return Money.percentOf(taxable, t.percent!);
}

/** One subtotal per tax type, in order of first appearance (SDK: "Total … per tax type"). */
function subtotalsByType(lines: Line[], amounts: LineAmounts[]): Amounts["tax_subtotals"] {
  const byType = new Map<string, Amounts["tax_subtotals"][number]>();
  for (const [i, line] of lines.entries())
    for (const [j, t] of line.taxes.entries()) {
      const { taxable, amount } = amounts[i]!.taxes[j]!;
      const entry = byType.get(t.type) ?? { type: t.type, taxable: Money.ZERO, amount: Money.ZERO };
      entry.taxable = entry.taxable.plus(taxable);
      entry.amount = entry.amount.plus(amount);
      if (t.exemption_reason) {
        const reasons = new Set(entry.exemption_reason?.split("; "));
        entry.exemption_reason = [...reasons.add(t.exemption_reason)].join("; ").slice(0, 300);
      }
      byType.set(t.type, entry);
    }
  return [...byType.values()];
}

const describe = (subtotals: Amounts["tax_subtotals"]) =>
  subtotals.map((s) => `${s.type}: ${Money.text(s.taxable)} / ${Money.text(s.amount)}`).join(", ");

const sum = <T>(items: T[], of: (item: T) => Amount) => Money.sum(items.map(of));

/** amount × quantity ÷ per, to the sen (half away from zero): a per-unit tax, or a price times a quantity. */
export function multiply(amount: Amount, quantity: string, per = "1"): Amount {
  const base = Money.of(per);
  if (base.eq(Money.ZERO)) throw new Error("A per-unit tax needs a base quantity above zero");
  return Money.round(amount.times(Money.of(quantity)).div(base));
}
