/**
 * Money as integer sen in code and "123.45" strings on the wire and in NUMERIC(12,2): never a
 * JS float. Rates are percentages as strings ("8.00").
 */
export type Sen = number;

const MONEY = /^-?\d{1,10}(\.\d{1,2})?$/;

export function toSen(amount: string): Sen {
  if (!MONEY.test(amount)) throw new Error(`Not a money amount: ${amount}`);
  const negative = amount.startsWith("-");
  const [whole, fraction = ""] = amount.replace("-", "").split(".");
  const sen = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return negative ? -sen : sen;
}

export function fromSen(sen: Sen): string {
  const sign = sen < 0 ? "-" : "";
  const abs = Math.abs(sen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** A rate like "8.00" as hundredths of a percent (800), so tax maths stays in integers. */
const basisPoints = (rate: string) => toSen(rate);

/** Rounds a rational sen amount half away from zero, as receipts do. */
const roundHalfUp = (numerator: number, denominator: number) =>
  Math.sign(numerator) * Math.floor((Math.abs(numerator) * 2 + denominator) / (2 * denominator));

/**
 * Tax on a line. With prices including tax (the Malaysian shop default), the tax is the part
 * of the price that is tax; otherwise it is added on top.
 */
export function tax(amount: Sen, rate: string, inclusive: boolean): { net: Sen; tax: Sen; gross: Sen } {
  const bp = basisPoints(rate);
  if (inclusive) {
    const t = roundHalfUp(amount * bp, 10_000 + bp);
    return { net: amount - t, tax: t, gross: amount };
  }
  const t = roundHalfUp(amount * bp, 10_000);
  return { net: amount, tax: t, gross: amount + t };
}

/** "RM 180.00" for messages and receipts. */
export const formatMyr = (amount: string) => `RM ${amount}`;
