"use client";

import { useTranslations } from "next-intl";
import { DataState } from "@/components/data-state";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api";
import type { GetHealthResponse } from "@/lib/api/staff";
import { useApi } from "@/lib/use-api";

type Report = GetHealthResponse;
type Component = Report["components"]["database"];

const KNOWN = new Set(["database", "queues", "dead_letters", "blob_store", "whatsapp_gateway"]);
const VARIANT = { ok: "success", warn: "warning", error: "destructive" } as const;

/** Dead letters per queue, from the component's detail: only the queues holding any. */
const deadLetters = (component: Component) =>
  Object.entries(component.detail ?? {}).filter(
    (entry): entry is [string, number] => typeof entry[1] === "number" && entry[1] > 0,
  );

const REFRESH_MS = 5000;

/**
 * Health is public and never carries personal data, so it skips the session-aware client; a
 * 503 is an answer too (something is broken), with the report in its body.
 */
async function readHealth(path: string): Promise<Report> {
  const response = await fetch(`/api${path}`, { cache: "no-store" });
  if (response.ok || response.status === 503) return (await response.json()) as Report;
  throw new ApiError(response.status, `http.${response.status}`, response.statusText);
}

/** Live status from GET /api/health, refreshed every 5 seconds. */
export function HealthPanel() {
  const t = useTranslations("health");
  const state = useApi<Report>("/health", { read: readHealth, refreshInterval: REFRESH_MS });
  const report = state.data;

  return (
    <Card aria-labelledby="health-title" data-testid="health-panel">
      <CardHeader>
        <CardTitle id="health-title" className="flex flex-wrap items-center gap-2">
          {t("title")}
          {report ? (
            <Badge variant={VARIANT[report.status]}>
              {report.status === "ok" ? t("all_good") : t("needs_attention")}
            </Badge>
          ) : null}
        </CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        {state.error ? (
          // The last report is no longer true once the API stops answering: say so instead.
          <Alert variant="destructive" role="alert">
            <AlertDescription>{t("unreachable", { error: state.error.message })}</AlertDescription>
          </Alert>
        ) : null}
        <DataState
          state={{ ...state, error: undefined }}
          loading={
            <div aria-busy="true" className="flex flex-col gap-2">
              <span className="sr-only">{t("checking")}</span>
              <Skeleton className="h-8 w-full" />
              <Skeleton className="h-8 w-full" />
              <Skeleton className="h-8 w-full" />
            </div>
          }
        >
          {(report) => (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">{t("component")}</TableHead>
                  <TableHead scope="col">{t("status")}</TableHead>
                  <TableHead scope="col">{t("detail")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {Object.entries(report.components).map(([name, component]) => (
                  <TableRow key={name} data-component={name}>
                    <TableHead
                      scope="row"
                      className="text-sm font-medium normal-case tracking-normal text-foreground"
                    >
                      {KNOWN.has(name) ? t(`components.${name}`) : name}
                    </TableHead>
                    <TableCell>
                      <Badge variant={VARIANT[component.status]}>{t(component.status)}</Badge>
                    </TableCell>
                    <TableCell className="text-muted-foreground">
                      {name === "dead_letters" && component.status === "warn"
                        ? deadLetters(component)
                            .map(([queue, count]) => t("dead_letters_waiting", { count, queue }))
                            .join("; ")
                        : (component.error ?? t("latency", { ms: component.latency_ms }))}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </DataState>
      </CardContent>
    </Card>
  );
}
