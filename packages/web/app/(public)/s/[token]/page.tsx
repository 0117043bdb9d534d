import { Check } from "lucide-react";
import type { Metadata } from "next";
import QRCode from "qrcode";
import { cache } from "react";
import type { Locale } from "@/lib/locale";
import { cn } from "@/lib/utils";
import { getPublic } from "../../_lib/api";
import { money, shopDate, shopTime } from "../../_lib/format";
import { requestLocale, translator } from "../../_lib/locale";
import { PublicFrame } from "../../_lib/public-frame";
import { looksLikeToken, type StatusView } from "../../_lib/status";
import { AnswerButtons } from "./answer-buttons";
import { PrintButton } from "./print-button";

type Props = { params: Promise<{ token: string }> };
type T = ReturnType<typeof translator<"status">>;

const STEPS = ["received", "estimate", "ready", "collected"] as const;
const STEP_OF = { NEW: 0, IN_PROGRESS: 1, READY: 2, CLOSED: 3 } as const;

// The page and its metadata both need the ticket: one request per render.
const load = cache(async (token: string) => {
  if (!looksLikeToken(token)) return { ok: false as const, status: 404, code: "link.invalid" };
  return getPublic<StatusView>(`/tickets/${encodeURIComponent(token)}`);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { token } = await params;
  const t = translator(await requestLocale(), "status");
  const result = await load(token);
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

/** A decimal string as integer sen, so amounts are compared and subtracted exactly. */
const sen = (amount: string) => {
  const [whole = "0", cents = ""] = amount.split(".");
  return Number(whole) * 100 + Number(cents.padEnd(2, "0").slice(0, 2));
};
const fromSen = (value: number) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, "0")}`;
const quantity = (qty: string) => (qty.includes(".") ? qty.replace(/\.?0+$/, "") : qty);

function Steps({ view, t }: { view: StatusView; t: T }) {
  const current = STEP_OF[view.status];
  return (
    <ol aria-label={t("steps_label")} className="grid grid-cols-4 gap-1" data-testid="status-steps">
      {STEPS.map((step, index) => {
        const state =
          index < current || view.status === "CLOSED" ? "done" : index === current ? "current" : "todo";
        return (
          <li
            key={step}
            aria-current={state === "current" ? "step" : undefined}
            data-state={state}
            className="flex flex-col items-center gap-1.5 text-center"
          >
            <span
              aria-hidden="true"
              className={cn(
                "flex size-9 items-center justify-center rounded-full border-2 text-sm font-semibold",
                state === "done" && "border-primary bg-primary text-primary-foreground",
                state === "current" && "border-primary text-primary",
                state === "todo" && "border-border text-muted-foreground",
              )}
            >
              {state === "done" ? <Check className="size-4" /> : index + 1}
            </span>
            <span
              className={cn("text-xs sm:text-sm", state === "todo" ? "text-muted-foreground" : "font-medium")}
            >
              {t(`steps.${step}`)}
              <span className="sr-only">: {t(`step_state.${state}`)}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

function nowText(view: StatusView, t: T) {
  if (view.status !== "IN_PROGRESS") return t(`now.${view.status}`);
  return t(`now.${view.approval ?? "approved"}`);
}

function Invoice({ view, locale, zone, t }: { view: StatusView; locale: Locale; zone: string; t: T }) {
  const invoice = view.invoice!;
  const balance = sen(invoice.total) - sen(invoice.amount_paid);
  const state =
    invoice.status === "paid" ||
    invoice.status === "refunded" ||
    invoice.status === "void" ||
    invoice.status === "partially_paid"
      ? invoice.status
      : balance <= 0 && sen(invoice.total) > 0
        ? "paid"
        : "unpaid";
  const amount = (value: string) => money(value, invoice.currency);
  return (
    <section
      id="invoice"
      aria-labelledby="invoice-title"
      className="scroll-mt-4 rounded-xl border bg-card p-4 sm:p-5 print:border-0 print:p-0"
    >
      <div className="mb-4 hidden print:block">
        <p className="text-lg font-semibold">{view.shop.name}</p>
        {view.shop.address ? <p className="whitespace-pre-line text-sm">{view.shop.address}</p> : null}
        {view.shop.phone ? <p className="text-sm">{view.shop.phone}</p> : null}
      </div>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id="invoice-title" className="text-lg font-semibold">
            {t("invoice.title", { number: invoice.number })}
          </h2>
          {invoice.issued_at ? (
            <p className="text-sm text-muted-foreground">
              {t("invoice.issued", { date: shopDate(invoice.issued_at, locale, zone) })}
            </p>
          ) : null}
        </div>
        <span
          data-testid="invoice-state"
          className={cn(
            "rounded-full border px-2.5 py-0.5 text-sm font-medium",
            state === "paid"
              ? "border-success/40 bg-success/10 text-success"
              : "border-warning/40 bg-warning/10",
          )}
        >
          {t(`invoice.state.${state}`)}
        </span>
      </div>
      <table className="mt-4 w-full text-sm">
        <thead>
          <tr className="border-b text-left text-muted-foreground">
            <th scope="col" className="py-2 pr-2 font-medium">
              {t("invoice.item")}
            </th>
            <th scope="col" className="py-2 pr-2 text-right font-medium">
              {t("invoice.qty")}
            </th>
            <th
              scope="col"
              className="hidden py-2 pr-2 text-right font-medium sm:table-cell print:table-cell"
            >
              {t("invoice.unit_price")}
            </th>
            <th scope="col" className="py-2 text-right font-medium">
              {t("invoice.amount")}
            </th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id of their own and never reorder
            <tr key={index} className="border-b align-top">
              <td className="py-2 pr-2 [overflow-wrap:anywhere]">{line.description}</td>
              <td className="py-2 pr-2 text-right tabular-nums">{quantity(line.qty)}</td>
              <td className="hidden whitespace-nowrap py-2 pr-2 text-right tabular-nums sm:table-cell print:table-cell">
                {amount(line.unit_price)}
              </td>
              <td className="whitespace-nowrap py-2 text-right tabular-nums">{amount(line.line_total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="mt-3 ml-auto grid max-w-xs grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted-foreground">{t("invoice.subtotal")}</dt>
        <dd className="text-right tabular-nums">{amount(invoice.subtotal)}</dd>
        <dt className="text-muted-foreground">{t("invoice.tax")}</dt>
        <dd className="text-right tabular-nums">{amount(invoice.tax_total)}</dd>
        <dt className="font-semibold">{t("invoice.total")}</dt>
        <dd className="text-right font-semibold tabular-nums" data-testid="invoice-total">
          {amount(invoice.total)}
        </dd>
        <dt className="text-muted-foreground">{t("invoice.amount_paid")}</dt>
        <dd className="text-right tabular-nums">{amount(invoice.amount_paid)}</dd>
        {balance > 0 && state !== "void" ? (
          <>
            <dt className="font-medium">{t("invoice.balance")}</dt>
            <dd className="text-right font-medium tabular-nums">{amount(fromSen(balance))}</dd>
          </>
        ) : null}
      </dl>
      <EinvoiceNote invoice={invoice} t={t} />
      <div className="mt-4 flex justify-end">
        <PrintButton label={t("invoice.print")} />
      </div>
    </section>
  );
}

const isWebLink = (link: string | null): link is string => link !== null && /^https?:\/\//i.test(link);

/** The e-invoice: LHDN's validation link and its QR once valid, else where to ask for one. */
async function EinvoiceNote({ invoice, t }: { invoice: NonNullable<StatusView["invoice"]>; t: T }) {
  const link = invoice.einvoice_validation_link;
  // Printed, the invoice carries the link as a QR: LHDN's page once valid, else the request form.
  const target = isWebLink(link) ? link : invoice.einvoice_request_url;
  const svg = await QRCode.toString(target, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  if (isWebLink(link)) {
    return (
      <div className="mt-4 flex items-center gap-4 rounded-lg border p-3" data-testid="einvoice-validated">
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-made SVG, no user input */}
        <div className="size-28 shrink-0" dangerouslySetInnerHTML={{ __html: svg }} />
        <p className="text-sm">
          {t("invoice.einvoice_valid")}{" "}
          <a href={link} target="_blank" rel="noreferrer" className="underline">
            {t("invoice.einvoice_open")}
          </a>
        </p>
      </div>
    );
  }
  return (
    <div className="mt-4 flex items-center gap-4 rounded-lg border p-3" data-testid="einvoice-request">
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-made SVG of our own signed link */}
      <div className="size-24 shrink-0" dangerouslySetInnerHTML={{ __html: svg }} />
      <p className="text-sm text-muted-foreground">
        {t("invoice.einvoice_ask")}{" "}
        <a href={invoice.einvoice_request_url} className="underline">
          {t("invoice.einvoice_request")}
        </a>
      </p>
    </div>
  );
}

function InvalidLink({ locale, token }: { locale: Locale; token: string }) {
  const t = translator(locale, "status");
  return (
    <PublicFrame locale={locale} here={`/s/${token}`}>
      <div
        role="alert"
        className="flex flex-col gap-2 rounded-xl border bg-card p-5"
        data-testid="link-invalid"
      >
        <h1 className="text-xl font-semibold">{t("invalid.title")}</h1>
        <p className="text-muted-foreground">{t("invalid.body")}</p>
      </div>
    </PublicFrame>
  );
}

/** The customer's page for one ticket, opened from the signed link the shop sent. */
export default async function StatusPage({ params }: Props) {
  const { token } = await params;
  const locale = await requestLocale();
  const t = translator(locale, "status");
  const result = await load(token);
  if (!result.ok) {
    if (result.status === 404 || result.status === 400) return <InvalidLink locale={locale} token={token} />;
    return (
      <PublicFrame locale={locale} here={`/s/${token}`}>
        <p role="alert" className="rounded-xl border bg-card p-5">
          {t("unavailable")}
        </p>
      </PublicFrame>
    );
  }
  const view = result.body;
  const zone = view.shop.time_zone || "Asia/Kuala_Lumpur";
  const tel = view.shop.phone.replace(/[^\d+]/g, "");

  return (
    <PublicFrame locale={locale} here={`/s/${token}`} shop={view.shop}>
      <div className="flex flex-col gap-4 print:hidden">
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="status-title">
          {t("title", { number: view.number })}
        </h1>
        <Steps view={view} t={t} />
        <p className="rounded-lg bg-accent px-4 py-3 text-accent-foreground" data-testid="status-now">
          {nowText(view, t)}
        </p>
      </div>

      <dl className="grid gap-3 rounded-xl border bg-card p-4 sm:grid-cols-[auto_1fr] sm:gap-x-6 sm:p-5 print:hidden">
        <dt className="text-sm text-muted-foreground">{t("device")}</dt>
        <dd className="-mt-2 font-medium sm:mt-0">{view.device}</dd>
        <dt className="text-sm text-muted-foreground">{t("problem")}</dt>
        <dd className="-mt-2 whitespace-pre-line sm:mt-0">{view.problem}</dd>
        {view.ready_at ? (
          <>
            <dt className="sr-only">{t("steps.ready")}</dt>
            <dd className="text-sm text-muted-foreground sm:col-span-2">
              {t("ready_at", { date: shopTime(view.ready_at, locale, zone) })}
            </dd>
          </>
        ) : null}
        {view.closed_at ? (
          <>
            <dt className="sr-only">{t("steps.collected")}</dt>
            <dd className="text-sm text-muted-foreground sm:col-span-2">
              {t("closed_at", { date: shopTime(view.closed_at, locale, zone) })}
            </dd>
          </>
        ) : null}
      </dl>

      {view.estimate ? (
        <section
          aria-labelledby="estimate-title"
          className="flex flex-col gap-4 rounded-xl border bg-card p-4 sm:p-5 print:hidden"
          data-testid="estimate"
        >
          <h2 id="estimate-title" className="text-lg font-semibold">
            {t("estimate.title")}
          </h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
            <dt className="text-muted-foreground">{t("estimate.price")}</dt>
            <dd className="text-xl font-semibold tabular-nums" data-testid="estimate-price">
              {money(view.estimate.price, view.estimate.currency)}
            </dd>
            {view.eta_ready_at ? (
              <>
                <dt className="text-muted-foreground">{t("estimate.eta")}</dt>
                <dd data-testid="estimate-eta">{shopTime(view.eta_ready_at, locale, zone)}</dd>
              </>
            ) : null}
          </dl>
          {view.can_answer ? (
            <AnswerButtons
              ticketId={view.ticket_id}
              token={token}
              strings={{
                question: t("estimate.question"),
                approve: t("estimate.approve"),
                decline: t("estimate.decline"),
                confirmDecline: t("estimate.confirm_decline"),
                confirmYes: t("estimate.confirm_yes"),
                confirmNo: t("estimate.confirm_no"),
                approved: t("estimate.approved"),
                declined: t("estimate.declined"),
                failed: t("estimate.failed"),
                changed: t("estimate.changed"),
              }}
            />
          ) : view.approval === "approved" || view.approval === "declined" ? (
            <p className="font-medium" data-testid="estimate-answer-state">
              {t(`estimate.${view.approval}`)}
            </p>
          ) : null}
        </section>
      ) : null}

      {view.photos.length ? (
        <section aria-labelledby="photos-title" className="flex flex-col gap-3 print:hidden">
          <h2 id="photos-title" className="text-lg font-semibold">
            {t("photos.title")}
          </h2>
          <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3">
            {view.photos.map((photo, index) => (
              <li key={photo.url}>
                <a
                  href={photo.url}
                  target="_blank"
                  rel="noreferrer"
                  className="block overflow-hidden rounded-lg border"
                >
                  {/* biome-ignore lint/performance/noImgElement: a presigned storage URL, not a static asset next/image could optimise */}
                  <img
                    src={photo.url}
                    alt={t("photos.alt", { n: index + 1 })}
                    className="aspect-square w-full object-cover"
                    loading="lazy"
                  />
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {view.invoice ? <Invoice view={view} locale={locale} zone={zone} t={t} /> : null}

      <section
        aria-labelledby="shop-title"
        className="flex flex-col gap-1 rounded-xl border bg-card p-4 sm:p-5 print:hidden"
      >
        <h2 id="shop-title" className="text-lg font-semibold">
          {t("shop.title")}
        </h2>
        <p className="font-medium">{view.shop.name}</p>
        {view.shop.phone ? (
          <a href={`tel:${tel}`} className="text-primary underline-offset-4 hover:underline">
            {t("shop.call", { phone: view.shop.phone })}
          </a>
        ) : null}
        {view.shop.address ? (
          <p className="whitespace-pre-line text-sm text-muted-foreground">
            <span className="sr-only">{t("shop.address")}: </span>
            {view.shop.address}
          </p>
        ) : null}
      </section>
    </PublicFrame>
  );
}
