import { printedTotals } from "@wapos/core/sale/totals";
import QRCode from "qrcode";
import { Fragment } from "react";
import type { Locale } from "@/lib/locale";
import { cn } from "@/lib/utils";
import { money, phone, shopDate } from "../../_lib/format";
import type { StatusView } from "../../_lib/status";
import { PrintButton } from "./print-button";
import type { T } from "./text";

type InvoiceView = NonNullable<StatusView["invoice"]>;

/** Whether a decimal string from the API is above zero, read as text: amounts never pass through a float. */
const positive = (amount: string) => !amount.startsWith("-") && /[1-9]/.test(amount);
const quantity = (qty: string) => (qty.includes(".") ? qty.replace(/\.?0+$/, "") : qty);

/** The printable invoice: lines, totals, what is still to pay, and the e-invoice. */
export function Invoice({ view, locale, zone, t }: { view: StatusView; locale: Locale; zone: string; t: T }) {
  const invoice = view.invoice!;
  const owing = positive(invoice.balance);
  const state =
    invoice.status === "paid" ||
    invoice.status === "refunded" ||
    invoice.status === "void" ||
    invoice.status === "partially_paid"
      ? invoice.status
      : !owing && positive(invoice.total)
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
        {view.shop.phone ? <p className="text-sm">{phone(view.shop.phone)}</p> : null}
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
        {printedTotals(invoice).map((row) =>
          row.kind === "total" ? (
            <Fragment key={row.kind}>
              <dt className="font-semibold">{t("invoice.total")}</dt>
              <dd className="text-right font-semibold tabular-nums" data-testid="invoice-total">
                {amount(row.amount)}
              </dd>
            </Fragment>
          ) : (
            <Fragment key={row.kind}>
              <dt className="text-muted-foreground">{t(`invoice.${row.kind}`)}</dt>
              <dd className="text-right tabular-nums">{amount(row.amount)}</dd>
            </Fragment>
          ),
        )}
        <dt className="text-muted-foreground">{t("invoice.amount_paid")}</dt>
        <dd className="text-right tabular-nums">{amount(invoice.amount_paid)}</dd>
        {owing && state !== "void" ? (
          <>
            <dt className="font-medium">{t("invoice.balance")}</dt>
            <dd className="text-right font-medium tabular-nums">{amount(invoice.balance)}</dd>
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
async function EinvoiceNote({ invoice, t }: { invoice: InvoiceView; t: T }) {
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
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-made SVG of our own link */}
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
