import { NextIntlClientProvider } from "next-intl";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import en from "../messages/en.json";
import ms from "../messages/ms.json";

/**
 * A dashboard component rendered to HTML outside Next.js, with the shell's messages of a locale
 * (the vitest config maps `@/…` and React to the dashboard's own).
 */
export function renderHtml(element: ReactElement, locale: "en" | "ms" = "en"): string {
  return renderToStaticMarkup(
    <NextIntlClientProvider locale={locale} messages={locale === "en" ? en : ms} timeZone="Asia/Kuala_Lumpur">
      {element}
    </NextIntlClientProvider>,
  );
}
