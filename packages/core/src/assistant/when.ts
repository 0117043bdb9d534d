/**
 * Reads the day and time a customer wrote ("esok 3pm", "tomorrow at 3", "12/12 10.30am",
 * "sabtu pukul 2 petang") against `now` in the shop's time zone. Pure: no database, no clock.
 */

export type When = { date?: string; time?: string };

const DAY_MS = 86_400_000;

export const RELATIVE: [RegExp, number][] = [
  [/\b(?:lusa|day after tomorrow|day after tmr)\b/, 2],
  [/\b(?:esok|besok|esk|esoknya|tomorrow|tomorow|tommorow|tommorrow|tmr|tmrw|tmw|2moro|2mrw|tomoro)\b/, 1],
  [
    /\b(?:today|tonight|this (?:morning|afternoon|evening)|hari (?:ni|ini)|harini|hr ni|(?:pagi|petang|ptg|malam|mlm|tengahari) (?:ni|ini))\b/,
    0,
  ],
];

// Sunday first, as Date#getUTCDay counts.
const WEEKDAYS: RegExp[] = [
  /\b(?:sunday|sun|ahad)\b/,
  /\b(?:monday|mon|isnin)\b/,
  /\b(?:tuesday|tues?|selasa)\b/,
  /\b(?:wednesday|wed|rabu)\b/,
  /\b(?:thursday|thu|thurs?|khamis)\b/,
  /\b(?:friday|fri|jumaat|jumat)\b/,
  /\b(?:saturday|sat|sabtu)\b/,
];

const MONTHS: [string, number][] = [
  ["januari|january|jan", 1],
  ["februari|february|feb", 2],
  ["march|mac|mar", 3],
  ["april|apr", 4],
  ["mei|may", 5],
  ["june|jun", 6],
  ["julai|july|jul", 7],
  ["ogos|august|aug", 8],
  ["september|sept|sep", 9],
  ["oktober|october|okt|oct", 10],
  ["november|nov", 11],
  ["disember|december|dis|dec", 12],
];
export const MONTH_NAMES = MONTHS.map(([names]) => names).join("|");
export const monthOf = (name: string) =>
  MONTHS.find(([names]) => new RegExp(`^(?:${names})$`).test(name))?.[1];

// A number of days, hours or ringgit is not a clock time ("about 3 days", "jam 2 hari").
const NOT_A_TIME = String.raw`(?!\s*(?:hari|days?|minggu|weeks?|bulan|months?|jam|hours?|hrs?|minit|mins?|minutes?|unit|units|pcs|biji|ringgit|rm)\b)`;

export type Calendar = { year: number; month: number; day: number; weekday: number };

/** The calendar day `now` falls on in `timeZone`. */
export function today(now: Date, timeZone: string): Calendar {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  return { year, month, day, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

export const iso = (utcMs: number) => new Date(utcMs).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, "0");

/** A real calendar day, or undefined (31/2 is not one). */
export function dayOf(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

/**
 * A day and month without a year is the next one from today: on 20 December, "5/1" is next
 * January. Numbers are day first, as Malaysians write them.
 */
function dayMonth(cal: Calendar, day: number, month: number, year?: number): string | undefined {
  const todayMs = Date.UTC(cal.year, cal.month - 1, cal.day);
  if (year !== undefined) {
    const ms = dayOf(year < 100 ? 2000 + year : year, month, day);
    return ms === undefined ? undefined : iso(ms);
  }
  const thisYear = dayOf(cal.year, month, day);
  if (thisYear !== undefined && thisYear >= todayMs) return iso(thisYear);
  const nextYear = dayOf(cal.year + 1, month, day);
  return nextYear === undefined ? undefined : iso(nextYear);
}

function readDate(text: string, cal: Calendar): string | undefined {
  const todayMs = Date.UTC(cal.year, cal.month - 1, cal.day);
  const numeric = /(?<![\d.])(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?(?![\d/-])/.exec(text);
  if (numeric) {
    const found = dayMonth(
      cal,
      Number(numeric[1]),
      Number(numeric[2]),
      numeric[3] ? Number(numeric[3]) : undefined,
    );
    if (found) return found;
  }
  const named =
    new RegExp(String.raw`\b(\d{1,2})(?:hb|th|st|nd|rd)?\s*(${MONTH_NAMES})\b`).exec(text) ??
    new RegExp(String.raw`\b(${MONTH_NAMES})\s*(\d{1,2})(?:th|st|nd|rd)?\b`).exec(text);
  if (named) {
    const [a, b] = [named[1]!, named[2]!];
    const digitsFirst = /^\d/.test(a);
    const month = monthOf(digitsFirst ? b : a);
    const found = month && dayMonth(cal, Number(digitsFirst ? a : b), month);
    if (found) return found;
  }
  for (const [pattern, offset] of RELATIVE) if (pattern.test(text)) return iso(todayMs + offset * DAY_MS);
  for (const [weekday, pattern] of WEEKDAYS.entries()) {
    if (!pattern.test(text)) continue;
    let ahead = (weekday - cal.weekday + 7) % 7;
    // "next monday", "isnin depan" on a Monday mean the one a week on, not today.
    if (ahead === 0 && /\b(?:next|depan)\b/.test(text)) ahead = 7;
    return iso(todayMs + ahead * DAY_MS);
  }
  return undefined;
}

function clock(hour: number, minute: number): string | undefined {
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 ? `${pad(hour)}:${pad(minute)}` : undefined;
}

function readTime(text: string): string | undefined {
  const twelve = /\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m|p\.?m)\b\.?/.exec(text);
  if (twelve) {
    const hour = Number(twelve[1]);
    const pm = twelve[3]!.startsWith("p");
    if (hour >= 1 && hour <= 12) return clock((hour % 12) + (pm ? 12 : 0), Number(twelve[2] ?? 0));
  }
  const malay =
    /\b(\d{1,2})(?:[:.](\d{2}))?\s*(pagi|pg|tengahari|tghari|tgh hari|petang|ptg|malam|mlm)\b/.exec(text);
  if (malay) {
    const hour = Number(malay[1]);
    const part = malay[3]!;
    const evening = /^(?:petang|ptg|malam|mlm)$/.test(part) || (part.startsWith("t") && hour < 6);
    if (hour >= 1 && hour <= 12) {
      const h24 = hour === 12 ? (/^(?:pagi|pg|malam|mlm)$/.test(part) ? 0 : 12) : evening ? hour + 12 : hour;
      return clock(h24, Number(malay[2] ?? 0));
    }
  }
  const colon = /\b([01]?\d|2[0-3]):([0-5]\d)\b/.exec(text);
  if (colon) return clock(Number(colon[1]), Number(colon[2]));
  const bare = new RegExp(
    String.raw`\b(?:pukul|pkl|jam|at|around|about|by|sekitar|dalam|dlm|lebih kurang|lbh krg|lbh kurang)\s+(\d{1,2})(?:[:.](\d{2}))?\b${NOT_A_TIME}`,
  ).exec(text);
  if (bare) {
    const hour = Number(bare[1]);
    // A shop's day: "at 3" is 3 in the afternoon, "pukul 10" the morning.
    if (hour >= 1 && hour <= 12) return clock(hour <= 7 ? hour + 12 : hour, Number(bare[2] ?? 0));
  }
  return undefined;
}

/** The day (YYYY-MM-DD) and time (HH:MM) in `text` (lower case), or undefined when it has neither. */
export function readWhen(text: string, now: Date, timeZone: string): When | undefined {
  const date = readDate(text, today(now, timeZone));
  const time = readTime(text);
  if (!date && !time) return undefined;
  return { ...(date && { date }), ...(time && { time }) };
}
