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

/** A date and time in the shop's zone, whatever the customer's phone is set to. */
export function shopTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(iso));
}

export function shopDate(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone, dateStyle: "medium" }).format(new Date(iso));
}
