import { Money } from "../../money/index";
import type { Code, Params } from "./messages";

/**
 * Read-only access to a UBL JSON tree that may be malformed: accessors return undefined rather
 * than throw, so the rules still run (and report) when the structure check has failed.
 */
export type Node = Record<string, unknown>;
export type At = { node: Node; path: string };
export type Leaf<T> = { value: T; path: string; node: Node };
export type Amount = { value: Money.Amount; currency: string | undefined; path: string };

export type Check = {
  report: (code: Code, path: string, params?: Params) => void;
  now: Date;
  maxAgeHours: number;
  beforeSigning: boolean;
};

const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

export const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

export function root(document: unknown): At | undefined {
  return isNode(document) ? { node: document, path: "" } : undefined;
}

export function children(at: At | undefined, key: string): At[] {
  const list = at?.node[key];
  if (!Array.isArray(list)) return [];
  return list.flatMap((node, i) => (isNode(node) ? [{ node, path: `${join(at!.path, key)}[${i}]` }] : []));
}

export const child = (at: At | undefined, key: string): At | undefined => children(at, key)[0];

/** `key[0]._`, the value of a basic element. */
export function leaf(at: At | undefined, key: string): Leaf<unknown> | undefined {
  const first = child(at, key);
  return first && { value: first.node._, path: `${first.path}._`, node: first.node };
}

export function text(at: At | undefined, key: string): Leaf<string> | undefined {
  const l = leaf(at, key);
  return typeof l?.value === "string" ? (l as Leaf<string>) : undefined;
}

export function amount(at: At | undefined, key: string): Amount | undefined {
  const l = leaf(at, key);
  if (typeof l?.value !== "number" || !Number.isFinite(l.value)) return undefined;
  const currency = l.node.currencyID;
  return {
    value: Money.ofJsonNumber(l.value),
    currency: typeof currency === "string" ? currency : undefined,
    path: l.path,
  };
}

export function attribute(at: At | undefined, key: string, name: string): Leaf<string> | undefined {
  const first = child(at, key);
  const value = first?.node[name];
  return first && typeof value === "string"
    ? { value, path: `${first.path}.${name}`, node: first.node }
    : undefined;
}

export function* walk(at: At): Generator<At> {
  yield at;
  for (const [key, value] of Object.entries(at.node)) {
    if (!Array.isArray(value)) continue;
    for (const c of children(at, key)) yield* walk(c);
  }
}

/**
 * Counts UTF-16 units, as .NET does (MyInvois reads documents into a .NET model, BRIEF §1.1):
 * never fewer than the characters a person sees, so the limit is never understated.
 */
export function maxLength(check: Check, leaf: Leaf<string> | undefined, max: number) {
  if (leaf && leaf.value.length > max) check.report("einvoice.field.too_long", leaf.path, { max });
}

/** A mandatory text that is present but blank; absence is reported by the structure. */
export function notBlank(check: Check, leaf: Leaf<string> | undefined) {
  if (leaf && leaf.value.trim() === "") check.report("einvoice.field.required", leaf.path);
}
