"use client";

import { Plus, Printer } from "lucide-react";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { DataState } from "@/components/data-state";
import { Button } from "@/components/ui/button";
import type { GetInvoicesByIdReceiptResponse } from "@/lib/api/staff";
import { shopFormat } from "@/lib/format";
import { isLocale } from "@/lib/locale";
import { useApi } from "@/lib/use-api";
import { cn } from "@/lib/utils";

type Receipt = GetInvoicesByIdReceiptResponse;
type Width = Receipt["width"];

/** What a thermal printer can print on: 72 mm of an 80 mm roll, 48 mm of a 58 mm one. */
const PRINTABLE: Record<Width, string> = { "80mm": "72mm", "58mm": "48mm" };
const ZERO = /^-?0(\.0+)?$/;

/** The sale's receipt, to print from the browser on an 80 mm or 58 mm roll (`width` overrides the setting). */
export function ReceiptView({ id, width }: { id: string; width?: Width }) {
  const t = useTranslations("pos.receipt");
  const state = useApi<Receipt>(`/invoices/${id}/receipt`);
  const paper = width ?? state.data?.width ?? "80mm";
  return (
    <div className="flex flex-col items-center gap-4">
      {/* The page's size follows the roll, so the browser's print dialog needs no setting. */}
      <style>{`@page { size: ${paper} auto; margin: 0; }`}</style>
      <div className="flex flex-wrap items-center gap-2 print:hidden">
        <Button size="lg" className="h-14 px-6 text-lg" onClick={() => window.print()}>
          <Printer aria-hidden="true" />
          {t("print")}
        </Button>
        <Button asChild size="lg" variant="outline" className="h-14 px-6 text-lg">
          <Link href="/pos">
            <Plus aria-hidden="true" />
            {t("new_sale")}
          </Link>
        </Button>
        <span className="flex items-center gap-1 text-sm text-muted-foreground">
          {t("width")}:
          {(["80mm", "58mm"] as const).map((w) => (
            <Link
              key={w}
              href={`/pos/receipt/${id}?width=${w.replace("mm", "")}`}
              aria-current={paper === w ? "page" : undefined}
              className="rounded px-2 py-1 aria-[current=page]:bg-secondary aria-[current=page]:font-medium"
            >
              {w.replace("mm", " mm")}
            </Link>
          ))}
        </span>
      </div>
      <DataState state={state} rows={6} className="w-80">
        {(receipt) => <Paper receipt={receipt} width={paper} />}
      </DataState>
    </div>
  );
}

function Paper({ receipt, width }: { receipt: Receipt; width: Width }) {
  const t = useTranslations("pos.receipt");
  const tm = useTranslations("pos.pay.method");
  const current = useLocale();
  const format = shopFormat(isLocale(current) ? current : "en", receipt.shop.time_zone);
  const { invoice, shop } = receipt;
  const [qr, setQr] = useState<string>();
  useEffect(() => {
    let live = true;
    QRCode.toString(receipt.receipt_url, { type: "svg", errorCorrectionLevel: "M", margin: 0 })
      .then((svg) => live && setQr(svg))
      .catch((error: unknown) => console.error("receipt QR", error));
    return () => {
      live = false;
    };
  }, [receipt.receipt_url]);
  const place = [shop.postcode, shop.city].filter(Boolean).join(" ");

  return (
    <article
      data-receipt
      data-width={width}
      style={{ width: PRINTABLE[width] }}
      className={cn(
        "box-border bg-white px-0 py-[2mm] font-mono leading-snug text-black shadow-sm ring-1 ring-border [overflow-wrap:anywhere] print:shadow-none print:ring-0",
        width === "58mm" ? "text-[10px]" : "text-[11.5px]",
      )}
    >
      <header className="flex flex-col items-center gap-0.5 pb-2 text-center">
        {shop.logo_url ? (
          // biome-ignore lint/performance/noImgElement: a presigned storage URL, not a static asset next/image could optimise
          <img src={shop.logo_url} alt="" className="mb-1 max-h-16 max-w-[60%] object-contain grayscale" />
        ) : null}
        <p className="text-[1.25em] font-bold">{shop.name}</p>
        {shop.address ? <p className="whitespace-pre-line">{shop.address}</p> : null}
        {place ? <p>{place}</p> : null}
        {shop.phone ? <p>{t("phone", { phone: format.phone(shop.phone) })}</p> : null}
        {/* LHDN's "NA" stands for a shop that is not SST-registered: nothing to print. */}
        {shop.sst_number && shop.sst_number !== "NA" ? (
          <p>{t("sst_number", { number: shop.sst_number })}</p>
        ) : null}
      </header>
      <Rule />
      <dl className="grid grid-cols-[auto_1fr] gap-x-2">
        <dt>{t("invoice")}</dt>
        <dd className="text-right font-bold" data-testid="receipt-number">
          {invoice.number}
        </dd>
        <dt>{t("date")}</dt>
        <dd className="text-right">{invoice.issued_at ? format.dateTime(invoice.issued_at) : ""}</dd>
        {invoice.cashier ? (
          <>
            <dt>{t("cashier")}</dt>
            <dd className="text-right">{invoice.cashier}</dd>
          </>
        ) : null}
        {invoice.customer ? (
          <>
            <dt>{t("customer")}</dt>
            <dd className="text-right">{invoice.customer.name}</dd>
          </>
        ) : null}
      </dl>
      <Rule />
      <ul className="flex flex-col gap-1">
        {invoice.lines.map((line) => (
          <li key={line.id}>
            <p>{line.description}</p>
            {ZERO.test(line.discount) ? (
              <Row left={`${line.qty} × ${line.unit_price}`} right={line.line_total} />
            ) : (
              <>
                <p>{`${line.qty} × ${line.unit_price}`}</p>
                <Row left={`  ${t("discount")} -${line.discount}`} right={line.line_total} />
              </>
            )}
          </li>
        ))}
      </ul>
      <Rule />
      {ZERO.test(invoice.discount_given) ? null : (
        <Row left={t("discount_total")} right={`-${invoice.discount_given}`} />
      )}
      {invoice.tax_breakdown
        .filter((b) => !ZERO.test(b.tax))
        .map((b) => (
          <Row
            key={`${b.tax_type}:${b.rate}`}
            left={t("tax", { rate: b.rate, taxable: b.taxable })}
            right={b.tax}
          />
        ))}
      <Row left={t("total")} right={`RM ${invoice.total}`} strong testId="receipt-total" />
      {ZERO.test(invoice.rounding) ? null : (
        <>
          <Row left={t("rounding")} right={invoice.rounding} />
          <Row left={t("payable")} right={`RM ${invoice.payable}`} strong />
        </>
      )}
      <Rule />
      {invoice.payments.map((p) => (
        <Row key={p.id} left={tm(p.method)} right={p.tendered ?? p.amount} />
      ))}
      {ZERO.test(invoice.change_given) ? null : (
        <Row left={t("change")} right={invoice.change_given} strong />
      )}
      {ZERO.test(invoice.amount_due) ? null : <Row left={t("due")} right={invoice.amount_due} strong />}
      {receipt.footer ? (
        <>
          <Rule />
          <p className="whitespace-pre-line text-center">{receipt.footer}</p>
        </>
      ) : null}
      <div className="flex flex-col items-center gap-1 pt-3 pb-4">
        <div
          data-testid="receipt-qr"
          className={cn("aspect-square", width === "58mm" ? "w-[26mm]" : "w-[30mm]")}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: an SVG made here by the qrcode library from our own URL
          dangerouslySetInnerHTML={qr ? { __html: qr } : undefined}
        />
        <p className="text-center">{t("qr")}</p>
      </div>
    </article>
  );
}

function Rule() {
  return <hr className="my-2 border-0 border-t border-dashed border-black" />;
}

function Row({
  left,
  right,
  strong,
  testId,
}: {
  left: string;
  right: string;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <p className={cn("flex justify-between gap-2", strong && "font-bold")}>
      <span className="min-w-0 whitespace-pre-wrap">{left}</span>
      <span className="shrink-0 text-right tabular-nums" data-testid={testId}>
        {right}
      </span>
    </p>
  );
}
