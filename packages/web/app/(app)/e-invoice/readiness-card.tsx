"use client";

import { CircleAlert, CircleCheck, Settings, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { type Readiness, settingsLink, useBilingual } from "./model";

/** What is missing before the shop can send e-invoices, with the way to the settings that fix it. */
export function ReadinessCard({ readiness, isAdmin }: { readiness: Readiness; isAdmin: boolean }) {
  const t = useTranslations("einvoice.readiness");
  const text = useBilingual();
  const state = readiness.ready ? "ready" : readiness.can_submit ? "can_submit" : "not_ready";
  const Icon = state === "ready" ? CircleCheck : state === "can_submit" ? TriangleAlert : CircleAlert;
  const links = [...new Set(readiness.gaps.map((gap) => settingsLink(gap.field)))];
  const portalMode = readiness.gaps.some((gap) => gap.field === "myinvois.client_id");
  return (
    <Card aria-labelledby="readiness-title" data-testid="einvoice-readiness" data-state={state}>
      <CardHeader>
        <CardTitle id="readiness-title" className="flex flex-wrap items-center gap-2">
          <Icon
            className={`size-5 ${state === "ready" ? "text-success" : state === "can_submit" ? "text-warning" : "text-destructive"}`}
            aria-hidden="true"
          />
          {t("title")}
          <Badge
            variant={state === "ready" ? "success" : state === "can_submit" ? "warning" : "destructive"}
            className="text-sm"
            data-testid="einvoice-readiness-state"
          >
            {t(`state.${state}`)}
          </Badge>
        </CardTitle>
        <CardDescription>{t(`${state}_body`)}</CardDescription>
      </CardHeader>
      {readiness.gaps.length ? (
        <CardContent className="flex flex-col gap-4">
          <ul className="flex list-disc flex-col gap-1.5 pl-5 text-sm" data-testid="einvoice-gaps">
            {readiness.gaps.map((gap) => (
              <li key={`${gap.field}:${gap.message.en}`} data-gap={gap.field}>
                {text(gap.message)}
              </li>
            ))}
          </ul>
          {portalMode ? <p className="text-sm text-muted-foreground">{t("portal_mode")}</p> : null}
          {isAdmin ? (
            <div className="flex flex-wrap gap-2">
              {links.map((href) => (
                <Link key={href} href={href} className={buttonVariants({ variant: "outline", size: "sm" })}>
                  <Settings aria-hidden="true" />
                  {href.endsWith("shop") ? t("open_shop_settings") : t("open_settings")}
                </Link>
              ))}
            </div>
          ) : (
            <p className="text-sm text-muted-foreground">{t("ask_admin")}</p>
          )}
        </CardContent>
      ) : null}
    </Card>
  );
}
