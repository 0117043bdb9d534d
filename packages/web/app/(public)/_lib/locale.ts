import { cookies, headers } from "next/headers";
import { createTranslator } from "next-intl";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale } from "@/lib/locale";
import enEinvoice from "@/messages/en/einvoice.json";
import en from "@/messages/en/intake.json";
import msEinvoice from "@/messages/ms/einvoice.json";
import ms from "@/messages/ms/intake.json";

export type Messages = typeof en & typeof enEinvoice;
const MESSAGES: Record<Locale, Messages> = { en: { ...en, ...enEinvoice }, ms: { ...ms, ...msEinvoice } };

/**
 * The language of a customer-facing page: the `locale` cookie (set by the language links),
 * else the browser's first preference we speak, else English. Customers arrive from a QR code
 * or a WhatsApp link without ever having chosen, so Accept-Language matters here.
 */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookie)) return cookie;
  const preferred = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { lang: tag.trim().toLowerCase().split("-")[0], q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return preferred.map((entry) => entry.lang).find(isLocale) ?? DEFAULT_LOCALE;
}

export function localeOf(headers: Headers, cookie: string | undefined): Locale {
  return pickLocale(cookie, headers.get("accept-language"));
}

/** The language of the customer page being rendered (server components). */
export async function requestLocale(): Promise<Locale> {
  const [h, c] = await Promise.all([headers(), cookies()]);
  return localeOf(h, c.get(LOCALE_COOKIE)?.value);
}

/** Messages of the customer pages in one language, without next-intl's request config (it reads only the cookie). */
export function translator<N extends keyof Messages>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace });
}

/** Messages of one language for a client component of a customer page (its own NextIntlClientProvider). */
export function messagesFor<N extends keyof Messages>(locale: Locale, namespaces: readonly N[]) {
  return Object.fromEntries(namespaces.map((namespace) => [namespace, MESSAGES[locale][namespace]])) as Pick<
    Messages,
    N
  >;
}

export { LOCALE_COOKIE };
