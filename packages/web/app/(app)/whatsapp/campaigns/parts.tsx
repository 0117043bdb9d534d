"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { GetCampaignsByIdResponse } from "@/lib/api/staff";
import { cn } from "@/lib/utils";

type Campaign = GetCampaignsByIdResponse;

const ACTIVE = new Set(["scheduled", "sending"]);

export function StatusBadge({ status }: { status: Campaign["status"] }) {
  const t = useTranslations("campaigns");
  return (
    <Badge variant={ACTIVE.has(status) ? "default" : "secondary"} data-testid="campaign-status">
      {t(`statuses.${status}`)}
    </Badge>
  );
}

/** Released of all recipients, as a bar and in words. */
export function Progress({ progress, className }: { progress: Campaign["progress"]; className?: string }) {
  const t = useTranslations("campaigns");
  const done = progress.recipients - progress.waiting;
  const percent = progress.recipients ? Math.round((100 * done) / progress.recipients) : 0;
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <div
        className="h-2 w-full overflow-hidden rounded-full bg-muted"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={progress.recipients}
        aria-valuenow={done}
        aria-label={t("progress_label")}
      >
        <div className="h-full bg-primary transition-all" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-muted-foreground" data-testid="campaign-progress">
        {t("progress", { done, total: progress.recipients, waiting: progress.waiting })}
      </p>
    </div>
  );
}

/** The governor's health score as a meter, with the risk in words and what paused it. */
export function HealthMeter({ health }: { health: Campaign["health"] }) {
  const t = useTranslations("campaigns");
  return (
    <div className="flex flex-col gap-1" data-testid="campaign-health">
      <div className="flex items-center gap-2">
        <span className="text-sm font-medium">{t("health", { score: health.score })}</span>
        <Badge variant="outline">{t(`risks.${health.risk}`)}</Badge>
      </div>
      {/* The browser colours it by the thresholds: red below 50, amber below 100, green at 100. */}
      <meter
        className="h-3 w-full max-w-64"
        min={0}
        max={100}
        low={50}
        high={99}
        optimum={100}
        value={health.score}
        aria-label={t("health_label")}
      />
    </div>
  );
}

/** How many were left out and why: never sent, only counted. */
export function Excluded({ excluded }: { excluded: Campaign["excluded"] }) {
  const t = useTranslations("campaigns");
  const reasons = Object.entries(excluded).filter(([, n]) => n > 0);
  if (!reasons.length) return <p className="text-sm text-muted-foreground">{t("excluded_none")}</p>;
  return (
    <ul className="text-sm text-muted-foreground" data-testid="campaign-excluded">
      {reasons.map(([reason, n]) => (
        <li key={reason}>{t(`exclusions.${reason as keyof Campaign["excluded"]}`, { count: n })}</li>
      ))}
    </ul>
  );
}
