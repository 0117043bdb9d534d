import { Money } from "../../money/index";

/**
 * The UBL 2.1 JSON alternative representation as MyInvois reads it: every element is an array
 * of objects, the value sits in `_` and XML attributes become sibling keys.
 */
export type Scalar = string | number | boolean;
export type Leaf = { _: Scalar; [attribute: string]: Scalar };
export type Aggregate = { [element: string]: Element[] };
export type Element = Leaf | Aggregate;

export type UblDocument = {
  _D: typeof NAMESPACE.invoice;
  _A: typeof NAMESPACE.cac;
  _B: typeof NAMESPACE.cbc;
  Invoice: [Aggregate];
};

export const NAMESPACE = {
  invoice: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
  cac: "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
  cbc: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
} as const;

export const isLeaf = (element: Element): element is Leaf => "_" in element;

export const value = (v: Scalar, attributes: Record<string, Scalar> = {}): [Leaf] => [
  { _: v, ...attributes },
];
export const optional = (v: Scalar | undefined, attributes: Record<string, Scalar> = {}) =>
  v === undefined ? undefined : value(v, attributes);

/**
 * A JSON number for a decimal string, exactly as written minus trailing zeros ("1436.50" →
 * 1436.5), which is how the official samples print amounts. The digest is taken over
 * JSON.stringify, so a value that would print in exponent form or lose digits is refused.
 */
export function decimal(text: string): number {
  const n = Number(text);
  const digits = text.replace(/^-/, "").replace(".", "").replace(/^0+/, "");
  if (!Number.isFinite(n) || digits.length > 15 || /e/i.test(JSON.stringify(n)))
    throw new Error(`Cannot write ${text} as an exact JSON number`);
  return n;
}

export const amount = (money: Money.Amount, currency: string): [Leaf] =>
  value(decimal(Money.text(money)), { currencyID: currency });

/** A percentage ("15") as UBL's multiplier (0.15), shifted in the string, never by float division. */
export function multiplier(percent: string): number {
  const [whole = "0", fraction = ""] = percent.split(".");
  const padded = whole.padStart(3, "0");
  return decimal(`${padded.slice(0, -2)}.${padded.slice(-2)}${fraction}`);
}

/** An aggregate of the children that are present, in the order written (which is the order serialised). */
export function aggregate(children: Record<string, Element[] | undefined>): Aggregate {
  const out: Aggregate = {};
  for (const [name, elements] of Object.entries(children)) if (elements?.length) out[name] = elements;
  return out;
}

/** "2024-07-23" and "00:30:00Z": LHDN reads both in UTC. */
export const utcDate = (at: Date) => at.toISOString().slice(0, 10);
export const utcTime = (at: Date) => `${at.toISOString().slice(11, 19)}Z`;
