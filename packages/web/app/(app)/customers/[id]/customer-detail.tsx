"use client";

import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { useSession } from "@/components/session";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { phone, useShopFormat } from "@/lib/format";
import { useApi } from "@/lib/use-api";
import { InvoiceStatusBadge, StatusBadge } from "../../tickets/badges";
import { MessageBubble } from "../../tickets/message-bubble";
import { formatRm } from "../../tickets/model";
import { ConsentBadge } from "../consent-badge";
import type { Consent, CustomerPage } from "../model";
import { EditCustomer } from "./edit-customer";
import { MergeCustomer } from "./merge-customer";
import { WhatsappConsent } from "./whatsapp-consent";

export function CustomerDetail({ id }: { id: string }) {
  const t = useTranslations("customers");
  const tt = useTranslations("ticket");
  const shop = useShopFormat();
  const me = useSession();
  const state = useApi<CustomerPage>(`/customers/${encodeURIComponent(id)}`);
  const { data: page, error } = state;
  const setPage = (next: CustomerPage) => state.set(next);

  const when = (iso: string) => shop.dateTime(iso);
  const back = (
    <Link
      href="/customers"
      className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground underline-offset-2 hover:underline"
    >
      <ArrowLeft className="size-4" aria-hidden="true" />
      {t("back")}
    </Link>
  );

  if (error && !page && (error.status === 404 || error.status === 400))
    return (
      <>
        {back}
        <p className="rounded-xl border border-dashed p-6" role="alert">
          {t("not_found")}
        </p>
      </>
    );
  if (!page)
    return (
      <>
        {error ? back : null}
        <DataState
          state={state}
          loading={
            <div aria-busy="true" className="flex flex-col gap-4">
              <Skeleton className="h-10 w-48" />
              <Skeleton className="h-64 w-full" />
            </div>
          }
        >
          {() => null}
        </DataState>
      </>
    );

  const { customer, devices, tickets, invoices, consents, messages } = page;
  return (
    <>
      {back}
      <PageHeader
        title={customer.name}
        description={phone(customer.phone)}
        actions={
          <>
            {me.role !== "cashier" ? <EditCustomer customer={customer} onSaved={setPage} /> : null}
            <WhatsappConsent
              key={`${customer.id}-${customer.whatsapp_consent}`}
              customer={customer}
              role={me.role}
              onSaved={setPage}
            />
            {me.role === "admin" ? <MergeCustomer key={customer.id} customer={customer} /> : null}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
          <Card aria-labelledby="tickets-title">
            <CardHeader>
              <CardTitle id="tickets-title">{t("sections.tickets", { count: tickets.length })}</CardTitle>
            </CardHeader>
            <CardContent>
              {tickets.length ? (
                <ul className="flex flex-col gap-2" data-testid="customer-tickets">
                  {tickets.map((ticket) => (
                    <li key={ticket.id}>
                      <Link
                        href={`/tickets/${ticket.id}`}
                        className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border p-3 outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
                      >
                        <span className="font-semibold tabular-nums">{ticket.number}</span>
                        <StatusBadge status={ticket.status} />
                        <span className="min-w-0 flex-1 truncate text-sm">{ticket.problem}</span>
                        <span className="text-xs text-muted-foreground">{when(ticket.created_at)}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-muted-foreground">{t("empty.tickets")}</p>
              )}
            </CardContent>
          </Card>

          <Card aria-labelledby="consents-title">
            <CardHeader>
              <CardTitle id="consents-title">{t("sections.consents")}</CardTitle>
            </CardHeader>
            <CardContent>
              {consents.length ? (
                <ul className="flex flex-col gap-3" data-testid="consents">
                  {consents.map((consent, index) => (
                    // Consents are an append-only record with no id in the API; newest first.
                    // biome-ignore lint/suspicious/noArrayIndexKey: see above
                    <li key={index}>
                      <ConsentRow consent={consent} when={when} />
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-muted-foreground">{t("empty.consents")}</p>
              )}
            </CardContent>
          </Card>

          <Card aria-labelledby="messages-title">
            <CardHeader>
              <CardTitle id="messages-title">{t("sections.messages")}</CardTitle>
            </CardHeader>
            <CardContent>
              {messages.length ? (
                <ol
                  className="flex max-h-[32rem] flex-col gap-2 overflow-y-auto"
                  data-testid="customer-messages"
                >
                  {[...messages]
                    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))
                    .map((message) => (
                      <li key={message.id}>
                        <MessageBubble message={message} />
                      </li>
                    ))}
                </ol>
              ) : (
                <p className="text-sm text-muted-foreground">{t("empty.messages")}</p>
              )}
            </CardContent>
          </Card>
        </div>

        <div className="flex min-w-0 flex-col gap-6">
          <Card aria-labelledby="details-title">
            <CardHeader>
              <CardTitle id="details-title">{t("sections.details")}</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="flex flex-col gap-2 text-sm">
                <Fact label={t("fields.phone")}>{phone(customer.phone)}</Fact>
                <Fact label={t("fields.email")}>{customer.email ?? "—"}</Fact>
                <Fact label={t("fields.address")}>{customer.address ?? "—"}</Fact>
                <Fact label={t("fields.language")}>{t(`languages.${customer.language}`)}</Fact>
                <Fact label={t("fields.whatsapp")}>
                  <ConsentBadge consent={customer.whatsapp_consent} />
                </Fact>
                {customer.tags.length ? (
                  <Fact label={t("fields.tags")}>
                    <span className="flex flex-wrap gap-1">
                      {customer.tags.map((tag) => (
                        <Badge key={tag} variant="secondary">
                          {tag}
                        </Badge>
                      ))}
                    </span>
                  </Fact>
                ) : null}
                {customer.notes ? (
                  <Fact label={t("fields.notes")}>
                    <span className="whitespace-pre-wrap">{customer.notes}</span>
                  </Fact>
                ) : null}
                <Fact label={t("fields.since")}>{when(customer.created_at)}</Fact>
              </dl>
            </CardContent>
          </Card>

          <Card aria-labelledby="devices-title">
            <CardHeader>
              <CardTitle id="devices-title">{t("sections.devices", { count: devices.length })}</CardTitle>
            </CardHeader>
            <CardContent>
              {devices.length ? (
                <ul className="flex flex-col gap-2 text-sm">
                  {devices.map((device) => (
                    <li key={device.id} className="rounded-lg border p-3">
                      <p className="font-medium">
                        {device.brand} {device.model}
                      </p>
                      <p className="text-xs text-muted-foreground">
                        {tt(`categories.${device.category}`)}
                        {device.color ? ` · ${device.color}` : ""}
                      </p>
                      {device.imei ? <p className="font-mono text-xs">IMEI {device.imei}</p> : null}
                      {device.serial ? (
                        <p className="font-mono text-xs">
                          {t("serial")} {device.serial}
                        </p>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-muted-foreground">{t("empty.devices")}</p>
              )}
            </CardContent>
          </Card>

          <Card aria-labelledby="invoices-title">
            <CardHeader>
              <CardTitle id="invoices-title">{t("sections.invoices", { count: invoices.length })}</CardTitle>
            </CardHeader>
            <CardContent>
              {invoices.length ? (
                <ul className="flex flex-col gap-2 text-sm">
                  {invoices.map((invoice) => (
                    <li
                      key={invoice.id}
                      className="flex flex-wrap items-center justify-between gap-2 rounded-lg border p-3"
                    >
                      <span className="font-medium tabular-nums">{invoice.number}</span>
                      <InvoiceStatusBadge status={invoice.status} />
                      <span className="w-full text-xs text-muted-foreground">
                        {t("invoice_line", {
                          total: formatRm(invoice.total),
                          paid: formatRm(invoice.amount_paid),
                        })}
                        {invoice.issued_at ? ` · ${when(invoice.issued_at)}` : ""}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-muted-foreground">{t("empty.invoices")}</p>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

/** One consent with its evidence: what was agreed, where, when, and what the customer was shown. */
function ConsentRow({ consent, when }: { consent: Consent; when: (iso: string) => string }) {
  const t = useTranslations("customers.consents");
  const evidence = Object.entries(consent.evidence ?? {});
  return (
    <div className="rounded-lg border p-3 text-sm" data-consent-kind={consent.kind}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{t(`kinds.${consent.kind}`)}</span>
        <Badge variant={consent.granted ? "success" : "destructive"}>
          {consent.granted ? t("granted") : t("withdrawn")}
        </Badge>
        <span className="ml-auto text-xs text-muted-foreground">
          <time dateTime={consent.recorded_at}>{when(consent.recorded_at)}</time>
        </span>
      </div>
      <dl className="mt-2 flex flex-col gap-1">
        <div className="flex flex-wrap gap-x-2">
          <dt className="text-muted-foreground">{t("source")}</dt>
          <dd className="font-mono text-xs leading-5" data-testid="consent-source">
            {consent.source}
          </dd>
        </div>
        {consent.text_shown ? (
          <div>
            <dt className="text-muted-foreground">{t("text_shown")}</dt>
            <dd>
              <blockquote
                className="mt-1 whitespace-pre-wrap border-l-2 pl-3 italic"
                data-testid="consent-text"
              >
                {consent.text_shown}
              </blockquote>
            </dd>
          </div>
        ) : null}
        {evidence.length ? (
          <div>
            <dt className="text-muted-foreground">{t("evidence")}</dt>
            <dd>
              <ul className="mt-1 flex flex-col gap-0.5 text-xs">
                {evidence.map(([key, value]) => (
                  <li key={key} className="break-all">
                    <span className="font-medium">{key}</span>:{" "}
                    <span className="font-mono">
                      {typeof value === "string" ? value : JSON.stringify(value)}
                    </span>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}
