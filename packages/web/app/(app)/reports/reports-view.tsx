"use client";

import { Download, LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, type ReactNode, useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { api, query, saveFile } from "@/lib/api";
import type { GetReportsSalesResponse } from "@/lib/api/staff";
import { useShopFormat } from "@/lib/format";
import { useErrorText } from "@/lib/issues";
import { SHOP_TIME_ZONE } from "@/lib/locale";
import { useApi } from "@/lib/use-api";
import { formatAmount } from "../e-invoice/model";
import { DayChart } from "./day-chart";

type Report = GetReportsSalesResponse;
type Item = Report["top_items"]["by_qty"][number];
type Period = "today" | "7d" | "30d" | "custom";

const PRESETS = ["today", "7d", "30d"] as const;
/** Today in the shop's zone as YYYY-MM-DD. */
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: SHOP_TIME_ZONE }).format(new Date());

/** The figures in the order the owner reads them: what came in, what went out, what is left. */
const FIGURES = [
  "sales",
  "net_sales",
  "invoice_count",
  "tax",
  "discounts",
  "rounding",
  "refunds",
  "margin",
] as const;

/** GET /api/reports/sales: a period, its figures, sales by day, top items, methods and cashiers. */
export function ReportsView() {
  const t = useTranslations("reports");
  const errorText = useErrorText();
  const shop = useShopFormat();
  const [period, setPeriod] = useState<Period>("7d");
  const [draft, setDraft] = useState(() => ({ from: `${today().slice(0, 8)}01`, to: today() }));
  const [range, setRange] = useState(draft);
  const search = period === "custom" ? query({ from: range.from, to: range.to }) : query({ period });
  const state = useApi<Report>(`/reports/sales${search}`);
  const [downloading, setDownloading] = useState(false);
  const [failure, setFailure] = useState<string>();

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setRange(draft);
    setPeriod("custom");
  };
  const download = async () => {
    setDownloading(true);
    setFailure(undefined);
    try {
      const { blob, fileName } = await api.download(`/reports/sales.csv${search}`);
      saveFile(blob, fileName ?? "sales.csv");
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setDownloading(false);
    }
  };
  // Noon UTC falls on the same calendar day in every zone a shop in Malaysia would use.
  const dayName = (day: string) => shop.date(`${day}T12:00:00Z`);
  const itemHead = [t("top.item"), t("top.qty"), t("top.revenue")];

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button variant="outline" onClick={download} disabled={downloading} data-testid="download-csv">
            {downloading ? (
              <LoaderCircle className="animate-spin" aria-hidden="true" />
            ) : (
              <Download aria-hidden="true" />
            )}
            {t("download")}
          </Button>
        }
      />
      <div className="flex flex-col gap-6">
        <Card>
          <CardContent className="flex flex-wrap items-end gap-3 pt-6">
            <fieldset className="flex flex-wrap gap-2">
              <legend className="sr-only">{t("period.label")}</legend>
              {PRESETS.map((p) => (
                <Button
                  key={p}
                  type="button"
                  variant={period === p ? "default" : "outline"}
                  aria-pressed={period === p}
                  onClick={() => setPeriod(p)}
                >
                  {t(`period.${p}`)}
                </Button>
              ))}
            </fieldset>
            <form onSubmit={apply} className="flex flex-wrap items-end gap-3">
              <div className="flex flex-col gap-2">
                <Label htmlFor="report-from">{t("period.from")}</Label>
                <Input
                  id="report-from"
                  type="date"
                  value={draft.from}
                  max={draft.to || undefined}
                  onChange={(e) => setDraft({ ...draft, from: e.target.value })}
                  required
                  className="w-44"
                />
              </div>
              <div className="flex flex-col gap-2">
                <Label htmlFor="report-to">{t("period.to")}</Label>
                <Input
                  id="report-to"
                  type="date"
                  value={draft.to}
                  min={draft.from || undefined}
                  onChange={(e) => setDraft({ ...draft, to: e.target.value })}
                  required
                  className="w-44"
                />
              </div>
              <Button
                type="submit"
                variant={period === "custom" ? "default" : "outline"}
                aria-pressed={period === "custom"}
              >
                {t("period.custom")}
              </Button>
            </form>
          </CardContent>
        </Card>
        {failure ? (
          <Alert variant="destructive" role="alert">
            <AlertDescription>{failure}</AlertDescription>
          </Alert>
        ) : null}
        <DataState state={state} rows={6}>
          {(report) => (
            <div className="flex flex-col gap-6" data-testid="report">
              <p className="text-sm text-muted-foreground" data-testid="report-period">
                {t("period.showing", {
                  from: dayName(report.period.from),
                  to: dayName(report.period.to),
                  days: report.period.days,
                })}
              </p>
              <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
                {FIGURES.map((key) => (
                  <div key={key} className="flex flex-col gap-1 rounded-lg border p-3" data-figure={key}>
                    <dt className="text-sm text-muted-foreground">{t(`figures.${key}`)}</dt>
                    <dd className="text-2xl font-semibold tabular-nums">
                      {key === "invoice_count"
                        ? report.figures.invoice_count
                        : // No line with a cost: a margin of 0.00 would read as selling at cost.
                          key === "margin" && report.figures.lines_with_cost === 0
                          ? "—"
                          : formatAmount(report.figures[key])}
                    </dd>
                    {key === "margin" && report.figures.lines_without_cost > 0 ? (
                      <dd className="text-xs text-muted-foreground">
                        {t("figures.without_cost", { count: report.figures.lines_without_cost })}
                      </dd>
                    ) : null}
                    {key === "refunds" ? (
                      <dd className="text-xs text-muted-foreground">
                        {t("figures.refund_count", { count: report.figures.refund_count })}
                      </dd>
                    ) : null}
                  </div>
                ))}
              </dl>
              <Card>
                <CardHeader>
                  <CardTitle>{t("by_day.title")}</CardTitle>
                  <CardDescription>{t("by_day.description")}</CardDescription>
                </CardHeader>
                <CardContent>
                  <DayChart
                    days={report.by_day}
                    label={t("by_day.title")}
                    format={(d) => `${dayName(d.day)}: ${formatAmount(d.net_sales)}`}
                  />
                </CardContent>
              </Card>
              <div className="grid gap-6 lg:grid-cols-2">
                <Section title={t("top.by_qty")}>
                  <Rows head={itemHead} rows={itemRows(report.top_items.by_qty)} empty={t("empty")} />
                </Section>
                <Section title={t("top.by_revenue")}>
                  <Rows head={itemHead} rows={itemRows(report.top_items.by_revenue)} empty={t("empty")} />
                </Section>
                <Section title={t("by_method.title")}>
                  <Rows
                    head={[t("by_method.method"), t("by_method.count"), t("by_method.amount")]}
                    rows={report.by_method.map((m) => [
                      t(`methods.${m.method}`),
                      String(m.count),
                      formatAmount(m.amount),
                    ])}
                    empty={t("empty")}
                  />
                </Section>
                <Section title={t("by_cashier.title")}>
                  <Rows
                    head={[t("by_cashier.name"), t("by_cashier.count"), t("by_cashier.sales")]}
                    rows={report.by_cashier.map((c) => [
                      c.name ?? t("by_cashier.unknown"),
                      String(c.invoice_count),
                      formatAmount(c.sales),
                    ])}
                    empty={t("empty")}
                  />
                </Section>
              </div>
            </div>
          )}
        </DataState>
      </div>
    </>
  );
}

const itemRows = (items: Item[]) =>
  items.map((i) => [i.sku ? `${i.name} (${i.sku})` : i.name, i.qty, formatAmount(i.revenue)]);

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/** A small table: text in the first column, numbers right-aligned in the others. */
function Rows({ head, rows, empty }: { head: string[]; rows: string[][]; empty: string }) {
  if (!rows.length) return <p className="text-sm text-muted-foreground">{empty}</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          {head.map((h, i) => (
            <TableHead key={h} className={i ? "text-right" : undefined}>
              {h}
            </TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row, r) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are redrawn whole with each report
          <TableRow key={r}>
            {row.map((cell, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells never move
              <TableCell key={i} className={i ? "text-right tabular-nums" : undefined}>
                {cell}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
