import type { ReactNode } from "react";
import type { Locale } from "@/lib/locale";
import { translator } from "./locale";

const LANGUAGES: { locale: Locale; short: string; name: string }[] = [
  { locale: "en", short: "EN", name: "English" },
  { locale: "ms", short: "BM", name: "Bahasa Melayu" },
];

/** The frame of a customer page: the shop, the language links (plain links, no JavaScript) and the content. */
export function PublicFrame({
  locale,
  here,
  shop,
  languageHref,
  children,
}: {
  locale: Locale;
  /** This page's path and query, for the language links to come back to. */
  here: string;
  shop?: { name: string; phone?: string | null };
  /** Where each language link goes; by default the cookie-setting /language link back to `here`. */
  languageHref?: (locale: Locale) => string;
  children: ReactNode;
}) {
  const t = translator(locale, "intake");
  return (
    <div lang={locale} className="min-h-dvh">
      <header className="border-b bg-card print:hidden">
        <div className="mx-auto flex max-w-2xl items-center gap-3 px-4 py-3">
          <div className="min-w-0">
            {shop ? (
              <p className="font-semibold leading-tight [overflow-wrap:anywhere]">{shop.name}</p>
            ) : null}
            {shop?.phone ? <p className="text-sm text-muted-foreground">{shop.phone}</p> : null}
          </div>
          <nav aria-label={t("language")} className="ml-auto flex shrink-0 gap-1">
            {LANGUAGES.map((language) => (
              <a
                key={language.locale}
                href={
                  languageHref?.(language.locale) ??
                  `/language?to=${language.locale}&next=${encodeURIComponent(here)}`
                }
                lang={language.locale}
                hrefLang={language.locale}
                aria-current={language.locale === locale ? "true" : undefined}
                className="inline-flex min-h-9 items-center rounded-full border px-3 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring aria-[current]:border-primary aria-[current]:bg-primary aria-[current]:text-primary-foreground"
              >
                {language.short}
                <span className="sr-only"> {language.name}</span>
              </a>
            ))}
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto flex max-w-2xl flex-col gap-5 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
