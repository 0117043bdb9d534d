// How the shop writes dates, times and phone numbers, in WhatsApp messages, on the customer's
// pages and on the dashboard (packages/web/lib/format.ts imports this file): one set of rules.
// Pure (no settings, no database), so the browser can run it too. Names come from our own
// tables, not the runtime's locale data: a phone browser without Malay data would otherwise
// print "December" in a Malay page, and ICU versions disagree on "PTG" and "ptg".
import { type MetadataJson, parsePhoneNumberFromString } from "libphonenumber-js/core";
import metadata from "./phone-metadata.json";

export type Language = "en" | "ms";

/** The shop's zone unless settings say otherwise: Malaysia has one zone and no daylight saving. */
export const SHOP_TIME_ZONE = "Asia/Kuala_Lumpur";

const MONTHS: Record<Language, readonly string[]> = {
  en: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
  // Dewan Bahasa dan Pustaka's spelling, as Malaysian receipts and LHDN's portal print them.
  ms: [
    "Januari",
    "Februari",
    "Mac",
    "April",
    "Mei",
    "Jun",
    "Julai",
    "Ogos",
    "September",
    "Oktober",
    "November",
    "Disember",
  ],
};
const WEEKDAYS: Record<Language, readonly string[]> = {
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
  ms: ["Ahad", "Isnin", "Selasa", "Rabu", "Khamis", "Jumaat", "Sabtu"],
};
/** Before and after noon: "PG" (pagi) and "PTG" (petang) in Malay. */
const MERIDIEM: Record<Language, readonly [string, string]> = { en: ["AM", "PM"], ms: ["PG", "PTG"] };

type Moment = Date | string;
type Parts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
};
/** `seconds`: for records read side by side (the audit log), where the minute is not enough. */
type TimeOptions = { seconds?: boolean };

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day and clock time of a moment in a zone, as numbers. */
function partsOf(at: Moment, timeZone: string): Parts {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
    partsFormats.set(timeZone, format);
  }
  const date = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a moment: ${String(at)}`);
  const named = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, Number(part.value)]));
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = named;
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

const two = (n: number) => String(n).padStart(2, "0");

/** "03/12/2026": the day in the shop's zone, day first, as Malaysia writes it. */
export function date(at: Moment, timeZone = SHOP_TIME_ZONE): string {
  const p = partsOf(at, timeZone);
  return `${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** "2026-12-03" (a calendar day, no zone) as "03/12/2026". */
export function day(isoDay: string): string {
  const [year, month, dayOfMonth] = isoDay.split("-");
  return `${dayOfMonth}/${month}/${year}`;
}

/** "3:00 PM" / "3:00 PTG": 12-hour clock in the shop's zone. */
export function time(
  at: Moment,
  language: Language,
  timeZone = SHOP_TIME_ZONE,
  options: TimeOptions = {},
): string {
  const p = partsOf(at, timeZone);
  const hour = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const seconds = options.seconds ? `:${two(p.second)}` : "";
  return `${hour}:${two(p.minute)}${seconds} ${MERIDIEM[language][p.hour < 12 ? 0 : 1]}`;
}

/** "03/12/2026, 3:00 PM" / "03/12/2026, 3:00 PTG". */
export function dateTime(
  at: Moment,
  language: Language,
  timeZone = SHOP_TIME_ZONE,
  options: TimeOptions = {},
): string {
  return `${date(at, timeZone)}, ${time(at, language, timeZone, options)}`;
}

/** "3 December 2026" / "3 Disember 2026": where a message or page names the month. */
export function longDate(at: Moment, language: Language, timeZone = SHOP_TIME_ZONE): string {
  const p = partsOf(at, timeZone);
  return `${p.day} ${MONTHS[language][p.month - 1]} ${p.year}`;
}

/** "Thursday, 3 December 2026" / "Khamis, 3 Disember 2026": a day offered or promised in a message. */
export function longDay(at: Moment, language: Language, timeZone = SHOP_TIME_ZONE): string {
  return `${WEEKDAYS[language][partsOf(at, timeZone).weekday]}, ${longDate(at, language, timeZone)}`;
}

/** "Thursday, 3 December 2026, 3:00 PM" / "Khamis, 3 Disember 2026, 3:00 PTG": a promised time in a message. */
export function longDateTime(at: Moment, language: Language, timeZone = SHOP_TIME_ZONE): string {
  return `${longDay(at, language, timeZone)}, ${time(at, language, timeZone)}`;
}

/** "December 2026" / "Disember 2026" for a month given as its year and number (1–12). */
export function month(year: number, monthNumber: number, language: Language): string {
  const name = MONTHS[language][monthNumber - 1];
  if (!name) throw new RangeError(`Not a month: ${monthNumber}`);
  return `${name} ${year}`;
}

/**
 * A phone number as it is shown: "+60 3-7877 1234", "+60 12-345 6789". A Malaysian number is
 * the country code and the national grouping (libphonenumber's) without the trunk 0, the way
 * Malaysian businesses print it; a foreign one is libphonenumber's international format, for
 * the countries in phone-metadata.ts (any other is shown as given).
 * 1-300/1-800 lines cannot be dialled from abroad, so they keep their national form. Anything
 * that is not a plain valid number (one with an extension, a note) is shown as it was given.
 */
export function phone(raw: string): string {
  const parsed = parsePhoneNumberFromString(raw.trim(), "MY", metadata as unknown as MetadataJson);
  if (!parsed?.isValid() || parsed.ext) return raw.trim();
  if (parsed.country !== "MY") return parsed.formatInternational();
  if (/^1[378]00/.test(parsed.nationalNumber)) return parsed.formatNational();
  return `+60 ${parsed.formatNational().replace(/^0/, "")}`;
}

/** The shop's address as printed for people: its street lines, then "postcode city". */
export function address(shop: { address: string; postcode?: string; city?: string }): string {
  const town = [shop.postcode, shop.city]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(" ");
  return [shop.address.trim(), town].filter(Boolean).join("\n");
}
