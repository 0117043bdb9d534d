import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, SHOP_TIME_ZONE } from "../lib/locale";

/** Message files beside the shell's, one per area (messages/<locale>/<area>.json), merged at the top level. */
const AREAS = [
  "intake",
  "tickets",
  "connection",
  "einvoice",
  "reports",
  "pos",
  "stock",
  "invoices",
  "quotes",
  "inbox",
  "appointments",
  "campaigns",
] as const;

// No locale in the URL: the `locale` cookie, set by the language switch, picks the messages.
export default getRequestConfig(async () => {
  const requested = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  const shell = (await import(`../messages/${locale}.json`)).default;
  const areas = await Promise.all(
    AREAS.map(async (area) => (await import(`../messages/${locale}/${area}.json`)).default),
  );
  return {
    locale,
    messages: Object.assign({}, shell, ...areas),
    timeZone: SHOP_TIME_ZONE,
  };
});
