import { fn } from "../../util/fn";
import { fromSen, tax as percentOf, type Sen, toSen } from "../../util/money";
import { type AllowanceCharge, DocumentInput, type Line, type Tax } from "./input";

/**
 * Every amount of a document in sen, computed as LHDN's mathematical mappings say
 * (sdk.myinvois.hasil.gov.my/mathematical-mappings) unless the input gives the figure.
 */
export type Amounts = {
  lines: LineAmounts[];
  allowance_charges: Sen[];
  line_extension: Sen;
  allowance_total: Sen;
  charge_total: Sen;
  tax_exclusive: Sen;
  tax: Sen;
  tax_subtotals: { type: string; taxable: Sen; amount: Sen; exemption_reason?: string }[];
  tax_inclusive: Sen;
  prepaid: Sen;
  rounding: Sen;
  payable: Sen;
};

export type LineAmounts = {
  subtotal: Sen;
  allowance_charges: Sen[];
  total_excluding_tax: Sen;
  taxes: { taxable: Sen; amount: Sen }[];
  tax: Sen;
};

/** A given figure that differs from what the builder computes from the rest of the input. */
export type Discrepancy = { path: string; given: string; computed: string };

export function computeAmounts(input: DocumentInput): { amounts: Amounts; discrepancies: Discrepancy[] } {
  const discrepancies: Discrepancy[] = [];
  const pick = (path: string, given: string | undefined, computed: Sen): Sen => {
    if (given === undefined) return computed;
    const sen = toSen(given);
    if (sen !== computed) discrepancies.push({ path, given: fromSen(sen), computed: fromSen(computed) });
    return sen;
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
    line_extension - allowance_total + charge_total,
  );

  const computedSubtotals = subtotalsByType(input.lines, lines);
  const tax_subtotals = input.totals.tax_subtotals
    ? input.totals.tax_subtotals.map((s) => ({ ...s, taxable: toSen(s.taxable), amount: toSen(s.amount) }))
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
  const tax_inclusive = pick("totals.tax_inclusive", input.totals.tax_inclusive, tax_exclusive + tax);
  const prepaid = input.prepaid ? toSen(input.prepaid.amount) : 0;
  const rounding = input.totals.rounding ? toSen(input.totals.rounding) : 0;
  const payable = pick("totals.payable", input.totals.payable, tax_inclusive - prepaid + rounding);

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

type Pick = (path: string, given: string | undefined, computed: Sen) => Sen;

function lineAmounts(line: Line, path: string, pick: Pick): LineAmounts {
  const subtotal = pick(`${path}.subtotal`, line.subtotal, multiply(toSen(line.unit_price), line.quantity));
  const allowance_charges = line.allowance_charges.map((a, i) =>
    allowanceCharge(a, subtotal, `${path}.allowance_charges[${i}]`, pick),
  );
  const net = allowance_charges.reduce(
    (total, a, i) => total + (line.allowance_charges[i]!.charge ? a : -a),
    subtotal,
  );
  const total_excluding_tax = pick(`${path}.total_excluding_tax`, line.total_excluding_tax, net);
  const taxes = line.taxes.map((t, i) => {
    // With one tax the whole line is taxable; with several, each part is given.
    const taxable =
      line.taxes.length === 1
        ? pick(`${path}.taxes[${i}].taxable`, t.taxable, total_excluding_tax)
        : toSen(t.taxable!);
    return {
      taxable,
      amount: pick(`${path}.taxes[${i}].amount`, t.amount, taxAmount(t, taxable, line.quantity)),
    };
  });
  return { subtotal, allowance_charges, total_excluding_tax, taxes, tax: sum(taxes, (t) => t.amount) };
}

function allowanceCharge(a: AllowanceCharge, base: Sen, path: string, pick: Pick): Sen {
  const computed = a.rate === undefined ? toSen(a.amount!) : percentOf(base, a.rate, false).tax;
  return pick(`${path}.amount`, a.amount, computed);
}

/** Exempt (E) means nothing is charged, whatever rate the exemption would have carried. */
function taxAmount(t: Tax, taxable: Sen, quantity: string): Sen {
  if (t.type === "E") return 0;
  if (t.per_unit) return multiply(toSen(t.per_unit.amount), quantity, t.per_unit.base);
  return percentOf(taxable, t.percent!, false).tax;
}

/** One subtotal per tax type, in order of first appearance (SDK: "Total … per tax type"). */
function subtotalsByType(lines: Line[], amounts: LineAmounts[]): Amounts["tax_subtotals"] {
  const byType = new Map<string, Amounts["tax_subtotals"][number]>();
  for (const [i, line] of lines.entries())
    for (const [j, t] of line.taxes.entries()) {
      const { taxable, amount } = amounts[i]!.taxes[j]!;
      const entry = byType.get(t.type) ?? { type: t.type, taxable: 0, amount: 0 };
      entry.taxable += taxable;
      entry.amount += amount;
      if (t.exemption_reason) {
        const reasons = new Set(entry.exemption_reason?.split("; "));
        entry.exemption_reason = [...reasons.add(t.exemption_reason)].join("; ").slice(0, 300);
      }
      byType.set(t.type, entry);
    }
  return [...byType.values()];
}

const describe = (subtotals: Amounts["tax_subtotals"]) =>
  subtotals.map((s) => `${s.type}: ${fromSen(s.taxable)} / ${fromSen(s.amount)}`).join(", ");

const sum = <T>(items: T[], of: (item: T) => Sen) => items.reduce((total, item) => total + of(item), 0);

/** "1.25" → [125n, 100n]: a decimal string as an exact fraction. */
function fraction(decimal: string): [bigint, bigint] {
  const [whole, frac = ""] = decimal.split(".");
  return [BigInt(`${whole}${frac}`), 10n ** BigInt(frac.length)];
}

/**
 * sen × quantity ÷ per, rounded half away from zero like money.ts, in BigInt so a price times
 * a fractional quantity never passes through a float.
 */
export function multiply(sen: Sen, quantity: string, per = "1"): Sen {
  const [qn, qd] = fraction(quantity);
  const [pn, pd] = fraction(per);
  const numerator = BigInt(sen) * qn * pd;
  const denominator = qd * pn;
  if (denominator === 0n) throw new Error("A per-unit tax needs a base quantity above zero");
  const magnitude = ((numerator < 0n ? -numerator : numerator) * 2n + denominator) / (2n * denominator);
  const result = Number(numerator < 0n ? -magnitude : magnitude);
  if (!Number.isSafeInteger(result)) throw new Error(`Amount out of range: ${sen} × ${quantity}`);
  return result;
}
