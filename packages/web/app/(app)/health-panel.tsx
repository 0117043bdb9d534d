"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

type Status = "ok" | "warn" | "error";
type Component = { status: Status; latency_ms: number; detail?: Record<string, unknown>; error?: string };
type Report = { status: Status; components: Record<string, Component> };

const KNOWN = new Set(["database", "queues", "dead_letters", "blob_store", "whatsapp_gateway"]);
const VARIANT = { ok: "success", warn: "warning", error: "destructive" } as const;

/** Dead letters per queue, from the component's detail: only the queues holding any. */
const deadLetters = (component: Component) =>
  Object.entries(component.detail ?? {}).filter(
    (entry): entry is [string, number] => typeof entry[1] === "number" && entry[1] > 0,
  );

/** Live status from GET /api/health, refreshed every 5 seconds. */
export function HealthPanel() {
  const t = useTranslations("health");
  const [report, setReport] = useState<Report>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        // Health is public and never carries personal data, so this skips the session-aware client.
        const response = await fetch("/api/health", { cache: "no-store" });
        const body = (await response.json()) as Report;
        if (!cancelled) {
          setReport(body);
          setFailure(undefined);
        }
      } catch (error) {
        if (!cancelled) setFailure(error instanceof Error ? error.message : String(error));
      }
    };
    load();
    const timer = setInterval(load, 5000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);

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
        {failure ? (
          <Alert variant="destructive" role="alert">
            <AlertDescription>{t("unreachable", { error: failure })}</AlertDescription>
          </Alert>
        ) : !report ? (
          <div aria-busy="true" className="flex flex-col gap-2">
            <span className="sr-only">{t("checking")}</span>
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-8 w-full" />
          </div>
        ) : (
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
      </CardContent>
    </Card>
  );
}
