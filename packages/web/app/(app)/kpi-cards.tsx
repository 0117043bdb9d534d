"use client";

import { AlarmClock, Hourglass, PackageCheck, Wrench } from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import { LoadFailed } from "@/components/load-failed";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError, api } from "@/lib/api";
import { cn } from "@/lib/utils";

type Kpi = { new: number; ready: number; awaiting_approval: number; overdue: number };
type Kpis = { today: Kpi; days_7: Kpi; days_30: Kpi };

const METRICS = [
  { key: "new", icon: Wrench },
  { key: "ready", icon: PackageCheck },
  { key: "awaiting_approval", icon: Hourglass },
  { key: "overdue", icon: AlarmClock },
] as const;

/** The repair figures from GET /api/tickets/kpis: today in large, the last 7 and 30 days beside it. */
export function KpiCards() {
  const t = useTranslations("kpi");
  const [kpis, setKpis] = useState<Kpis>();
  const [error, setError] = useState<ApiError>();

  const load = useCallback(() => {
    setError(undefined);
    api
      .get<Kpis>("/tickets/kpis")
      .then(setKpis)
      .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, "unknown", String(e))));
  }, []);
  useEffect(load, [load]);

  return (
    <Card aria-labelledby="kpi-title" data-testid="kpis">
      <CardHeader>
        <CardTitle id="kpi-title">{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        {error ? (
          <LoadFailed error={error} onRetry={load} />
        ) : (
          <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            {METRICS.map(({ key, icon: Icon }) => (
              <div
                key={key}
                className={cn(
                  "flex flex-col gap-1 rounded-lg border p-3",
                  key === "overdue" &&
                    kpis &&
                    kpis.today.overdue > 0 &&
                    "border-destructive/50 bg-destructive/5",
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
        )}
        <p className="mt-3 text-xs text-muted-foreground">{t("today_hint")}</p>
      </CardContent>
    </Card>
  );
}
