import * as Format from "@wapos/core/template/format";
import type { Locale } from "@/lib/locale";

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
 * A moment in the shop's zone, whatever the customer's phone is set to, with the weekday and
 * month named in the page's language ("Khamis, 12 Mac 2026, 10:00 PG"): the rules of
 * WhatsApp messages and the dashboard (core's template/format.ts).
 */
export function shopTime(iso: string, locale: Locale, timeZone: string): string {
  return Format.longDateTime(iso, locale, timeZone);
}

/** A date in the shop's zone as DD/MM/YYYY. */
export function shopDate(iso: string, _locale: Locale, timeZone: string): string {
  return Format.date(iso, timeZone);
}

/** The shop's phone as Malaysia prints it: "+60 3-7877 1234". */
export const phone = Format.phone;
