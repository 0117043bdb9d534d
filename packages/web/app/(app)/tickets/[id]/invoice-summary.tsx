"use client";

import { printedTotals } from "@wapos/core/sale/totals";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { useShopFormat } from "@/lib/format";
import { formatRm, type Invoice, toSen } from "../model";

/** The repair's invoice: issued when the ticket is made ready, paid at pickup. */
export function InvoiceSummary({ invoice }: { invoice: Invoice | null }) {
  const t = useTranslations("ticket.invoice");
  const shop = useShopFormat();
  if (!invoice) return <p className="text-sm text-muted-foreground">{t("none")}</p>;
  const due = invoice.amount_due;
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="invoice">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium tabular-nums">{invoice.number}</span>
        <Badge
          variant={invoice.status === "paid" ? "success" : "secondary"}
          data-invoice-status={invoice.status}
        >
          {t.has(`status.${invoice.status}`) ? t(`status.${invoice.status}`) : invoice.status}
        </Badge>
      </div>
      {invoice.issued_at ? (
        <p className="text-xs text-muted-foreground">
          {t("issued", {
            time: shop.dateTime(invoice.issued_at),
          })}
        </p>
      ) : null}
      {invoice.lines?.length ? (
        <ul className="flex flex-col gap-1">
          {invoice.lines.map((line, index) => (
            // Invoice lines have no id of their own in the API; their order is fixed.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={index} className="flex justify-between gap-3">
              <span className="min-w-0 break-words">{line.description}</span>
              <span className="shrink-0 tabular-nums">{formatRm(line.line_total)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <dl className="grid grid-cols-2 gap-y-1 border-t pt-2">
        {printedTotals(invoice).map((row) => (
          <div key={row.kind} className="contents">
            <dt className={row.kind === "total" ? "font-medium" : "text-muted-foreground"}>{t(row.kind)}</dt>
            <dd className={`text-right tabular-nums ${row.kind === "total" ? "font-medium" : ""}`}>
              {formatRm(row.amount)}
            </dd>
          </div>
        ))}
        <dt className="text-muted-foreground">{t("paid")}</dt>
        <dd className="text-right tabular-nums">{formatRm(invoice.amount_paid)}</dd>
        <dt className="font-medium">{t("due")}</dt>
        <dd className="text-right font-medium tabular-nums" data-testid="amount-due">
          {toSen(due) > 0 ? formatRm(due) : t("nothing_due")}
        </dd>
        {toSen(invoice.refund_due) > 0 ? (
          <>
            <dt className="font-medium text-destructive">{t("refund_due")}</dt>
            <dd className="text-right font-medium text-destructive tabular-nums" data-testid="refund-due">
              {formatRm(invoice.refund_due)}
            </dd>
            <dd className="col-span-2 text-xs text-muted-foreground">{t("refund_due_hint")}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
