import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { isLocale, type Locale } from "@/lib/locale";
import { getPublic } from "../../_lib/api";
import { LOCALE_COOKIE, localeOf, translator } from "../../_lib/locale";
import { PublicFrame } from "../../_lib/public-frame";
import { looksLikeToken, type StatusView } from "../../_lib/status";
import { Estimate } from "./estimate";
import { Invoice } from "./invoice";
import { Details, Photos, ShopCard } from "./sections";
import { nowText, Steps } from "./steps";

type Query = { lang?: string | string[]; confirm?: string | string[]; error?: string | string[] };
type Props = { params: Promise<{ token: string }>; searchParams: Promise<Query> };

// The page and its metadata both need the ticket: one request per render.
const load = cache(async (token: string) => {
  if (!looksLikeToken(token)) return { ok: false as const, status: 404, code: "link.invalid" };
  return getPublic<StatusView>(`/tickets/${encodeURIComponent(token)}`);
});

/**
 * The page's language: one picked with the page's own language links (`?lang=`), else the
 * language the customer chose on the intake form, else the cookie and the phone's languages.
 */
async function pageLocale(query: Query, view?: StatusView): Promise<Locale> {
  if (isLocale(query.lang)) return query.lang;
  if (view) return view.language;
  const [h, c] = await Promise.all([headers(), cookies()]);
  return localeOf(h, c.get(LOCALE_COOKIE)?.value);
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { token } = await params;
  const result = await load(token);
  const t = translator(await pageLocale(await searchParams, result.ok ? result.body : undefined), "status");
  // The customer's tab names the shop, not the software it runs on.
  return {
    title: {
      absolute: result.ok
        ? `${t("page_title", { number: result.body.number })} · ${result.body.shop.name}`
        : t("invalid.page_title"),
    },
    robots: { index: false },
  };
}

/** The customer's page for one ticket, opened from the link the shop sent. */
export default async function StatusPage({ params, searchParams }: Props) {
  const { token } = await params;
  const query = await searchParams;
  const result = await load(token);
  const view = result.ok ? result.body : undefined;
  const locale = await pageLocale(query, view);
  const t = translator(locale, "status");
  const here = `/s/${token}`;
  const languageHref = (to: Locale) => `${here}?lang=${to}`;
  if (!view) {
    const invalid = !result.ok && (result.status === 404 || result.status === 400);
    return (
      <PublicFrame locale={locale} here={here} languageHref={languageHref}>
        {invalid ? (
          <div
            role="alert"
            className="flex flex-col gap-2 rounded-xl border bg-card p-5"
            data-testid="link-invalid"
          >
            <h1 className="text-xl font-semibold">{t("invalid.title")}</h1>
            <p className="text-muted-foreground">{t("invalid.body")}</p>
          </div>
        ) : (
          <p role="alert" className="rounded-xl border bg-card p-5">
            {t("unavailable")}
          </p>
        )}
      </PublicFrame>
    );
  }
  const zone = view.shop.time_zone || "Asia/Kuala_Lumpur";

  return (
    <PublicFrame locale={locale} here={here} shop={view.shop} languageHref={languageHref}>
      <div className="flex flex-col gap-4 print:hidden">
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="status-title">
          {t("title", { number: view.number })}
        </h1>
        <Steps view={view} t={t} />
        <p className="rounded-lg bg-accent px-4 py-3 text-accent-foreground" data-testid="status-now">
          {nowText(view, t)}
        </p>
      </div>
      <Details view={view} locale={locale} zone={zone} t={t} />
      <Estimate
        view={view}
        token={token}
        locale={locale}
        zone={zone}
        confirming={query.confirm === "decline"}
        refused={typeof query.error === "string"}
        t={t}
      />
      <Photos view={view} t={t} />
      {view.invoice ? <Invoice view={view} locale={locale} zone={zone} t={t} /> : null}
      <ShopCard view={view} t={t} />
    </PublicFrame>
  );
}
