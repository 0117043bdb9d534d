import Big from "big.js";
import * as z from "zod";

export * as Money from "./index";

/**
 * Exact decimal money for every module (tickets, invoices, e-invoices; next POS, refunds,
 * reports and campaigns), on big.js: decimal strings on the wire and in NUMERIC(12,2), an
 * `Amount` in code, never a JS float.
 */
const Decimal = Big();
// Strict: the constructor refuses JS numbers, so an amount never passes through a float.
Decimal.strict = true;
Decimal.DP = 20;
Decimal.RM = Big.roundHalfUp;

export type Amount = Big;

/** What NUMERIC(12,2) holds, as text: "180", "180.5", "-12.30". */
export const PATTERN = /^-?\d{1,10}(\.\d{1,2})?$/;
/** A money amount on the wire (API bodies, settings, documents). */
export const Text = z.string().regex(PATTERN, "An amount like 180.00");
/** A price or payment a person enters: never negative. */
export const Price = z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, "An amount like 180.00");
/** A rate in percent with up to two places ("8", "8.00"), as the tax settings hold it. */
export const Rate = z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, "A number like 8 or 8.00");

export const ZERO: Amount = new Decimal("0");
export const HUNDRED: Amount = new Decimal("100");

/** A decimal string (money, a quantity, a rate) as an exact Amount; anything else throws. */
export function of(text: string): Amount {
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`Not a decimal number: ${text}`);
  return new Decimal(text);
}

/** Money text (see PATTERN) as an Amount; throws for anything NUMERIC(12,2) would not hold. */
export function parse(text: string): Amount {
  if (!PATTERN.test(text)) throw new Error(`Not a money amount: ${text}`);
  return new Decimal(text);
}

/**
 * Exactly the number JSON.stringify writes for `n` ("1e-7" included): for checking what a
 * JSON document will carry, never for arithmetic on a float someone computed.
 */
export const ofJsonNumber = (n: number): Amount => new Decimal(String(n));

export const sum = (amounts: Iterable<Amount>): Amount => {
  let total = ZERO;
  for (const amount of amounts) total = total.plus(amount);
  return total;
};

/** Rounded to `places` (the sen by default), half away from zero, as receipts and LHDN round. */
export const round = (amount: Amount, places = 2): Amount => amount.round(places, Big.roundHalfUp);

/** "180.00": the sen always written, for the wire and for NUMERIC(12,2). Rounds to the sen. */
export const text = (amount: Amount): string => round(amount).toFixed(2);

/** How many decimal places an amount really has (trailing zeros do not count). */
export function places(amount: Amount): number {
  return Math.max(0, amount.c.length - amount.e - 1);
}

/** "123.40", or every digit when there are more than two, so a message never hides a sub-sen part. */
export const exact = (amount: Amount): string => amount.toFixed(Math.max(places(amount), 2));

export const equal = (a: Amount, b: Amount) => a.eq(b);

/** Within `tolerance` of each other (inclusive). */
export const near = (a: Amount, b: Amount, tolerance: Amount) => a.minus(b).abs().lte(tolerance);

/** `rate` percent of `base`, rounded to the sen. */
export const percentOf = (base: Amount, rate: string): Amount => round(base.times(of(rate)).div(HUNDRED));

/**
 * Tax on an amount at `rate` percent. With prices including tax (the Malaysian shop default) the
 * tax is the part of the price that is tax; otherwise it is added on top. Each part to the sen.
 */
export function tax(
  amount: Amount,
  rate: string,
  inclusive: boolean,
): { net: Amount; tax: Amount; gross: Amount } {
  const r = of(rate);
  if (inclusive) {
    const t = round(amount.times(r).div(r.plus(HUNDRED)));
    return { net: amount.minus(t), tax: t, gross: amount };
  }
  const t = round(amount.times(r).div(HUNDRED));
  return { net: amount, tax: t, gross: amount.plus(t) };
}

/** "RM 180.00" (or "USD 12.50") for messages, receipts and pages; every digit kept past the sen. */
export function format(amount: Amount | string, currency = "MYR"): string {
  const value = typeof amount === "string" ? of(amount) : amount;
  return `${currency === "MYR" ? "RM" : currency} ${exact(value)}`;
}
