import type { Locale } from "@/lib/locale";
import { intlLocale } from "./locale";

/**
 * An amount as the shop writes it everywhere else (WhatsApp, receipts): "RM 180.00". The API
 * sends decimal strings; they are shown as given, never passed through a float.
 */
export function money(amount: string, currency = "MYR"): string {
  const [whole = "0", cents = ""] = amount.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const text = `${grouped}.${cents.padEnd(2, "0").slice(0, 2)}`;
  return currency === "MYR" ? `RM ${text}` : `${currency} ${text}`;
}

/**
 * A date and time in the shop's zone, whatever the customer's phone is set to, as Malaysia
 * writes it: the weekday in the page's language, DD/MM/YYYY, 12-hour time ("Rab, 02/12/2026,
 * 3:00 PTG").
 */
export function shopTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone,
    weekday: "short",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(iso));
}

/** A date in the shop's zone as DD/MM/YYYY. */
export function shopDate(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(new Date(iso));
}
