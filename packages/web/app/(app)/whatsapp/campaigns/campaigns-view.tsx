"use client";

import { Plus, Upload } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { GetCampaignsResponse } from "@/lib/api/staff";
import { useShopFormat } from "@/lib/format";
import { useApi } from "@/lib/use-api";
import { CampaignForm } from "./campaign-form";
import { ImportContacts } from "./import-contacts";
import { Progress, StatusBadge } from "./parts";

type Campaign = GetCampaignsResponse["campaigns"][number];

/** Campaigns: each with its status and progress; a new one is made in the form above the list. */
export function CampaignsView() {
  const t = useTranslations("campaigns");
  const state = useApi<GetCampaignsResponse>("/campaigns", { refreshInterval: 5000 });
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <Button variant="outline" onClick={() => setImporting((i) => !i)} aria-expanded={importing}>
              <Upload aria-hidden="true" />
              {t("import.open")}
            </Button>
            <Button onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
              <Plus aria-hidden="true" />
              {t("new")}
            </Button>
          </>
        }
      />
      <p
        className="mb-4 rounded-md border border-amber-500/40 bg-amber-500/10 p-3 text-sm"
        data-testid="campaign-risk"
      >
        {t("risk")}
      </p>
      {importing ? <ImportContacts /> : null}
      {creating ? <CampaignForm /> : null}
      <DataState state={state} isEmpty={(page) => page.campaigns.length === 0} empty={t("none")} rows={3}>
        {(page) => (
          <ul className="flex flex-col gap-2" aria-label={t("list")}>
            {page.campaigns.map((campaign) => (
              <CampaignRow key={campaign.id} campaign={campaign} />
            ))}
          </ul>
        )}
      </DataState>
    </>
  );
}

function CampaignRow({ campaign }: { campaign: Campaign }) {
  const t = useTranslations("campaigns");
  const format = useShopFormat();
  return (
    <li className="rounded-md border p-3" data-testid="campaign">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <Link
          href={`/whatsapp/campaigns/${campaign.id}`}
          className="font-medium underline-offset-4 hover:underline"
        >
          {campaign.name}
        </Link>
        <StatusBadge status={campaign.status} />
        {campaign.variants.length > 1 ? <Badge variant="outline">{t("ab")}</Badge> : null}
        <span className="text-sm text-muted-foreground">
          {campaign.scheduled_at
            ? t("scheduled_for", { at: format.dateTime(campaign.scheduled_at) })
            : t("created_on", { at: format.date(campaign.created_at) })}
        </span>
      </div>
      {campaign.progress.recipients ? <Progress progress={campaign.progress} className="mt-2" /> : null}
    </li>
  );
}
