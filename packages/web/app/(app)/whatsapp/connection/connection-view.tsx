"use client";

import { CircleAlert, CircleCheck, CircleDashed, LoaderCircle, QrCode, TriangleAlert } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useShopFormat } from "@/lib/format";
import { useApi } from "@/lib/use-api";
import { CONNECTION_PATH, type Connection, type ConnectionState } from "./model";
import { PairingForm } from "./pairing-form";
import { QrImage } from "./qr-image";
import { UnlinkButton } from "./unlink-button";

/** The gateway picks staff requests up within a second; polling at 2 s shows the QR or code soon after. */
const POLL_MS = 2000;

const BADGE: Record<ConnectionState, "success" | "warning" | "destructive"> = {
  open: "success",
  connecting: "warning",
  needs_pairing: "warning",
  closed: "destructive",
};

const ICON = { open: CircleCheck, connecting: LoaderCircle, needs_pairing: QrCode, closed: CircleDashed };

/** The connection as the API reports it, fetched every POLL_MS; a failed poll keeps the last report. */
function useConnection() {
  const state = useApi<Connection>(CONNECTION_PATH, { refreshInterval: POLL_MS });
  return { state, connection: state.data, stale: Boolean(state.error && state.data), reload: state.retry };
}

export function ConnectionView() {
  const t = useTranslations("connection");
  const { state, connection, stale, reload } = useConnection();

  // Waiting with a QR on screen there is nothing to unlink; waiting without one (stopped after
  // WhatsApp refused the account, or the QRs ran out) unlinking starts a fresh pairing.
  const canUnlink = connection?.gateway_running && (connection.state !== "needs_pairing" || !connection.qr);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={canUnlink ? <UnlinkButton onRequested={reload} /> : null}
      />
      {stale ? (
        <Alert variant="warning" role="status" className="mb-4">
          <TriangleAlert aria-hidden="true" />
          <AlertDescription>{t("stale")}</AlertDescription>
        </Alert>
      ) : null}
      <DataState
        state={state}
        loading={
          <div aria-busy="true" className="flex flex-col gap-4">
            <Skeleton className="h-40 w-full" />
            <Skeleton className="h-24 w-full" />
          </div>
        }
      >
        {(connection) => (
          <div className="flex flex-col gap-4">
            <StatusCard connection={connection} />
            {connection.alert ? (
              <Alert variant="warning" role="alert" data-testid="connection-alert">
                <TriangleAlert aria-hidden="true" />
                <AlertTitle>{t("alert_title")}</AlertTitle>
                <AlertDescription>
                  <p>{connection.alert}</p>
                  {connection.alert_at ? <AlertTime at={connection.alert_at} /> : null}
                </AlertDescription>
              </Alert>
            ) : null}
            {connection.gateway_running && connection.state === "needs_pairing" ? (
              <div className="grid gap-4 lg:grid-cols-2">
                {connection.qr ? <QrCard qr={connection.qr} /> : null}
                <PairingForm code={connection.pairing_code} onRequested={reload} />
              </div>
            ) : null}
            {connection.metrics ? <MetricsCard metrics={connection.metrics} /> : null}
          </div>
        )}
      </DataState>
    </>
  );
}

function useWhen() {
  const format = useFormatter();
  const shop = useShopFormat();
  return {
    at: (iso: string) => shop.dateTime(iso, { seconds: true }),
    ago: (iso: string) => format.relativeTime(new Date(iso), new Date()),
  };
}

function AlertTime({ at }: { at: string }) {
  const t = useTranslations("connection");
  const when = useWhen();
  return <p className="text-xs text-muted-foreground">{t("alert_at", { time: when.at(at) })}</p>;
}

function StatusCard({ connection }: { connection: Connection }) {
  const t = useTranslations("connection");
  const when = useWhen();
  const { state } = connection;
  const Icon = ICON[state];
  const explain = connection.gateway_running ? t(`explain.${state}`) : t("explain.not_running");
  return (
    <Card aria-labelledby="connection-state" data-testid="connection-status" data-state={state}>
      <CardHeader>
        <CardTitle id="connection-state" className="flex flex-wrap items-center gap-2">
          <Icon
            className={`size-5 ${state === "open" ? "text-success" : "text-muted-foreground"} ${state === "connecting" ? "animate-spin" : ""}`}
            aria-hidden="true"
          />
          <Badge variant={BADGE[state]} className="text-sm" data-testid="connection-state-label">
            {t(`state.${state}`)}
          </Badge>
        </CardTitle>
        <CardDescription>{explain}</CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-muted-foreground">{t("linked_phone")}</dt>
          <dd className="font-medium" data-testid="linked-phone">
            {connection.linked_phone ?? t("not_linked")}
          </dd>
          {connection.since ? (
            <>
              <dt className="text-muted-foreground">{t("since")}</dt>
              <dd data-testid="connection-since">
                {t("since_value", { time: when.at(connection.since), relative: when.ago(connection.since) })}
              </dd>
            </>
          ) : null}
          {connection.last_error ? (
            <>
              <dt className="text-muted-foreground">{t("last_error")}</dt>
              <dd className="flex items-start gap-1.5 text-destructive" data-testid="last-error">
                <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                {connection.last_error}
              </dd>
            </>
          ) : null}
          <dt className="text-muted-foreground">{t("heartbeat")}</dt>
          <dd>{connection.heartbeat_at ? when.ago(connection.heartbeat_at) : t("never")}</dd>
        </dl>
      </CardContent>
    </Card>
  );
}

function QrCard({ qr }: { qr: string }) {
  const t = useTranslations("connection");
  return (
    <Card aria-labelledby="qr-title" data-testid="qr">
      <CardHeader>
        <CardTitle id="qr-title">{t("qr_title")}</CardTitle>
        <CardDescription>{t("qr_refresh")}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col items-center gap-4">
        <QrImage text={qr} alt={t("qr_alt")} />
        <ol className="list-decimal self-stretch pl-5 text-sm [&>li]:mt-1">
          <li>{t("qr_step_1")}</li>
          <li>{t("qr_step_2")}</li>
          <li>{t("qr_step_3")}</li>
        </ol>
      </CardContent>
    </Card>
  );
}

function MetricsCard({ metrics }: { metrics: NonNullable<Connection["metrics"]> }) {
  const t = useTranslations("connection");
  const when = useWhen();
  const duration = (ms: number) => {
    const seconds = Math.floor(ms / 1000);
    const minutes = Math.floor(seconds / 60);
    if (minutes < 1) return t("duration.seconds", { seconds });
    if (minutes < 60) return t("duration.minutes", { minutes });
    return t("duration.hours", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  };
  const rows = [
    ["started", when.at(metrics.started_at)],
    ["connected_for", duration(metrics.connected_ms)],
    ["reconnects", String(metrics.reconnects)],
    ["watchdog_restarts", String(metrics.watchdog_restarts)],
  ] as const;
  return (
    <Card aria-labelledby="metrics-title" data-testid="connection-metrics">
      <CardHeader>
        <CardTitle id="metrics-title">{t("metrics_title")}</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          {rows.map(([key, value]) => (
            <div key={key} data-metric={key}>
              <dt className="text-xs text-muted-foreground">{t(`metrics.${key}`)}</dt>
              <dd className="text-lg font-semibold tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}
