// The dashboard writes dates and phones by the same rules as WhatsApp messages and the
// customer's pages: core's template/format.ts, imported as source (next.config: transpilePackages).
import * as Rules from "@wapos/core/template/format";
import { useLocale } from "next-intl";
import { useMemo } from "react";
import { isLocale, type Locale, SHOP_TIME_ZONE } from "./locale";

export const { phone, day } = Rules;

/** The formats bound to a language and the shop's zone. */
export function shopFormat(locale: Locale, timeZone = SHOP_TIME_ZONE) {
  return {
    /** "03/12/2026" */
    date: (iso: string | Date) => Rules.date(iso, timeZone),
    /** "03/12/2026, 3:05 PTG" */
    dateTime: (iso: string | Date, options?: { seconds?: boolean }) =>
      Rules.dateTime(iso, locale, timeZone, options),
    /** "3:05 PTG" */
    time: (iso: string | Date) => Rules.time(iso, locale, timeZone),
    /** "Disember 2026" */
    month: (year: number, month: number) => Rules.month(year, month, locale),
    /** "+60 12-345 6789" */
    phone: Rules.phone,
  };
}

export type ShopFormat = ReturnType<typeof shopFormat>;

/** The shop's formats in the dashboard's current language. */
export function useShopFormat(): ShopFormat {
  const current = useLocale();
  const locale: Locale = isLocale(current) ? current : "en";
  return useMemo(() => shopFormat(locale), [locale]);
}
