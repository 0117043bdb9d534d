import { formatMyr } from "../../util/money";

/**
 * An exact decimal, units × 10^-scale, read from the text JSON.stringify writes for a number
 * (String(n)): we check what MyInvois will receive, and no float arithmetic touches an amount.
 */
export type Decimal = { units: bigint; scale: number };

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

export function decimal(n: number): Decimal {
  const [, sign = "", whole = "0", fraction = "", exponent = "0"] = NUMBER.exec(String(n)) ?? [];
  const scale = fraction.length - Number(exponent);
  const units = BigInt(`${sign}${whole}${fraction}`);
  return scale < 0 ? { units: units * 10n ** BigInt(-scale), scale: 0 } : { units, scale };
}

/** How JSON.stringify will write the number, e.g. "1e-7" for 0.0000001. */
export const serialised = (n: number) => String(n);
export const hasExponent = (n: number) => /e/i.test(String(n));

const at = (a: Decimal, scale: number) => a.units * 10n ** BigInt(scale - a.scale);

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: at(a, scale) + at(b, scale), scale };
}

export const negate = (a: Decimal): Decimal => ({ units: -a.units, scale: a.scale });
export const subtract = (a: Decimal, b: Decimal) => add(a, negate(b));
export const multiply = (a: Decimal, b: Decimal): Decimal => ({
  units: a.units * b.units,
  scale: a.scale + b.scale,
});
export const ZERO: Decimal = { units: 0n, scale: 0 };

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const d = at(a, scale) - at(b, scale);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

export const equal = (a: Decimal, b: Decimal) => compare(a, b) === 0;

export function near(a: Decimal, b: Decimal, tolerance: Decimal): boolean {
  const d = subtract(a, b);
  return compare(d.units < 0n ? negate(d) : d, tolerance) <= 0;
}

export function places(a: Decimal): number {
  let { units, scale } = a;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return scale;
}

/** "123.40", or every digit when there are more than two, so a message never hides the sub-sen part. */
export function toText(a: Decimal): string {
  const scale = Math.max(places(a), 2);
  const digits = at(a, scale);
  const negative = digits < 0n;
  const abs = (negative ? -digits : digits).toString().padStart(scale + 1, "0");
  return `${negative ? "-" : ""}${abs.slice(0, -scale)}.${abs.slice(-scale)}`;
}

export const formatAmount = (a: Decimal, currency: string) =>
  currency === "MYR" ? formatMyr(toText(a)) : `${currency} ${toText(a)}`;

/** Rounds half away from zero to `to` decimal places, as receipts do. */
export function round(a: Decimal, to: number): Decimal {
  if (a.scale <= to) return a;
  const divisor = 10n ** BigInt(a.scale - to);
  const abs = a.units < 0n ? -a.units : a.units;
  const rounded = (abs * 2n + divisor) / (2n * divisor);
  return { units: a.units < 0n ? -rounded : rounded, scale: to };
}
