export const LOCALES = ["en", "ms"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_COOKIE = "locale";

/**
 * The shop's zone for every date shown. The dashboard cannot read the shop's settings before
 * login (and only admins may read them after), so the default zone of the product is used.
 */
export const SHOP_TIME_ZONE = "Asia/Kuala_Lumpur";

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

export function setLocaleCookie(locale: Locale) {
  // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie; the Cookie Store API is not in every browser the shop may use.
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
}
