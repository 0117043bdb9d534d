"use client";

import { CalendarPlus, ChevronDown, ChevronRight, ExternalLink, LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, Fragment, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { api } from "@/lib/api";
import { useShopFormat } from "@/lib/format";
import { SHOP_TIME_ZONE } from "@/lib/locale";
import { type EinvoiceStatus, formatAmount, type Run, STATUS_BADGE, useActionErrorText } from "./model";
import { Reasons } from "./reasons";

/** "2026-10" as the reader says it: "October 2026". */
function usePeriod() {
  const shop = useShopFormat();
  return (period: string) => {
    const [year, month] = period.split("-").map(Number);
    if (!year || !month || month > 12) return period;
    return shop.month(year, month);
  };
}

/** The month before this one in the shop's zone, "YYYY-MM": the one usually consolidated next. */
function lastMonth(): string {
  const [year, month] = new Intl.DateTimeFormat("en-CA", {
    timeZone: SHOP_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
  })
    .format(new Date())
    .split("-")
    .map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

export function RunsCard({
  runs,
  isAdmin,
  onConsolidated,
}: {
  runs: Run[];
  isAdmin: boolean;
  onConsolidated: () => void;
}) {
  const t = useTranslations("einvoice");
  const period = usePeriod();
  const [open, setOpen] = useState<string>();
  return (
    <Card aria-labelledby="einvoice-runs-title" data-testid="einvoice-runs">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 flex-1 basis-72 flex-col gap-1.5">
          <CardTitle id="einvoice-runs-title">{t("runs.title")}</CardTitle>
          <CardDescription>{t("runs.description")}</CardDescription>
        </div>
        {isAdmin ? <ConsolidateDialog onConsolidated={onConsolidated} /> : null}
      </CardHeader>
      <CardContent>
        {runs.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("runs.empty")}</p>
        ) : (
          <div className="-mx-4 sm:mx-0">
            <Table aria-labelledby="einvoice-runs-title">
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">{t("runs.columns.period")}</TableHead>
                  <TableHead scope="col">{t("runs.columns.status")}</TableHead>
                  <TableHead scope="col" className="hidden sm:table-cell">
                    {t("runs.columns.invoices")}
                  </TableHead>
                  <TableHead scope="col" className="text-right">
                    {t("runs.columns.total")}
                  </TableHead>
                  <TableHead scope="col" className="text-right">
                    <span className="sr-only">{t("invoices.validation_link")}</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {runs.map((run) => {
                  const expanded = open === run.id;
                  const Chevron = expanded ? ChevronDown : ChevronRight;
                  const name = period(run.period);
                  const badge = STATUS_BADGE[run.status as EinvoiceStatus] ?? "outline";
                  return (
                    <Fragment key={run.id}>
                      <TableRow data-run={run.period} data-run-status={run.status}>
                        <TableCell className="font-medium">
                          {run.errors.length ? (
                            <button
                              type="button"
                              onClick={() => setOpen(expanded ? undefined : run.id)}
                              aria-expanded={expanded}
                              aria-controls={`einvoice-run-${run.id}`}
                              aria-label={t(expanded ? "runs.hide_details" : "runs.show_details", {
                                period: name,
                              })}
                              className="-ml-1 inline-flex items-center gap-1 rounded-md px-1 py-0.5 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
                            >
                              <Chevron className="size-4 text-muted-foreground" aria-hidden="true" />
                              {name}
                            </button>
                          ) : (
                            name
                          )}
                        </TableCell>
                        <TableCell>
                          <Badge variant={badge}>
                            {t.has(`status.${run.status}`) ? t(`status.${run.status}`) : run.status}
                          </Badge>
                        </TableCell>
                        <TableCell className="hidden tabular-nums sm:table-cell">
                          {t("runs.count", { count: run.invoice_count })}
                        </TableCell>
                        <TableCell className="whitespace-nowrap text-right tabular-nums">
                          {formatAmount(run.total)}
                        </TableCell>
                        <TableCell className="text-right">
                          {run.validation_link ? (
                            <Button variant="ghost" size="icon" asChild>
                              <a
                                href={run.validation_link}
                                target="_blank"
                                rel="noreferrer"
                                aria-label={`${t("invoices.validation_link")}: ${name}`}
                                title={t("invoices.validation_link")}
                              >
                                <ExternalLink aria-hidden="true" />
                              </a>
                            </Button>
                          ) : null}
                        </TableCell>
                      </TableRow>
                      {expanded ? (
                        <TableRow className="hover:bg-transparent">
                          <TableCell colSpan={5} className="bg-muted/30">
                            <div id={`einvoice-run-${run.id}`}>
                              <Reasons reasons={run.errors} />
                            </div>
                          </TableCell>
                        </TableRow>
                      ) : null}
                    </Fragment>
                  );
                })}
              </TableBody>
            </Table>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

/** Admins only: sends one month's sales without their own e-invoice to LHDN as one consolidated e-invoice. */
function ConsolidateDialog({ onConsolidated }: { onConsolidated: () => void }) {
  const t = useTranslations("einvoice.runs");
  const tc = useTranslations("common");
  const notify = useToast();
  const period = usePeriod();
  const errorText = useActionErrorText();
  const [open, setOpen] = useState(false);
  const [month, setMonth] = useState(lastMonth);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const change = (next: boolean) => {
    setOpen(next);
    if (!next) setFailure(undefined);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}$/.test(month)) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post<Run>("/einvoice/runs", { month });
      setOpen(false);
      notify("success", t("done", { period: period(month) }));
      onConsolidated();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <CalendarPlus aria-hidden="true" />
          {t("consolidate")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tc("close")}>
        <form onSubmit={submit} className="flex flex-col gap-4" data-testid="einvoice-consolidate-form">
          <DialogHeader>
            <DialogTitle>{t("dialog_title")}</DialogTitle>
            <DialogDescription>{t("dialog_description")}</DialogDescription>
          </DialogHeader>
          {failure ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{failure}</AlertDescription>
            </Alert>
          ) : null}
          <div className="flex flex-col gap-2">
            <Label htmlFor="einvoice-consolidate-month">{t("month")}</Label>
            <Input
              id="einvoice-consolidate-month"
              type="month"
              value={month}
              onChange={(event) => setMonth(event.target.value)}
              required
              disabled={busy}
              className="w-48"
            />
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={() => change(false)}>
              {tc("cancel")}
            </Button>
            <Button type="submit" disabled={busy || !month}>
              {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
              {t("submit")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
