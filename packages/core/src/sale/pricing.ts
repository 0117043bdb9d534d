import * as z from "zod";
import { type Amount, Money } from "../money/index";

/**
 * The sale's arithmetic, with no database: line and cart discounts, SST inside the price or
 * on top, and Bank Negara's cash rounding. Every figure is exact to the sen and the parts
 * always add up to the totals (docs/data-model.md, "Money on a sale").
 */

/** A discount as the cashier enters it: a percent of the price, or an amount off. */
export const Discount = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("percent"), value: Money.Rate }),
  z.object({ kind: z.literal("amount"), value: Money.Price }),
]);
export type Discount = z.infer<typeof Discount>;

export type TaxCode = "sales" | "service" | "none";

/** MyInvois tax types: 01 sales tax, 02 service tax, 06 not applicable. */
export const TAX_TYPE: Record<TaxCode, string> = { sales: "01", service: "02", none: "06" };

/** A product's SST: its own code, else a service's is service tax and anything else's sales tax. */
export const taxCodeOf = (product: { tax_code: string | null; kind: string }): TaxCode =>
  (product.tax_code as TaxCode | null) ?? (product.kind === "service" ? "service" : "sales");

export type LineInput = {
  qty: number;
  /** The listed price of one unit: with tax inside when prices include tax, else before tax. */
  unit_price: Amount;
  discount?: Discount;
  /** The SST rate in percent ("10.00"), "0" for none. */
  tax_rate: string;
};

export type PricedLine = {
  /** qty × unit_price, as listed. */
  listed: Amount;
  /** What the customer was given off this line (its own discount and its share of the cart's), as listed. */
  discount_given: Amount;
  /** Before tax, after discounts. */
  net: Amount;
  /** The discount before tax (what the e-invoice's allowance carries): net before discounts − net. */
  discount_net: Amount;
  tax: Amount;
  /** What the line costs the customer: net + tax. */
  total: Amount;
};

export type Priced = {
  lines: PricedLine[];
  /** Σ (net + discount_net): the sale before discounts and before tax. */
  subtotal: Amount;
  /** Σ discount_net. */
  discount_total: Amount;
  /** Σ discount_given: what the customer sees taken off, as listed. */
  discount_given: Amount;
  tax_total: Amount;
  /** Σ line totals = subtotal − discount_total + tax_total. */
  total: Amount;
};

/** What a discount takes off `base` (as listed), to the sen; more than the base is refused. */
export function discountOn(base: Amount, discount: Discount | undefined): Amount {
  if (!discount) return Money.ZERO;
  const off =
    discount.kind === "percent" ? Money.percentOf(base, discount.value) : Money.parse(discount.value);
  if (off.gt(base)) throw new RangeError(`A discount of ${Money.text(off)} is more than ${Money.text(base)}`);
  return off;
}

/**
 * Splits `amount` over `weights` in proportion, to the sen, so the shares add up exactly:
 * each gets its rounded-down share, and the leftover sen go to the largest remainders
 * (earlier lines first on a tie).
 */
export function allocate(amount: Amount, weights: Amount[]): Amount[] {
  const total = Money.sum(weights);
  if (total.eq(Money.ZERO)) return weights.map(() => Money.ZERO);
  const sen = amount.times("100");
  const exact = weights.map((w) => sen.times(w).div(total));
  const floors = exact.map((e) => e.round(0, 0));
  let left = Number(sen.minus(Money.sum(floors)).toFixed(0));
  const order = exact
    .map((e, i) => ({ i, rest: e.minus(floors[i]!) }))
    .sort((a, b) => b.rest.cmp(a.rest) || a.i - b.i);
  const shares = [...floors];
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = shares[i]!.plus("1");
    left -= 1;
  }
  return shares.map((s) => s.div("100"));
}

/**
 * Prices a cart: each line's own discount first, then the cart's discount shared over the
 * lines in proportion to what is left of each, then SST per line at its rate.
 */
export function price(input: { lines: LineInput[]; discount?: Discount; inclusive: boolean }): Priced {
  const listed = input.lines.map((l) => l.unit_price.times(String(l.qty)));
  const own = input.lines.map((l, i) => discountOn(listed[i]!, l.discount));
  const after = listed.map((amount, i) => amount.minus(own[i]!));
  const cart = discountOn(Money.sum(after), input.discount);
  const shares = allocate(cart, after);
  const lines = input.lines.map((line, i): PricedLine => {
    const charged = after[i]!.minus(shares[i]!);
    const taxed = Money.tax(charged, line.tax_rate, input.inclusive);
    const before = Money.tax(listed[i]!, line.tax_rate, input.inclusive).net;
    return {
      listed: listed[i]!,
      discount_given: own[i]!.plus(shares[i]!),
      net: taxed.net,
      discount_net: before.minus(taxed.net),
      tax: taxed.tax,
      total: taxed.gross,
    };
  });
  const discount_total = Money.sum(lines.map((l) => l.discount_net));
  return {
    lines,
    subtotal: Money.sum(lines.map((l) => l.net)).plus(discount_total),
    discount_total,
    discount_given: Money.sum(lines.map((l) => l.discount_given)),
    tax_total: Money.sum(lines.map((l) => l.tax)),
    total: Money.sum(lines.map((l) => l.total)),
  };
}

/**
 * The lines at their listed prices, before any discount (with SST inside when prices include it).
 * What a document prints adds up from it: listed − discount given = total when SST is inside the
 * prices, and + SST when it is on top (docs/data-model.md, "Money on a sale").
 */
export const listedSubtotal = (lines: { qty: string; unit_price: string }[]): Amount =>
  Money.sum(lines.map((l) => Money.parse(l.unit_price).times(Money.of(l.qty))));

type StoredLine = { qty: string; unit_price: string; line_total: string; tax_amount: string };

/** A stored line's discount as the customer saw it: as listed, less what the line charges (with SST when inside the price). */
export const givenOn = (line: StoredLine, inclusive: boolean): Amount =>
  Money.parse(line.unit_price)
    .times(Money.of(line.qty))
    .minus(Money.parse(line.line_total))
    .plus(inclusive ? Money.ZERO : Money.parse(line.tax_amount));

/** A stored invoice's figures as printed (see listedSubtotal), from its lines. */
export const printed = (lines: StoredLine[], inclusive: boolean) => ({
  listed_subtotal: Money.text(listedSubtotal(lines)),
  discount_given: Money.text(Money.sum(lines.map((l) => givenOn(l, inclusive)))),
  prices_include_tax: inclusive,
});

/** The discount given, in percent of the listed price (for the cashier's limit). */
export function discountPercent(priced: Priced): Amount {
  const listed = Money.sum(priced.lines.map((l) => l.listed));
  return listed.eq(Money.ZERO) ? Money.ZERO : priced.discount_given.times("100").div(listed);
}

/**
 * Bank Negara's rounding mechanism: a bill paid in cash is rounded to the nearest 5 sen
 * (1, 2 → 0; 3, 4, 6, 7 → 5; 8, 9 → 10). Other methods pay to the sen.
 */
export function roundCash(amount: Amount): Amount {
  return amount.div("0.05").round(0, 1).times("0.05");
}

export type Method = "cash" | "card" | "fpx" | "duitnow" | "bank_transfer";

export type Tender = { method: Method; amount: Amount };

export type Applied = {
  method: Method;
  /** What goes toward the bill. */
  amount: Amount;
  /** Cash: what was handed over, and the change given back. */
  tendered?: Amount;
  change?: Amount;
};

export type Settlement = {
  applied: Applied[];
  /** What cash rounding added to (or took from) the bill: −0.02 … +0.02. */
  rounding: Amount;
  /** Still to pay after these payments. */
  balance: Amount;
};

export class PaymentError extends Error {
  constructor(
    readonly reason: "above_balance" | "nothing_due",
    message: string,
    readonly details: Record<string, string>,
  ) {
    super(message);
  }
}

/**
 * Applies payments to what is due: card, FPX, DuitNow and bank transfers first, to the sen;
 * then cash. Cash that settles the rest pays it rounded to 5 sen (when cash rounding is on),
 * the difference becoming the bill's rounding, and anything handed over beyond it is change.
 * A non-cash payment above what is left is refused: change is only ever given in cash.
 */
export function settle(due: Amount, tenders: Tender[], cashRounding: boolean): Settlement {
  if (due.lte(Money.ZERO)) throw new PaymentError("nothing_due", "Nothing is left to pay.", {});
  let left = due;
  let rounding = Money.ZERO;
  const applied: Applied[] = [];
  const ordered = [
    ...tenders.filter((t) => t.method !== "cash"),
    ...tenders.filter((t) => t.method === "cash"),
  ];
  for (const tender of ordered) {
    if (tender.method !== "cash") {
      if (tender.amount.gt(left))
        throw new PaymentError(
          "above_balance",
          `A ${tender.method} payment of ${Money.format(tender.amount)} is more than the ${Money.format(left)} left to pay.`,
          { method: tender.method, amount: Money.text(tender.amount), balance: Money.text(left) },
        );
      applied.push({ method: tender.method, amount: tender.amount });
      left = left.minus(tender.amount);
      continue;
    }
    const settles = cashRounding ? roundCash(left) : left;
    if (left.gt(Money.ZERO) && tender.amount.gte(settles)) {
      rounding = rounding.plus(settles.minus(left));
      applied.push({
        method: "cash",
        amount: settles,
        tendered: tender.amount,
        change: tender.amount.minus(settles),
      });
      left = Money.ZERO;
    } else if (left.gt(Money.ZERO)) {
      // Short of the rounded bill: a part payment (never more than what is left).
      const part = tender.amount.gt(left) ? left : tender.amount;
      applied.push({
        method: "cash",
        amount: part,
        tendered: tender.amount,
        change: tender.amount.minus(part),
      });
      left = left.minus(part);
    } else {
      throw new PaymentError("above_balance", "The bill is already paid; this cash is not needed.", {
        method: "cash",
        amount: Money.text(tender.amount),
        balance: "0.00",
      });
    }
  }
  return { applied, rounding, balance: left };
}

/**
 * How money paid above a bill goes back (deposits taken before the repair's total was known):
 * to each non-cash method, in the order given, up to what it paid; the rest in cash, rounded to
 * 5 sen as cash is taken (Bank Negara), the difference going to the bill's rounding so that
 * nothing is left due and nothing is owed. `paid` is net of anything already given back.
 */
export function giveBack(
  excess: Amount,
  paid: Tender[],
  cashRounding: boolean,
): { back: Tender[]; rounding: Amount } {
  const back: Tender[] = [];
  let rest = excess;
  for (const tender of paid) {
    if (tender.method === "cash" || rest.lte(Money.ZERO) || tender.amount.lte(Money.ZERO)) continue;
    const part = tender.amount.lt(rest) ? tender.amount : rest;
    back.push({ method: tender.method, amount: part });
    rest = rest.minus(part);
  }
  const cash = rest.gt(Money.ZERO) && cashRounding ? roundCash(rest) : rest;
  if (cash.gt(Money.ZERO)) back.push({ method: "cash", amount: cash });
  return { back, rounding: rest.minus(cash) };
}
