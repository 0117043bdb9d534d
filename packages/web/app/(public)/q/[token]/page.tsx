import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { buttonVariants } from "@/components/ui/button";
import type { QuoteView } from "@/lib/api/public";
import { isLocale, type Locale } from "@/lib/locale";
import { getPublic } from "../../_lib/api";
import { money, shopDate } from "../../_lib/format";
import { LOCALE_COOKIE, localeOf, translator } from "../../_lib/locale";
import { PublicFrame } from "../../_lib/public-frame";
import { looksLikeToken } from "../../_lib/status";

type Query = { lang?: string | string[]; error?: string | string[] };
type Props = { params: Promise<{ token: string }>; searchParams: Promise<Query> };

const load = cache(async (token: string) => {
  if (!looksLikeToken(token)) return { ok: false as const, status: 404, code: "link.invalid" };
  return getPublic<QuoteView>(`/quotes/${encodeURIComponent(token)}`);
});

async function pageLocale(query: Query, view?: QuoteView): Promise<Locale> {
  if (isLocale(query.lang)) return query.lang;
  if (view) return view.language;
  const [h, c] = await Promise.all([headers(), cookies()]);
  return localeOf(h, c.get(LOCALE_COOKIE)?.value);
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { token } = await params;
  const result = await load(token);
  const t = translator(await pageLocale(await searchParams, result.ok ? result.body : undefined), "quote");
  return {
    title: {
      absolute: result.ok
        ? `${t("page_title", { number: result.body.number })} · ${result.body.shop.name}`
        : t("invalid.page_title"),
    },
    robots: { index: false },
  };
}

/**
 * The customer's page for one quote, opened from the WhatsApp link: the lines, totals and
 * valid-until date, and Accept / Decline as plain HTML forms posting to the public API (it
 * redirects back here), so answering needs no JavaScript and the link is the only credential.
 */
export default async function QuotePage({ params, searchParams }: Props) {
  const { token } = await params;
  const query = await searchParams;
  const result = await load(token);
  const view = result.ok ? result.body : undefined;
  const locale = await pageLocale(query, view);
  const t = translator(locale, "quote");
  const here = `/q/${token}`;
  const languageHref = (to: Locale) => `${here}?lang=${to}`;
  if (!view) {
    const invalid = !result.ok && (result.status === 404 || result.status === 400);
    return (
      <PublicFrame locale={locale} here={here} languageHref={languageHref}>
        <div
          role="alert"
          className="flex flex-col gap-2 rounded-xl border bg-card p-5"
          data-testid="link-invalid"
        >
          <h1 className="text-xl font-semibold">{invalid ? t("invalid.title") : t("unavailable")}</h1>
          {invalid ? <p className="text-muted-foreground">{t("invalid.body")}</p> : null}
        </div>
      </PublicFrame>
    );
  }
  const zone = view.shop.time_zone || "Asia/Kuala_Lumpur";
  const action = (kind: "accept" | "decline") => `/api/public/quotes/${encodeURIComponent(token)}/${kind}`;
  const state =
    view.status === "accepted" ||
    view.status === "declined" ||
    view.status === "expired" ||
    view.status === "converted"
      ? view.status
      : undefined;
  return (
    <PublicFrame locale={locale} here={here} shop={view.shop} languageHref={languageHref}>
      <h1 className="text-2xl font-semibold tracking-tight" data-testid="quote-title">
        {t("title", { number: view.number })}
      </h1>
      <section className="flex flex-col gap-3 rounded-xl border bg-card p-4 sm:p-5" data-testid="quote">
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-muted-foreground">
              <th className="py-1 font-normal">{t("item")}</th>
              <th className="py-1 text-right font-normal">{t("qty")}</th>
              <th className="py-1 text-right font-normal">{t("amount")}</th>
            </tr>
          </thead>
          <tbody>
            {view.lines.map((line, i) => (
              // A quote's lines are stored in order and never change: the position is their identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <tr key={i} className="border-t">
                <td className="py-2">
                  {line.description}
                  {line.discount !== "0.00" ? (
                    <span className="block text-muted-foreground">
                      {t("discount")} −{money(line.discount, view.currency)}
                    </span>
                  ) : null}
                </td>
                <td className="py-2 text-right tabular-nums">{line.qty}</td>
                <td className="py-2 text-right tabular-nums">{money(line.line_total, view.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl className="grid grid-cols-[1fr_auto] gap-x-6 gap-y-1 border-t pt-3 tabular-nums">
          <dt className="text-muted-foreground">{t("tax")}</dt>
          <dd className="text-right">{money(view.tax_total, view.currency)}</dd>
          <dt className="font-semibold">{t("total")}</dt>
          <dd className="text-right text-xl font-semibold" data-testid="quote-total">
            {money(view.total, view.currency)}
          </dd>
          {view.valid_until ? (
            <>
              <dt className="text-muted-foreground">{t("valid_until")}</dt>
              <dd className="text-right">{shopDate(view.valid_until, locale, zone)}</dd>
            </>
          ) : null}
        </dl>
        {view.notes ? <p className="whitespace-pre-line text-muted-foreground">{view.notes}</p> : null}
      </section>
      {typeof query.error === "string" ? (
        <p role="alert" className="text-sm text-destructive">
          {t("refused")}
        </p>
      ) : null}
      {view.can_answer ? (
        <section className="flex flex-col gap-3" data-testid="quote-answer">
          <p className="font-medium">{t("question")}</p>
          <div className="flex flex-col gap-2 sm:flex-row">
            <form method="post" action={action("accept")} className="contents">
              <button type="submit" className={buttonVariants({ size: "lg", className: "text-base" })}>
                {t("accept")}
              </button>
            </form>
            <form method="post" action={action("decline")} className="contents">
              <button
                type="submit"
                className={buttonVariants({ variant: "outline", size: "lg", className: "text-base" })}
              >
                {t("decline")}
              </button>
            </form>
          </div>
        </section>
      ) : state ? (
        <p className="font-medium" data-testid="quote-state">
          {t(state)}
        </p>
      ) : null}
    </PublicFrame>
  );
}
