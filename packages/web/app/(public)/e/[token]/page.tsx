import { CircleCheck, ExternalLink, Store } from "lucide-react";
import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import QRCode from "qrcode";
import { cache } from "react";
import { buttonVariants } from "@/components/ui/button";
import { type Locale, SHOP_TIME_ZONE } from "@/lib/locale";
import { getPublic } from "../../_lib/api";
import { money, shopDate } from "../../_lib/format";
import { messagesFor, requestLocale, translator } from "../../_lib/locale";
import { PublicFrame } from "../../_lib/public-frame";
import { looksLikeToken } from "../../_lib/status";
import type { PublicEinvoice } from "./model";
import { RequestForm } from "./request-form";

type Props = { params: Promise<{ token: string }> };
type T = ReturnType<typeof translator<"einvoice_public">>;

// The page and its metadata both need the answer: one request per render.
const load = cache(async (token: string) => {
  if (!looksLikeToken(token)) return { ok: false as const, status: 404, code: "link.invalid" };
  return getPublic<PublicEinvoice>(`/einvoice/${encodeURIComponent(token)}`);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { token } = await params;
  const t = translator(await requestLocale(), "einvoice_public");
  const result = await load(token);
  return {
    title: {
      absolute: result.ok
        ? `${t("page_title", { number: result.body.invoice.number })} · ${result.body.shop.name}`
        : t("invalid.page_title"),
    },
    robots: { index: false },
  };
}

/** Only a web address is ever made a link: the value comes from LHDN through our API. */
const isWebLink = (link: string | null): link is string => link !== null && /^https?:\/\//i.test(link);

function Receipt({ view, locale, t }: { view: PublicEinvoice; locale: Locale; t: T }) {
  const { invoice } = view;
  return (
    <section
      aria-labelledby="receipt-title"
      className="rounded-xl border bg-card p-4 sm:p-5"
      data-testid="receipt"
    >
      <h2
        id="receipt-title"
        className="mb-3 flex items-center gap-2 text-sm font-medium text-muted-foreground"
      >
        <Store className="size-4" aria-hidden="true" />
        {t("receipt")}
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
        <dt className="text-muted-foreground">{t("number")}</dt>
        <dd className="text-right font-medium tabular-nums" data-testid="receipt-number">
          {invoice.number}
        </dd>
        {invoice.issued_at ? (
          <>
            <dt className="text-muted-foreground">{t("date")}</dt>
            <dd className="text-right">{shopDate(invoice.issued_at, locale, SHOP_TIME_ZONE)}</dd>
          </>
        ) : null}
        <dt className="font-semibold">{t("total")}</dt>
        <dd className="text-right text-xl font-semibold tabular-nums" data-testid="receipt-total">
          {money(invoice.total, invoice.currency)}
        </dd>
      </dl>
    </section>
  );
}

/** The validated e-invoice: its link on MyInvois and the same link as a QR, drawn here on the server. */
async function Issued({ link, t }: { link: string | null; t: T }) {
  const svg = isWebLink(link)
    ? await QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 2 })
    : undefined;
  return (
    <section
      aria-labelledby="issued-title"
      className="flex flex-col gap-3 rounded-xl border border-success/40 bg-success/5 p-5"
      data-testid="einvoice-issued"
    >
      <h2 id="issued-title" className="flex items-center gap-2 text-lg font-semibold">
        <CircleCheck className="size-5 text-success" aria-hidden="true" />
        {t("issued_title")}
      </h2>
      {isWebLink(link) ? (
        <>
          <p>{t("issued_body")}</p>
          <a
            href={link}
            target="_blank"
            rel="noreferrer"
            className={buttonVariants({ size: "lg", className: "w-full text-base sm:w-auto sm:self-start" })}
            data-testid="validation-link"
          >
            <ExternalLink aria-hidden="true" />
            {t("validation_link")}
          </a>
          {svg ? (
            // biome-ignore lint/performance/noImgElement: a QR drawn on the server as a data URL, nothing next/image could optimise
            <img
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
              alt={t("qr_alt")}
              className="size-56 self-center rounded-md bg-white p-1"
              data-testid="validation-qr"
            />
          ) : null}
        </>
      ) : (
        <p>{t("requested_body")}</p>
      )}
    </section>
  );
}

function Notice({ id, title, body }: { id: string; title: string; body: string }) {
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="flex flex-col gap-2 rounded-xl border bg-card p-5"
      data-testid={`einvoice-${id}`}
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      <p>{body}</p>
    </section>
  );
}

/**
 * The buyer's page from the QR on their receipt: asks for their details for an LHDN
 * e-invoice, or says where that e-invoice stands. A bad link shows the same plain page
 * whatever the reason, and nothing of the shop.
 */
export default async function EinvoiceRequestPage({ params }: Props) {
  const { token } = await params;
  const locale = await requestLocale();
  const t = translator(locale, "einvoice_public");
  const here = `/e/${token}`;
  const result = await load(token);
  if (!result.ok) {
    const invalid = result.status === 404 || result.status === 400;
    return (
      <PublicFrame locale={locale} here={here}>
        <div
          role="alert"
          className="flex flex-col gap-2 rounded-xl border bg-card p-5"
          data-testid="link-invalid"
        >
          {invalid ? (
            <>
              <h1 className="text-xl font-semibold">{t("invalid.title")}</h1>
              <p className="text-muted-foreground">{t("invalid.body")}</p>
            </>
          ) : (
            <p>{t("unavailable")}</p>
          )}
        </div>
      </PublicFrame>
    );
  }
  const view = result.body;

  return (
    <PublicFrame locale={locale} here={here} shop={view.shop}>
      <h1
        className="text-2xl font-semibold tracking-tight"
        data-testid="einvoice-title"
        data-state={view.state}
      >
        {t("page_title", { number: view.invoice.number })}
      </h1>
      <Receipt view={view} locale={locale} t={t} />
      {view.state === "open" ? (
        <NextIntlClientProvider
          locale={locale}
          timeZone={SHOP_TIME_ZONE}
          messages={messagesFor(locale, ["einvoice_public", "einvoice_buyer"])}
        >
          <RequestForm token={token} />
        </NextIntlClientProvider>
      ) : view.state === "valid" ? (
        <Issued link={view.validation_link} t={t} />
      ) : (
        <Notice id={view.state} title={t(`${view.state}_title`)} body={t(`${view.state}_body`)} />
      )}
    </PublicFrame>
  );
}
