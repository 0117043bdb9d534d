import { dayOf, iso, MONTH_NAMES, monthOf, RELATIVE, today } from "./when";

/** How the repairs tool words each state in its output (model-tools.ts reads it from here). */
export const STATE_OUTPUT = {
  NEW: "received, waiting for the technician to check it",
  IN_PROGRESS: "being repaired",
  READY: "ready for pickup",
  CLOSED: "collected",
} as const;

/**
 * Our check of a model's answer against what the tools returned in the same turn: the model
 * phrases, it never supplies a fact. Every link, ticket and invoice number, phone number,
 * amount, date, weekday and clock time the answer states must be one the tools returned
 * (a bare number may also be one the customer wrote: "iPhone 13"). Pure: no database, no clock.
 */

export type Claims = {
  links: string[];
  tickets: string[];
  invoices: string[];
  /** Digits only, Malaysian numbers as 60…. */
  phones: string[];
  /** In sen. */
  amounts: number[];
  /** "2026-03-12", or "--03-12" when the text gave no year. */
  dates: string[];
  /** 0 = Sunday, as Date#getUTCDay counts. */
  weekdays: number[];
  /** "18:00". */
  times: string[];
  /** Any other number left in the text. */
  numbers: string[];
  /** A repair's state stated as a fact the customer acts on: ready now, collected, being repaired. */
  statuses: RepairState[];
};

export type RepairState = "READY" | "CLOSED" | "IN_PROGRESS";

/**
 * How an answer says a repair is ready now (not "ready on Thursday": that is a date, checked as
 * one), was collected, or is being repaired, in English and Malay. A wrong "ready" sends the
 * customer on a wasted trip, so it must be what the tools said.
 */
const STATE_WORDS: [RegExp, RepairState][] = [
  [
    /\b(?:is|are|it's|now)\s+(?:now\s+)?ready\b(?!\s+(?:on|by|at|in|around|from|after|before|tomorrow|next|soon|this))|\bready (?:for|to be) (?:pick[\s-]?up|picked up|collect(?:ed|ion)?)\b|\b(?:sudah|dah|telah)\s+siap\b|\bboleh (?:di)?ambil\b/g,
    "READY",
  ],
  [
    /\b(?:was|were|has been|have been|already)\s+(?:collected|picked up)\b|\b(?:sudah|dah|telah)\s+diambil\b/g,
    "CLOSED",
  ],
  [/\bbeing repaired\b|\bin repair\b|\bsedang dibaiki\b/g, "IN_PROGRESS"],
];

type Context = { now: Date; timeZone: string };

const WEEKDAY_NAMES: [RegExp, number][] = [
  [/\b(?:sunday|ahad)\b/g, 0],
  [/\b(?:monday|isnin)\b/g, 1],
  [/\b(?:tuesday|selasa)\b/g, 2],
  [/\b(?:wednesday|rabu)\b/g, 3],
  [/\b(?:thursday|khamis)\b/g, 4],
  [/\b(?:friday|jumaat|jumat)\b/g, 5],
  [/\b(?:saturday|sabtu)\b/g, 6],
];

const pad = (n: number) => String(n).padStart(2, "0");
const DAY_MS = 86_400_000;

/** Replaces every match of `pattern` with a space, handing each match to `take` first. */
function consume(text: string, pattern: RegExp, take: (match: RegExpExecArray) => void): string {
  return text.replace(pattern, (...args) => {
    const groups = args.slice(0, -2) as string[];
    const match = Object.assign([...groups], { index: 0, input: text }) as unknown as RegExpExecArray;
    take(match);
    return " ";
  });
}

const senOf = (whole: string, fraction: string | undefined) =>
  Number(whole.replaceAll(",", "")) * 100 + Number((fraction ?? "0").padEnd(2, "0").slice(0, 2));

function clock(hour: number, minute: number): string | undefined {
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 ? `${pad(hour)}:${pad(minute)}` : undefined;
}

function dateOf(day: number, month: number, year: string | undefined): string | undefined {
  // Without a year, any real day of a leap year will do: the check compares month and day.
  if (!year) return dayOf(2024, month, day) === undefined ? undefined : `--${pad(month)}-${pad(day)}`;
  const full = Number(year) < 100 ? 2000 + Number(year) : Number(year);
  const ms = dayOf(full, month, day);
  return ms === undefined ? undefined : iso(ms);
}

/** The facts `text` states, each read once (a date's digits are not also a bare number). */
export function claimsIn(text: string, context: Context): Claims {
  const claims: Claims = {
    links: [],
    tickets: [],
    invoices: [],
    phones: [],
    amounts: [],
    dates: [],
    weekdays: [],
    times: [],
    numbers: [],
    statuses: [],
  };
  const cal = today(context.now, context.timeZone);
  let rest = consume(text, /https?:\/\/[^\s<>"'()[\]{}]+/g, ([link]) =>
    claims.links.push(link!.replace(/[.,;:!?]+$/, "")),
  );
  rest = rest.normalize("NFKC").toLowerCase();
  for (const [pattern, state] of STATE_WORDS)
    for (const _ of rest.matchAll(pattern)) if (!claims.statuses.includes(state)) claims.statuses.push(state);
  rest = consume(rest, /\binv-\d{4}-\d{4,}\b/g, ([number]) => claims.invoices.push(number!.toUpperCase()));
  rest = consume(rest, /(?<![\p{L}\d])t\s?-?\s?(\d{3,9})(?!\d)/gu, ([, digits]) =>
    claims.tickets.push(`T-${Number(digits)}`),
  );
  rest = consume(rest, /(?<!\d)(?:\+?60|0)1\d(?:[\s-]?\d){7,8}(?!\d)/g, ([phone]) => {
    const digits = phone!.replace(/\D/g, "");
    claims.phones.push(digits.startsWith("0") ? `6${digits}` : digits);
  });
  const amount = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
  rest = consume(rest, new RegExp(String.raw`\b(?:rm|myr)\s?${amount}`, "g"), ([, whole, fraction]) =>
    claims.amounts.push(senOf(whole!, fraction)),
  );
  rest = consume(
    rest,
    new RegExp(String.raw`(?<![\d.])${amount}\s?(?:ringgit|myr)\b`, "g"),
    ([, whole, fraction]) => claims.amounts.push(senOf(whole!, fraction)),
  );
  rest = consume(rest, /\b(\d{4})-(\d{2})-(\d{2})\b/g, ([, year, month, day]) => {
    const found = dateOf(Number(day), Number(month), year);
    claims.dates.push(found ?? `invalid:${year}-${month}-${day}`);
  });
  rest = consume(
    rest,
    /(?<![\d.])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/g,
    ([, day, month, year]) => {
      const found = dateOf(Number(day), Number(month), year);
      claims.dates.push(found ?? `invalid:${day}/${month}`);
    },
  );
  const named = (digitsFirst: boolean) =>
    digitsFirst
      ? new RegExp(String.raw`\b(\d{1,2})(?:hb|th|st|nd|rd)?\s*(${MONTH_NAMES})\b,?(?:\s*(\d{4}))?`, "g")
      : new RegExp(String.raw`\b(${MONTH_NAMES})\s*(\d{1,2})(?:th|st|nd|rd)?\b,?(?:\s*(\d{4}))?`, "g");
  for (const digitsFirst of [true, false])
    rest = consume(rest, named(digitsFirst), ([, a, b, year]) => {
      const [day, month] = digitsFirst ? [Number(a), monthOf(b!)] : [Number(b), monthOf(a!)];
      const found = month ? dateOf(day, month, year) : undefined;
      claims.dates.push(found ?? `invalid:${a} ${b}`);
    });
  const todayMs = Date.UTC(cal.year, cal.month - 1, cal.day);
  for (const [pattern, offset] of RELATIVE)
    rest = consume(rest, new RegExp(pattern.source, "g"), () =>
      claims.dates.push(iso(todayMs + offset * DAY_MS)),
    );
  for (const [pattern, weekday] of WEEKDAY_NAMES)
    rest = consume(rest, pattern, () => claims.weekdays.push(weekday));
  // AM/PM, and PG/PTG as our own Malay templates print them (template/format.ts).
  rest = consume(
    rest,
    /\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m|p\.?m|ptg|pg)\b\.?/g,
    ([, hour, minute, half]) => {
      const h = Number(hour);
      const pm = half!.startsWith("p") && half !== "pg";
      const found = h >= 1 && h <= 12 ? clock((h % 12) + (pm ? 12 : 0), Number(minute ?? 0)) : undefined;
      claims.times.push(found ?? `invalid:${hour}`);
    },
  );
  rest = consume(
    rest,
    /\b(\d{1,2})(?:[:.](\d{2}))?\s*(pagi|tengah hari|tengahari|petang|malam)\b/g,
    ([, hour, minute, part]) => {
      const h = Number(hour);
      const evening = part === "petang" || part === "malam" || (part!.startsWith("t") && h < 6);
      const h24 = h === 12 ? (part === "pagi" || part === "malam" ? 0 : 12) : evening ? h + 12 : h;
      const found = h >= 1 && h <= 12 ? clock(h24, Number(minute ?? 0)) : undefined;
      claims.times.push(found ?? `invalid:${hour}`);
    },
  );
  rest = consume(rest, /\b([01]?\d|2[0-3]):([0-5]\d)\b/g, ([, hour, minute]) =>
    claims.times.push(clock(Number(hour), Number(minute))!),
  );
  consume(rest, /\d+(?:\.\d+)?/g, ([number]) => claims.numbers.push(number!));
  return claims;
}

/** Everything the tools returned in a turn, as facts an answer may state. */
export type Supported = {
  refs: Set<string>;
  links: Set<string>;
  tickets: Set<string>;
  invoices: Set<string>;
  phones: Set<string>;
  amounts: Set<number>;
  dates: Set<string>;
  weekdays: Set<number>;
  times: Set<string>;
  numbers: Set<string>;
  statuses: Set<RepairState>;
};

/** The facts in the tools' outputs (their JSON text) and the refs they returned. */
export function supportedBy(outputs: string[], refs: Iterable<string>, context: Context): Supported {
  const text = outputs.join("\n");
  const claims = claimsIn(text, context);
  const dates = new Set<string>();
  const weekdays = new Set(claims.weekdays);
  for (const date of claims.dates) {
    dates.add(date);
    if (!/^\d{4}-/.test(date)) continue;
    dates.add(`--${date.slice(5)}`);
    weekdays.add(new Date(`${date}T00:00:00Z`).getUTCDay());
  }
  return {
    refs: new Set(refs),
    links: new Set(claims.links),
    tickets: new Set(claims.tickets),
    invoices: new Set(claims.invoices),
    phones: new Set(claims.phones),
    amounts: new Set(claims.amounts),
    dates,
    weekdays,
    times: new Set(claims.times),
    // Every digit run, whole and split at a point: "RM 450.00" supports a bare "450".
    numbers: new Set([...(text.match(/\d+(?:\.\d+)?/g) ?? []), ...(text.match(/\d+/g) ?? [])]),
    // The states the repairs tool reported, by the words it reports them in (model-tools.ts).
    statuses: new Set(
      (Object.entries(STATE_OUTPUT) as [RepairState, string][])
        .filter(([, words]) => text.includes(JSON.stringify({ status: words }).slice(1, -1)))
        .map(([state]) => state),
    ),
  };
}

export type Verdict = { answer: string; grounded: boolean; sources: string[] };

export type Rejection = {
  reason: "not_grounded" | "no_sources" | "unknown_source" | "unsupported_fact";
  detail?: string;
};

/**
 * Why the answer must not go out, or undefined when it may. Don't trust the model's own
 * `grounded`: it is necessary, not sufficient. An answer with no source is refused too: with
 * nothing read, nothing it says can be checked ("your phone is ready" has no number in it).
 */
export function rejectionOf(
  verdict: Verdict,
  supported: Supported,
  question: string,
  context: Context,
): Rejection | undefined {
  if (!verdict.grounded || !verdict.answer.trim()) return { reason: "not_grounded" };
  if (!verdict.sources.length) return { reason: "no_sources" };
  const unknown = verdict.sources.find((ref) => !supported.refs.has(ref));
  if (unknown) return { reason: "unknown_source", detail: unknown };
  const said = claimsIn(verdict.answer, context);
  const asked = new Set(question.match(/\d+(?:\.\d+)?/g) ?? []);
  const checks: [string, unknown[], (value: never) => boolean][] = [
    ["link", said.links, (v: string) => supported.links.has(v)],
    ["ticket", said.tickets, (v: string) => supported.tickets.has(v)],
    ["invoice", said.invoices, (v: string) => supported.invoices.has(v)],
    ["phone", said.phones, (v: string) => supported.phones.has(v)],
    ["amount", said.amounts, (v: number) => supported.amounts.has(v)],
    ["date", said.dates, (v: string) => supported.dates.has(v)],
    ["weekday", said.weekdays, (v: number) => supported.weekdays.has(v)],
    ["time", said.times, (v: string) => supported.times.has(v)],
    ["number", said.numbers, (v: string) => supported.numbers.has(v) || asked.has(v)],
    ["status", said.statuses, (v: RepairState) => supported.statuses.has(v)],
  ];
  for (const [kind, values, ok] of checks) {
    const bad = values.find((value) => !ok(value as never));
    if (bad !== undefined) return { reason: "unsupported_fact", detail: `${kind}:${String(bad)}` };
  }
  return undefined;
}
