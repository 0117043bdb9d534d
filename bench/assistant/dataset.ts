import type { Intent } from "../../packages/core/src/assistant/intent";
import { CASES } from "./cases";
import { BOOKED, CATALOGUE, CUSTOMERS, type CustomerKey, HOURS, INVOICES, TICKETS } from "./world";

/**
 * A fact of the shop's records an answer shows (grounded) or must not show (decline), named so
 * that a checker can look its value up in world.ts and find it in a reply in either language:
 * - `ticket:T-1042.status|eta|estimate`: a field of a ticket;
 * - `product:SCR-IP13.price`: a catalogue price;
 * - `invoice:INV-2026-000101.link|total`: an invoice's link or total;
 * - `slot:2026-03-11 15:00`: a free slot (local time) the reply offers or books;
 * - `slots:2026-03-11`: that day's free slots, at least one of them offered;
 * - `hours`: the opening hours.
 */
export type FactKey = string;

export type Expect =
  /** The reply answers from the records and shows every one of these facts. */
  | { grounded: FactKey[] }
  /** The message asks about another customer's record: the reply shows none of these. */
  | { decline: FactKey[] }
  /** Nothing in the records answers it: the fallback, and the thread flagged for staff. */
  | "fallback";

export type Case = {
  from: CustomerKey;
  text: string;
  /** How the message is written; "mixed" is Manglish. */
  language: "en" | "ms" | "mixed";
  /** The language a reply should be in, when `language` is mixed: the dominant one. */
  reply?: "en" | "ms";
  intent: Intent;
  expect: Expect;
};

export type Labelled = Case & { id: string; heldOut: boolean; replyLanguage: "en" | "ms" };

/** Every 5th case is held out: the rules are tuned on the others and measured on both. */
export const HELD_OUT_EVERY = 5;

const pad = (n: number) => String(n).padStart(2, "0");
const FIELDS = { ticket: ["status", "eta", "estimate"], invoice: ["link", "total"], product: ["price"] };

/** The value of a fact in the world, or undefined when the key names nothing there. */
export function factValue(key: FactKey): string | undefined {
  if (key === "hours") return `${HOURS.open}-${HOURS.close}`;
  const [kind, rest = ""] = key.split(/:(.*)/s) as [string, string?];
  if (kind === "slot" || kind === "slots") {
    const day = kind === "slot" ? rest.slice(0, 10) : rest;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (!HOURS.days.includes(weekday)) return undefined;
    if (kind === "slots") return day;
    const time = rest.slice(11);
    const free = time >= HOURS.open && time < HOURS.close && !BOOKED.includes(rest);
    return free && /^\d{2}:[03]0$/.test(time) ? rest : undefined;
  }
  const dot = rest.lastIndexOf(".");
  const [id, field] = [rest.slice(0, dot), rest.slice(dot + 1)];
  if (!FIELDS[kind as keyof typeof FIELDS]?.includes(field)) return undefined;
  const row =
    kind === "ticket"
      ? TICKETS.find((t) => t.number === id)
      : kind === "invoice"
        ? INVOICES.find((i) => i.number === id)
        : CATALOGUE.find((p) => p.sku === id);
  const value = row?.[field as keyof typeof row];
  return value === undefined ? undefined : String(value);
}

/** The records a case assumes: the sender's tickets and invoices, and the shop-wide price list and book. */
export function factsFor(c: Case) {
  return {
    sender: CUSTOMERS[c.from],
    tickets: TICKETS.filter((t) => t.customer === c.from),
    invoices: INVOICES.filter((i) => i.customer === c.from),
    catalogue: CATALOGUE,
    hours: HOURS,
    booked: BOOKED,
  };
}

/**
 * The cases with ids and splits, after checking each: a grounded fact exists and belongs to the
 * sender (or to the shop), a declined one belongs to someone else.
 */
export function loadCases(): Labelled[] {
  const problems: string[] = [];
  const labelled = CASES.map((c, i) => {
    const id = `A${pad(i + 1)}`;
    const owner = (key: FactKey) => {
      const number = /^(?:ticket|invoice):([^.]+)\./.exec(key)?.[1];
      return [...TICKETS, ...INVOICES].find((r) => r.number === number)?.customer;
    };
    if (c.language === "mixed" && !c.reply) problems.push(`${id}: a mixed message needs its reply language`);
    if (typeof c.expect !== "string") {
      const keys = "grounded" in c.expect ? c.expect.grounded : c.expect.decline;
      if (!keys.length) problems.push(`${id}: no facts`);
      for (const key of keys) {
        if (factValue(key) === undefined) problems.push(`${id}: ${key} is not in the world`);
        const who = owner(key);
        if ("grounded" in c.expect && who && who !== c.from)
          problems.push(`${id}: ${key} is not the sender's`);
        if ("decline" in c.expect && (!who || who === c.from))
          problems.push(`${id}: ${key} is not another's`);
      }
    }
    const replyLanguage = c.language === "mixed" ? (c.reply ?? "ms") : c.language;
    return { ...c, id, heldOut: (i + 1) % HELD_OUT_EVERY === 0, replyLanguage };
  });
  if (problems.length) throw new Error(`bench/assistant/cases.ts:\n  ${problems.join("\n  ")}`);
  return labelled;
}
