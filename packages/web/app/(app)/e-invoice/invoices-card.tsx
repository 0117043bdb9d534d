"use client";

import {
  Ban,
  ChevronDown,
  ChevronRight,
  Download,
  Ellipsis,
  ExternalLink,
  FilePen,
  RotateCw,
  Send,
} from "lucide-react";
import { useTranslations } from "next-intl";
import { Fragment, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useShopFormat } from "@/lib/format";
import {
  EINVOICE_STATUSES,
  type EinvoiceRow,
  type EinvoiceStatus,
  formatAmount,
  PORTAL_MODE,
  STATUS_BADGE,
  shownStatus,
} from "./model";
import { Reasons } from "./reasons";

export type Action = "request" | "correct" | "resubmit" | "cancel" | "download_json" | "download_xml";
export type Filter = EinvoiceStatus | "all";

/** Our invoices that can never carry an e-invoice: not issued yet, or voided. */
const NOT_ISSUED = new Set(["draft", "void"]);

/** What may be done with a row's e-invoice now; the API checks the same again. */
export function actionsFor(invoice: EinvoiceRow, isAdmin: boolean): Action[] {
  const actions: Action[] = [];
  const status = shownStatus(invoice);
  if ((status === "not_requested" || status === "cancelled") && !NOT_ISSUED.has(invoice.status))
    actions.push("request");
  if (status === "invalid") actions.push("correct");
  if (status === "invalid" || status === "pending") actions.push("resubmit");
  if (isAdmin && invoice.can_cancel) actions.push("cancel");
  if (invoice.has_document) actions.push("download_json", "download_xml");
  return actions;
}

const ICONS: Record<Action, typeof Send> = {
  request: Send,
  correct: FilePen,
  resubmit: RotateCw,
  cancel: Ban,
  download_json: Download,
  download_xml: Download,
};

export function InvoicesCard({
  invoices,
  filter,
  onFilter,
  isAdmin,
  busy,
  onAction,
}: {
  invoices: EinvoiceRow[] | undefined;
  filter: Filter;
  onFilter: (filter: Filter) => void;
  isAdmin: boolean;
  /** The invoice an action is running for. */
  busy: string | undefined;
  onAction: (invoice: EinvoiceRow, action: Action) => void;
}) {
  const t = useTranslations("einvoice");
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Card aria-labelledby="einvoice-invoices-title" data-testid="einvoice-invoices">
      <CardHeader className="flex-row flex-wrap items-end justify-between gap-3">
        <CardTitle id="einvoice-invoices-title">{t("invoices.title")}</CardTitle>
        <div className="w-full sm:w-56">
          <Select value={filter} onValueChange={(value) => onFilter(value as Filter)}>
            <SelectTrigger aria-label={t("invoices.filter")} data-testid="einvoice-filter">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="all">{t("invoices.all")}</SelectItem>
              {EINVOICE_STATUSES.map((status) => (
                <SelectItem key={status} value={status}>
                  {t(`status.${status}`)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      </CardHeader>
      <CardContent>
        {!invoices ? (
          <div aria-busy="true" className="flex flex-col gap-2">
            <Skeleton className="h-12 w-full" />
            <Skeleton className="h-12 w-full" />
          </div>
        ) : invoices.length === 0 ? (
          <p className="text-sm text-muted-foreground" data-testid="einvoice-invoices-empty">
            {filter === "all" ? t("invoices.empty") : t("invoices.empty_filtered")}
          </p>
        ) : (
          <div className="-mx-4 sm:mx-0">
            <Table aria-labelledby="einvoice-invoices-title">
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">{t("invoices.columns.number")}</TableHead>
                  <TableHead scope="col" className="hidden sm:table-cell">
                    {t("invoices.columns.date")}
                  </TableHead>
                  <TableHead scope="col" className="hidden md:table-cell">
                    {t("invoices.columns.buyer")}
                  </TableHead>
                  <TableHead scope="col" className="text-right">
                    {t("invoices.columns.total")}
                  </TableHead>
                  <TableHead scope="col">{t("invoices.columns.status")}</TableHead>
                  <TableHead scope="col" className="text-right">
                    <span className="sr-only">{t("invoices.columns.actions")}</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {invoices.map((invoice) => (
                  <InvoiceRows
                    key={invoice.id}
                    invoice={invoice}
                    expanded={open.has(invoice.id)}
                    onToggle={() => toggle(invoice.id)}
                    actions={actionsFor(invoice, isAdmin)}
                    busy={busy === invoice.id}
                    onAction={(action) => onAction(invoice, action)}
                  />
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function InvoiceRows({
  invoice,
  expanded,
  onToggle,
  actions,
  busy,
  onAction,
}: {
  invoice: EinvoiceRow;
  expanded: boolean;
  onToggle: () => void;
  actions: Action[];
  busy: boolean;
  onAction: (action: Action) => void;
}) {
  const t = useTranslations("einvoice");
  const shop = useShopFormat();
  const detailsId = `einvoice-details-${invoice.id}`;
  const shown = shownStatus(invoice);
  const Chevron = expanded ? ChevronDown : ChevronRight;
  return (
    <Fragment>
      <TableRow
        data-invoice={invoice.number}
        data-einvoice-status={shown}
        className={expanded ? "border-b-0" : undefined}
      >
        <TableCell>
          <button
            type="button"
            onClick={onToggle}
            aria-expanded={expanded}
            aria-controls={detailsId}
            aria-label={t(expanded ? "invoices.hide_details" : "invoices.show_details", {
              number: invoice.number,
            })}
            className="-ml-1 inline-flex items-center gap-1 rounded-md px-1 py-0.5 text-left font-medium tabular-nums outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
          >
            <Chevron className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
            {invoice.number}
          </button>
          {invoice.kind !== "invoice" ? (
            <span className="ml-6 block text-xs text-muted-foreground">{t(`kind.${invoice.kind}`)}</span>
          ) : null}
        </TableCell>
        <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
          {invoice.issued_at ? shop.date(invoice.issued_at) : null}
        </TableCell>
        <TableCell className="hidden max-w-48 truncate md:table-cell">
          {invoice.buyer_name ?? <span className="text-muted-foreground">{t("invoices.no_buyer")}</span>}
        </TableCell>
        <TableCell className="whitespace-nowrap text-right tabular-nums">
          {formatAmount(invoice.total, invoice.currency)}
        </TableCell>
        <TableCell>
          <Badge variant={STATUS_BADGE[shown] ?? "outline"} data-testid="einvoice-status">
            {t.has(`status.${shown}`) ? t(`status.${shown}`) : shown}
          </Badge>
        </TableCell>
        <TableCell className="text-right">
          <div className="flex items-center justify-end gap-1">
            {invoice.validation_link ? (
              <Button variant="ghost" size="icon" asChild>
                <a
                  href={invoice.validation_link}
                  target="_blank"
                  rel="noreferrer"
                  aria-label={`${t("invoices.validation_link")}: ${invoice.number}`}
                  title={t("invoices.validation_link")}
                >
                  <ExternalLink aria-hidden="true" />
                </a>
              </Button>
            ) : null}
            {actions.length ? (
              <ActionsMenu number={invoice.number} actions={actions} busy={busy} onAction={onAction} />
            ) : null}
          </div>
        </TableCell>
      </TableRow>
      {expanded ? (
        <TableRow className="hover:bg-transparent">
          <TableCell colSpan={6} className="bg-muted/30 p-0">
            <Details id={detailsId} invoice={invoice} />
          </TableCell>
        </TableRow>
      ) : null}
    </Fragment>
  );
}

function ActionsMenu({
  number,
  actions,
  busy,
  onAction,
}: {
  number: string;
  actions: Action[];
  busy: boolean;
  onAction: (action: Action) => void;
}) {
  const t = useTranslations("einvoice.actions");
  const downloads = actions.filter((action) => action.startsWith("download_"));
  const steps = actions.filter((action) => !action.startsWith("download_"));
  const item = (action: Action) => {
    const Icon = ICONS[action];
    return (
      <DropdownMenuItem
        key={action}
        onSelect={() => onAction(action)}
        data-action={action}
        className={action === "cancel" ? "text-destructive focus:text-destructive" : undefined}
      >
        <Icon aria-hidden="true" />
        {t(action)}
      </DropdownMenuItem>
    );
  };
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" disabled={busy} aria-label={t("menu", { number })}>
          <Ellipsis aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        {steps.map(item)}
        {steps.length && downloads.length ? <DropdownMenuSeparator /> : null}
        {downloads.map(item)}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** The plain-words state of one e-invoice, and why LHDN or our check refused it. */
function Details({ id, invoice }: { id: string; invoice: EinvoiceRow }) {
  const t = useTranslations("einvoice");
  const shop = useShopFormat();
  const when = (iso: string) => shop.dateTime(iso);
  // The portal-mode note is said by the status itself; only real problems are listed.
  const problems = invoice.errors.filter((reason) => reason.code !== PORTAL_MODE);
  const deadlinePassed =
    invoice.einvoice_status === "valid" &&
    invoice.cancel_deadline !== null &&
    Date.parse(invoice.cancel_deadline) <= Date.now();
  return (
    <div id={id} className="flex flex-col gap-3 px-4 py-3" data-testid="einvoice-details">
      <p className="text-sm">{t(`explain.${shownStatus(invoice)}`)}</p>
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-muted-foreground md:hidden">{t("invoices.columns.buyer")}</dt>
        <dd className="md:hidden">{invoice.buyer_name ?? t("invoices.no_buyer")}</dd>
        {invoice.issued_at ? (
          <>
            <dt className="text-muted-foreground sm:hidden">{t("invoices.columns.date")}</dt>
            <dd className="sm:hidden">{when(invoice.issued_at)}</dd>
          </>
        ) : null}
        {invoice.einvoice_uuid ? (
          <>
            <dt className="text-muted-foreground">{t("invoices.uuid")}</dt>
            <dd className="break-all font-mono text-xs leading-5">{invoice.einvoice_uuid}</dd>
          </>
        ) : null}
      </dl>
      {invoice.validation_link ? (
        <a
          href={invoice.validation_link}
          target="_blank"
          rel="noreferrer"
          className="inline-flex items-center gap-1 self-start text-sm text-primary underline-offset-4 hover:underline"
        >
          <ExternalLink className="size-4" aria-hidden="true" />
          {t("invoices.validation_link")}
        </a>
      ) : null}
      {invoice.can_cancel && invoice.cancel_deadline ? (
        <p className="text-sm text-muted-foreground">
          {t("invoices.cancel_until", { time: when(invoice.cancel_deadline) })}
        </p>
      ) : deadlinePassed && invoice.cancel_deadline ? (
        <p className="text-sm text-muted-foreground">
          {t("invoices.cancel_closed", { time: when(invoice.cancel_deadline) })}
        </p>
      ) : null}
      {problems.length ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm font-medium">{t("invoices.reasons")}</p>
          <Reasons reasons={problems} />
        </div>
      ) : null}
    </div>
  );
}
