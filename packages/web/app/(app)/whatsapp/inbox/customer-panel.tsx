"use client";

import { Link2, ReceiptText } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import { DataState } from "@/components/data-state";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { api } from "@/lib/api";
import { useErrorText } from "@/lib/issues";
import { useApi } from "@/lib/use-api";
import { InvoiceStatusBadge, StatusBadge } from "../../tickets/badges";
import { formatRm, toSen } from "../../tickets/model";
import { type CustomerLink, type CustomerSide, threadPath } from "./model";

/** Repairs and invoices change far less often than the chat. */
const SIDE_REFRESH_MS = 30_000;

type Kind = "status" | "invoice";

/**
 * Beside the chat: the customer, their newest repairs and invoices, each repair's status link
 * and a repair's invoice link one tap away from the reply box.
 */
export function CustomerPanel({ id, onInsert }: { id: string; onInsert: (url: string) => void }) {
  const t = useTranslations("inbox.side");
  const errorText = useErrorText();
  const state = useApi<CustomerSide>(`${threadPath(id)}/customer`, { refreshInterval: SIDE_REFRESH_MS });
  const [busy, setBusy] = useState<string>();
  const [problem, setProblem] = useState<string>();

  const insert = async (ticketId: string, kind: Kind) => {
    setBusy(`${ticketId}-${kind}`);
    setProblem(undefined);
    try {
      const link = await api.post<CustomerLink>(`${threadPath(id)}/links`, { ticket_id: ticketId, kind });
      onInsert(link.url);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(undefined);
    }
  };
  const insertButton = (ticketId: string, kind: Kind, label: string) => (
    <Button
      variant="outline"
      size="sm"
      aria-label={label}
      disabled={busy === `${ticketId}-${kind}`}
      onClick={() => insert(ticketId, kind)}
    >
      {kind === "status" ? <Link2 aria-hidden="true" /> : <ReceiptText aria-hidden="true" />}
      {t(kind === "status" ? "insert_status" : "insert_invoice")}
    </Button>
  );

  return (
    <Card className="min-w-0 lg:col-start-2 xl:col-start-auto" data-testid="inbox-customer">
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
      </CardHeader>
      <CardContent>
        <DataState state={state} rows={2}>
          {({ customer, tickets, invoices }) =>
            customer ? (
              <div className="flex flex-col gap-4 text-sm">
                <div>
                  <p className="font-medium">{customer.name}</p>
                  <Link
                    href={`/customers/${customer.id}`}
                    className="text-xs text-muted-foreground underline underline-offset-2"
                  >
                    {t("open_customer")}
                  </Link>
                </div>
                {problem ? (
                  <p className="text-destructive" role="alert">
                    {problem}
                  </p>
                ) : null}
                <Section label={t("tickets")} empty={t("no_tickets")} testId="inbox-tickets">
                  {tickets.map((ticket) => (
                    <li key={ticket.id} className="flex flex-col gap-2 rounded-lg border p-2">
                      <span className="flex items-center gap-2">
                        <Link
                          href={`/tickets/${ticket.id}`}
                          className="font-semibold tabular-nums underline-offset-2 hover:underline"
                        >
                          {ticket.number}
                        </Link>
                        <StatusBadge status={ticket.status} />
                      </span>
                      <span className="truncate text-xs text-muted-foreground">{ticket.problem}</span>
                      {insertButton(ticket.id, "status", t("insert_status_of", { number: ticket.number }))}
                    </li>
                  ))}
                </Section>
                <Section label={t("invoices")} empty={t("no_invoices")} testId="inbox-invoices">
                  {invoices.map((invoice) => (
                    <li key={invoice.id} className="flex flex-col gap-1 rounded-lg border p-2">
                      <span className="flex items-center justify-between gap-2">
                        <span className="font-medium tabular-nums">{invoice.number}</span>
                        <InvoiceStatusBadge status={invoice.status} />
                      </span>
                      <span className="text-xs text-muted-foreground">
                        {toSen(invoice.amount_due) > 0
                          ? t("due", {
                              due: formatRm(invoice.amount_due),
                              total: formatRm(invoice.total),
                            })
                          : t("paid", { total: formatRm(invoice.total) })}
                      </span>
                      {invoice.ticket_id
                        ? insertButton(
                            invoice.ticket_id,
                            "invoice",
                            t("insert_invoice_of", { number: invoice.number }),
                          )
                        : null}
                    </li>
                  ))}
                </Section>
              </div>
            ) : (
              <p className="text-sm text-muted-foreground">{t("not_in_book")}</p>
            )
          }
        </DataState>
      </CardContent>
    </Card>
  );
}

/** A heading and its list, or a line saying there is nothing. */
function Section({
  label,
  empty,
  testId,
  children,
}: {
  label: string;
  empty: string;
  testId: string;
  children: ReactNode[];
}) {
  return (
    <section aria-label={label}>
      <h3 className="mb-2 text-xs font-medium text-muted-foreground">{label}</h3>
      {children.length ? (
        <ul className="flex flex-col gap-2" data-testid={testId}>
          {children}
        </ul>
      ) : (
        <p className="text-muted-foreground">{empty}</p>
      )}
    </section>
  );
}
