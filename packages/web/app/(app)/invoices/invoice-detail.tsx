"use client";

import { Money } from "@wapos/core/money/index";
import { printedTotals } from "@wapos/core/sale/totals";
import { ArrowLeft, FileDown, Receipt } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { DataState } from "@/components/data-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { api, openFile } from "@/lib/api";
import type { GetInvoicesByIdResponse } from "@/lib/api/staff";
import { useErrorText } from "@/lib/issues";
import { useApi } from "@/lib/use-api";
import { PaymentForm } from "./payment-form";
import { RefundDialog } from "./refund-dialog";

export type Invoice = GetInvoicesByIdResponse;

const isZero = (amount: string) => Money.parse(amount).eq(Money.ZERO);

/**
 * One sale or refund note as the API figures it: lines, SST by rate, rounding, payments, what
 * is due and the refunds against it; from here staff print it, take payment, or refund.
 */
export function InvoiceDetail({
  id,
  onOpen,
  onChanged,
}: {
  id: string;
  onOpen: (id: string | null) => void;
  onChanged: () => void;
}) {
  const t = useTranslations("invoices");
  const format = useFormatter();
  const errorText = useErrorText();
  const state = useApi<Invoice>(`/invoices/${id}`);
  const [failure, setFailure] = useState<string>();

  const changed = (next: Invoice) => {
    state.set(next);
    onChanged();
  };

  const openPdf = async (invoice: Invoice) => {
    setFailure(undefined);
    await openFile(
      async () => (await api.download(`/invoices/${invoice.id}/pdf`)).blob,
      "application/pdf",
    ).catch((error: unknown) => setFailure(errorText(error)));
  };

  return (
    <section className="flex flex-col gap-4" aria-label={t("detail")}>
      <div>
        <Button variant="ghost" size="sm" onClick={() => onOpen(null)}>
          <ArrowLeft aria-hidden="true" />
          {t("back")}
        </Button>
      </div>
      <DataState state={state}>
        {(invoice) => (
          <div className="flex flex-col gap-6" data-testid="invoice-detail" data-number={invoice.number}>
            <header className="flex flex-wrap items-center gap-3">
              <h2 className="font-mono text-xl font-semibold">{invoice.number}</h2>
              <Badge variant={invoice.kind === "refund_note" ? "warning" : "secondary"}>
                {invoice.kind === "refund_note" ? t("refund_note") : t("invoice")}
              </Badge>
              <Badge variant="outline" data-testid="invoice-status">
                {t(`status.${invoice.status}`)}
              </Badge>
              <span className="text-sm text-muted-foreground">
                {invoice.issued_at
                  ? format.dateTime(new Date(invoice.issued_at), { dateStyle: "medium", timeStyle: "short" })
                  : null}
                {invoice.cashier ? ` · ${invoice.cashier}` : null}
                {` · ${invoice.customer?.name ?? t("walk_in")}`}
              </span>
              <span className="ml-auto flex flex-wrap gap-2">
                <Button variant="outline" asChild>
                  <Link href={`/pos/receipt/${invoice.id}`}>
                    <Receipt aria-hidden="true" />
                    {t("receipt")}
                  </Link>
                </Button>
                <Button variant="outline" onClick={() => openPdf(invoice)}>
                  <FileDown aria-hidden="true" />
                  {t("pdf")}
                </Button>
                {invoice.kind === "invoice" && invoice.status !== "void" ? (
                  <RefundDialog
                    invoice={invoice}
                    onRefunded={(note) => {
                      onChanged();
                      state.retry();
                      onOpen(note.id);
                    }}
                  />
                ) : null}
              </span>
            </header>
            {failure ? (
              <p role="alert" className="text-sm text-destructive">
                {failure}
              </p>
            ) : null}
            {invoice.original_invoice_id ? (
              <p className="text-sm">
                {t("refund_of")}{" "}
                <button
                  type="button"
                  className="text-primary underline-offset-2 hover:underline"
                  onClick={() => onOpen(invoice.original_invoice_id)}
                >
                  {t("open_original")}
                </button>
              </p>
            ) : null}
            {invoice.notes ? <p className="text-sm text-muted-foreground">{invoice.notes}</p> : null}
            <Lines invoice={invoice} />
            <div className="grid gap-6 md:grid-cols-2">
              <Totals invoice={invoice} />
              <div className="flex flex-col gap-4">
                <Payments invoice={invoice} />
                {invoice.refunds.length ? (
                  <div>
                    <h3 className="mb-2 font-semibold">{t("refunds")}</h3>
                    <ul className="flex flex-col gap-1" data-testid="refunds">
                      {invoice.refunds.map((r) => (
                        <li key={r.id} className="flex justify-between gap-2 text-sm">
                          <button
                            type="button"
                            className="font-mono text-primary underline-offset-2 hover:underline"
                            onClick={() => onOpen(r.id)}
                          >
                            {r.number}
                          </button>
                          <span className="tabular-nums">{Money.format(r.total)}</span>
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                {invoice.kind === "invoice" && !isZero(invoice.amount_due) && invoice.status !== "void" ? (
                  <PaymentForm key={invoice.amount_due} invoice={invoice} onPaid={changed} />
                ) : null}
              </div>
            </div>
          </div>
        )}
      </DataState>
    </section>
  );
}

function Lines({ invoice }: { invoice: Invoice }) {
  const t = useTranslations("invoices");
  return (
    <Table data-testid="invoice-lines">
      <TableHeader>
        <TableRow>
          <TableHead>{t("lines.item")}</TableHead>
          <TableHead className="text-right">{t("lines.qty")}</TableHead>
          <TableHead className="text-right">{t("lines.unit_price")}</TableHead>
          <TableHead className="text-right">{t("lines.discount")}</TableHead>
          <TableHead className="text-right">{t("lines.tax")}</TableHead>
          <TableHead className="text-right">{t("lines.total")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {invoice.lines.map((l) => (
          <TableRow key={l.id}>
            <TableCell>
              {l.description}
              {l.sku ? <span className="ml-2 font-mono text-xs text-muted-foreground">{l.sku}</span> : null}
            </TableCell>
            <TableCell className="text-right tabular-nums">{l.qty}</TableCell>
            <TableCell className="text-right tabular-nums">{Money.format(l.unit_price)}</TableCell>
            <TableCell className="text-right tabular-nums">
              {isZero(l.discount) ? "—" : Money.format(l.discount)}
            </TableCell>
            <TableCell className="text-right tabular-nums">
              {isZero(l.tax_amount) ? "—" : `${Money.format(l.tax_amount)} (${l.tax_rate}%)`}
            </TableCell>
            <TableCell className="text-right tabular-nums">{Money.format(l.line_total)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Totals({ invoice }: { invoice: Invoice }) {
  const t = useTranslations("invoices");
  // SST by rate, on top before the total or included after it (core's printedTotals order).
  const taxes = (included: boolean) =>
    invoice.tax_breakdown
      .filter((b) => !isZero(b.tax))
      .map(
        (b) =>
          [
            t(included ? "totals.sst_included" : "totals.sst", {
              rate: b.rate,
              taxable: Money.format(b.taxable),
            }),
            b.tax,
          ] as [string, string],
      );
  const rows: [string, string, string?][] = [
    ...printedTotals(invoice).flatMap((row): [string, string][] =>
      row.kind === "tax" || row.kind === "tax_included"
        ? taxes(row.kind === "tax_included")
        : [[t(`totals.${row.kind}`), row.amount]],
    ),
    ...(isZero(invoice.rounding) ? [] : [[t("totals.rounding"), invoice.rounding] as [string, string]]),
    [t("totals.payable"), invoice.payable, "font-semibold"],
    [t("totals.paid"), invoice.amount_paid],
    ...(isZero(invoice.change_given) ? [] : [[t("totals.change"), invoice.change_given] as [string, string]]),
    [t("totals.due"), invoice.amount_due, "font-semibold"],
  ];
  return (
    // self-start: stretched to the payment column's height, the grid would spread its rows apart.
    <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 self-start text-sm" data-testid="invoice-totals">
      {rows.map(([label, amount, style]) => (
        <div key={label} className={`contents ${style ?? ""}`}>
          <dt>{label}</dt>
          <dd className="text-right tabular-nums">{Money.format(amount)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Payments({ invoice }: { invoice: Invoice }) {
  const t = useTranslations("invoices");
  const tm = useTranslations("pos.pay.method");
  if (!invoice.payments.length) return <p className="text-sm text-muted-foreground">{t("no_payments")}</p>;
  return (
    <div>
      <h3 className="mb-2 font-semibold">
        {invoice.kind === "refund_note" ? t("money_back") : t("payments")}
      </h3>
      <ul className="flex flex-col gap-1" data-testid="payments">
        {invoice.payments.map((p) => (
          <li key={p.id} className="flex justify-between gap-2 text-sm">
            <span>
              {tm(p.method)}
              {p.reference ? <span className="ml-2 text-muted-foreground">{p.reference}</span> : null}
            </span>
            <span className="tabular-nums">{Money.format(p.amount)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
