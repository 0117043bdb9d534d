"use client";

import { AlarmClock, Banknote, Hourglass, PackageCheck, Wrench } from "lucide-react";
import { useTranslations } from "next-intl";
import { DataState } from "@/components/data-state";
import { useSession } from "@/components/session";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { GetReportsSalesResponse, GetTicketsKpisResponse } from "@/lib/api/staff";
import { useApi } from "@/lib/use-api";
import { cn } from "@/lib/utils";
import { formatAmount } from "./e-invoice/model";

type Kpis = GetTicketsKpisResponse;

const METRICS = [
  { key: "new", icon: Wrench },
  { key: "ready", icon: PackageCheck },
  { key: "awaiting_approval", icon: Hourglass },
  { key: "overdue", icon: AlarmClock },
] as const;

/**
 * The repair figures from GET /api/tickets/kpis: today in large, the last 7 and 30 days beside it;
 * for admins (the only role that may read the sales report) the sales of the same windows first.
 */
export function KpiCards() {
  const t = useTranslations("kpi");
  const state = useApi<Kpis>("/tickets/kpis");
  const owner = useSession().role === "admin";

  /** The four figures; while loading (no `kpis`) each holds a placeholder. */
  const grid = (kpis: Kpis | undefined) => (
    <dl className={cn("grid grid-cols-2 gap-3", owner ? "lg:grid-cols-5" : "lg:grid-cols-4")}>
      {owner ? <SalesKpi /> : null}
      {METRICS.map(({ key, icon: Icon }) => (
        <div
          key={key}
          className={cn(
            "flex flex-col gap-1 rounded-lg border p-3",
            key === "overdue" && kpis && kpis.today.overdue > 0 && "border-destructive/50 bg-destructive/5",
          )}
          data-kpi={key}
        >
          <dt className="flex items-center gap-1.5 text-sm text-muted-foreground">
            <Icon className="size-4" aria-hidden="true" />
            {t(`metrics.${key}`)}
          </dt>
          {kpis ? (
            <dd className="flex flex-col">
              <span className="text-2xl font-semibold tabular-nums" data-window="today">
                <span className="sr-only">{t("today")}: </span>
                {kpis.today[key]}
              </span>
              <span className="text-xs text-muted-foreground">
                <span data-window="days_7">{t("days_7", { count: kpis.days_7[key] })}</span>
                {" · "}
                <span data-window="days_30">{t("days_30", { count: kpis.days_30[key] })}</span>
              </span>
            </dd>
          ) : (
            <dd aria-busy="true">
              <Skeleton className="h-8 w-16" />
            </dd>
          )}
        </div>
      ))}
    </dl>
  );

  return (
    <Card aria-labelledby="kpi-title" data-testid="kpis">
      <CardHeader>
        <CardTitle id="kpi-title">{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <DataState state={state} loading={grid(undefined)}>
          {grid}
        </DataState>
        <p className="mt-3 text-xs text-muted-foreground">{t("today_hint")}</p>
      </CardContent>
    </Card>
  );
}

/**
 * Sales today, 7 and 30 days from the sales report (whole days in the shop's zone: today and
 * the 6 or 29 days before it), each window loaded on its own so one slow answer holds up none.
 */
function SalesKpi() {
  const t = useTranslations("kpi");
  const label = useTranslations("reports.kpi");
  const windows = {
    today: useApi<GetReportsSalesResponse>("/reports/sales?period=today").data,
    days_7: useApi<GetReportsSalesResponse>("/reports/sales?period=7d").data,
    days_30: useApi<GetReportsSalesResponse>("/reports/sales?period=30d").data,
  };
  const sales = (report: GetReportsSalesResponse | undefined) =>
    report ? formatAmount(report.figures.sales) : "…";
  return (
    <div className="flex flex-col gap-1 rounded-lg border p-3" data-kpi="sales">
      <dt className="flex items-center gap-1.5 text-sm text-muted-foreground">
        <Banknote className="size-4" aria-hidden="true" />
        {label("sales")}
      </dt>
      {windows.today ? (
        <dd className="flex flex-col">
          <span className="text-2xl font-semibold tabular-nums" data-window="today">
            <span className="sr-only">{t("today")}: </span>
            {sales(windows.today)}
          </span>
          <span className="text-xs text-muted-foreground">
            <span data-window="days_7">{t("days_7", { count: sales(windows.days_7) })}</span>
            {" · "}
            <span data-window="days_30">{t("days_30", { count: sales(windows.days_30) })}</span>
          </span>
        </dd>
      ) : (
        <dd aria-busy="true">
          <Skeleton className="h-8 w-16" />
        </dd>
      )}
    </div>
  );
}
