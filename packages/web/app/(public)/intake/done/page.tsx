import type { Metadata } from "next";
import { buttonVariants } from "@/components/ui/button";
import { getPublic } from "../../_lib/api";
import { requestLocale, translator } from "../../_lib/locale";
import { PublicFrame } from "../../_lib/public-frame";
import { looksLikeToken, type StatusView } from "../../_lib/status";

export async function generateMetadata(): Promise<Metadata> {
  const t = translator(await requestLocale(), "intake");
  return { title: { absolute: t("done.page_title") }, robots: { index: false } };
}

type Props = { searchParams: Promise<{ n?: string | string[]; t?: string | string[] }> };

/** Where the form lands, with or without JavaScript: the ticket number and the customer's status link. */
export default async function IntakeDonePage({ searchParams }: Props) {
  const params = await searchParams;
  const n = typeof params.n === "string" ? params.n : undefined;
  const token = typeof params.t === "string" && looksLikeToken(params.t) ? params.t : undefined;
  const locale = await requestLocale();
  const t = translator(locale, "intake");
  // The link's own view of the ticket is the authority; the number in the URL is only a fallback.
  const status = token ? await getPublic<StatusView>(`/tickets/${encodeURIComponent(token)}`) : undefined;
  const view = status?.ok ? status.body : undefined;
  const number = view?.number ?? (n && /^T-\d{1,12}$/.test(n) ? n : undefined);
  const here = `/intake/done?${new URLSearchParams({ ...(n ? { n } : {}), ...(token ? { t: token } : {}) })}`;

  return (
    <PublicFrame locale={locale} here={here} shop={view?.shop}>
      <h1 className="text-2xl font-semibold tracking-tight">{t("done.title")}</h1>
      {number ? (
        <>
          <section
            aria-labelledby="ticket-number-label"
            className="rounded-xl border bg-card p-5 text-center"
          >
            <p id="ticket-number-label" className="text-sm text-muted-foreground">
              {t("done.number_label")}
            </p>
            <p className="mt-1 text-5xl font-bold tracking-tight tabular-nums" data-testid="ticket-number">
              {number}
            </p>
          </section>
          <p>{view ? t("done.body_shop", { shop: view.shop.name }) : t("done.body")}</p>
        </>
      ) : (
        <p role="alert">{t("done.missing")}</p>
      )}
      {token ? (
        <div className="flex flex-col gap-2">
          <a href={`/s/${token}`} className={buttonVariants({ size: "lg", className: "w-full text-base" })}>
            {t("done.status_button")}
          </a>
          <p className="text-sm text-muted-foreground">{t("done.status_hint")}</p>
        </div>
      ) : null}
      <p>{t("done.whatsapp")}</p>
      {view?.shop.phone ? (
        <p className="text-sm text-muted-foreground">{t("done.call", { phone: view.shop.phone })}</p>
      ) : null}
      <a href="/intake" className="text-sm text-primary underline-offset-4 hover:underline">
        {t("done.another")}
      </a>
    </PublicFrame>
  );
}
