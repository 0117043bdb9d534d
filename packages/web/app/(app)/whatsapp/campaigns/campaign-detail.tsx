"use client";

import { Download, Pause, Play, Square } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { DataState } from "@/components/data-state";
import { Failure } from "@/components/failure";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { api, saveFile } from "@/lib/api";
import type { GetCampaignsByIdMetricsResponse, GetCampaignsByIdResponse } from "@/lib/api/staff";
import { useShopFormat } from "@/lib/format";
import { useErrorText } from "@/lib/issues";
import { useApi } from "@/lib/use-api";
import { Excluded, HealthMeter, Progress, StatusBadge } from "./parts";

type Campaign = GetCampaignsByIdResponse;
type Metrics = GetCampaignsByIdMetricsResponse;

const COLUMNS = [
  "queued",
  "sent",
  "delivered",
  "read",
  "replied",
  "opted_out",
  "failed",
  "cancelled",
] as const;
/** While a campaign is live its page refreshes on this beat (the governor ticks every minute). */
const LIVE_MS = 3000;

/** One campaign, live: progress, health, metrics per variant, and the owner's controls. */
export function CampaignDetail({ id }: { id: string }) {
  const t = useTranslations("campaigns");
  const campaign = useApi<Campaign>(`/campaigns/${id}`, { refreshInterval: LIVE_MS });
  const metrics = useApi<Metrics>(`/campaigns/${id}/metrics`, { refreshInterval: LIVE_MS });
  return (
    <DataState state={campaign} rows={4}>
      {(c) => (
        <>
          <PageHeader
            title={c.name}
            description={t("detail_description")}
            actions={<StatusBadge status={c.status} />}
          />
          <div className="flex flex-col gap-5">
            <Controls
              campaign={c}
              onChanged={(next) => {
                campaign.set(next);
                metrics.retry();
              }}
            />
            <section className="flex flex-col gap-3" aria-label={t("progress_label")}>
              <Progress progress={c.progress} />
              <NextSend campaign={c} />
              <HealthMeter health={c.health} />
              <Excluded excluded={c.excluded} />
            </section>
            {metrics.data ? (
              <MetricsTable metrics={metrics.data} campaign={c} onChanged={campaign.set} />
            ) : null}
          </div>
        </>
      )}
    </DataState>
  );
}

function NextSend({ campaign }: { campaign: Campaign }) {
  const t = useTranslations("campaigns");
  const format = useShopFormat();
  if (campaign.status === "paused")
    return (
      <p className="text-sm font-medium text-destructive" data-testid="campaign-paused">
        {t(`paused_reasons.${(campaign.paused_reason ?? "owner") as "owner"}`)}
      </p>
    );
  if (campaign.status === "scheduled" && campaign.scheduled_at)
    return (
      <p className="text-sm text-muted-foreground">
        {t("starts", { at: format.dateTime(campaign.scheduled_at) })}
      </p>
    );
  if (campaign.status === "sending" && campaign.next_send_at)
    return (
      <p className="text-sm text-muted-foreground">
        {t("next_send", { at: format.dateTime(campaign.next_send_at) })}
      </p>
    );
  return null;
}

/** Schedule (a draft), pause, resume, stop, and the CSV. */
function Controls({ campaign, onChanged }: { campaign: Campaign; onChanged: (next: Campaign) => void }) {
  const t = useTranslations("campaigns");
  const errorText = useErrorText();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function act(action: "schedule" | "pause" | "resume" | "stop") {
    if (action === "stop" && !window.confirm(t("stop_confirm"))) return;
    setBusy(true);
    setFailure(undefined);
    try {
      onChanged(await api.post<Campaign>(`/campaigns/${campaign.id}/${action}`));
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  async function exportCsv() {
    try {
      const { blob, fileName } = await api.download(`/campaigns/${campaign.id}/export.csv`);
      saveFile(blob, fileName ?? "campaign.csv");
    } catch (error) {
      setFailure(errorText(error));
    }
  }

  const s = campaign.status;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {s === "draft" ? (
          <Button onClick={() => act("schedule")} disabled={busy}>
            <Play aria-hidden="true" />
            {t("schedule")}
          </Button>
        ) : null}
        {s === "sending" || s === "scheduled" ? (
          <Button variant="outline" onClick={() => act("pause")} disabled={busy}>
            <Pause aria-hidden="true" />
            {t("pause")}
          </Button>
        ) : null}
        {s === "paused" ? (
          <Button onClick={() => act("resume")} disabled={busy}>
            <Play aria-hidden="true" />
            {t("resume")}
          </Button>
        ) : null}
        {s !== "done" && s !== "stopped" ? (
          <Button variant="outline" onClick={() => act("stop")} disabled={busy}>
            <Square aria-hidden="true" />
            {t("stop")}
          </Button>
        ) : null}
        {s !== "draft" ? (
          <Button variant="outline" onClick={exportCsv}>
            <Download aria-hidden="true" />
            {t("export")}
          </Button>
        ) : null}
      </div>
      <Failure text={failure} />
    </div>
  );
}

/** What became of the messages, in all and per variant; with two variants, the leader and a button to send it to the rest. */
function MetricsTable({
  metrics,
  campaign,
  onChanged,
}: {
  metrics: Metrics;
  campaign: Campaign;
  onChanged: (next: Campaign) => void;
}) {
  const t = useTranslations("campaigns");
  const errorText = useErrorText();
  const [failure, setFailure] = useState<string>();
  const rows = [
    ...(metrics.variants.length > 1
      ? metrics.variants.map((v) => ({ label: t("variant", { key: v.key }), counts: v }))
      : []),
    { label: t("total"), counts: metrics.total },
  ];
  const open = campaign.status !== "done" && campaign.status !== "stopped";

  async function pick(variant: "A" | "B") {
    setFailure(undefined);
    try {
      onChanged(await api.post<Campaign>(`/campaigns/${campaign.id}/winner`, { variant }));
    } catch (error) {
      setFailure(errorText(error));
    }
  }

  return (
    <section className="flex flex-col gap-2" aria-label={t("metrics")}>
      <Table data-testid="campaign-metrics">
        <TableHeader>
          <TableRow>
            <TableHead />
            {COLUMNS.map((column) => (
              <TableHead key={column} className="text-right">
                {t(`columns.${column}`)}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.label}>
              <TableCell className="font-medium">{row.label}</TableCell>
              {COLUMNS.map((column) => (
                <TableCell key={column} className="text-right tabular-nums" data-column={column}>
                  {row.counts[column]}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {metrics.variants.length > 1 ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span data-testid="campaign-leader">
            {metrics.leader ? t("leader", { key: metrics.leader }) : t("no_leader")}
          </span>
          {campaign.winner ? (
            <span className="font-medium">{t("winner_sent", { key: campaign.winner })}</span>
          ) : open ? (
            (["A", "B"] as const).map((key) => (
              <Button key={key} size="sm" variant="outline" onClick={() => pick(key)}>
                {t("send_winner", { key })}
              </Button>
            ))
          ) : null}
        </div>
      ) : null}
      <Failure text={failure} />
    </section>
  );
}
