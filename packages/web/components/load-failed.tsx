"use client";

import { CircleAlert, RotateCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ApiError } from "@/lib/api";

/** What a page shows when its data could not be loaded. A 403 is the plain "no access" message. */
export function LoadFailed({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  const t = useTranslations("common");
  const ta = useTranslations("access");
  if (error.status === 403)
    return (
      <Alert role="alert">
        <AlertTitle>{ta("title")}</AlertTitle>
        <AlertDescription>{ta("body")}</AlertDescription>
      </Alert>
    );
  return (
    <div className="flex flex-col items-start gap-3">
      <Alert variant="destructive" role="alert">
        <CircleAlert aria-hidden="true" />
        <AlertTitle>{t("load_failed")}</AlertTitle>
        <AlertDescription>
          {error.code === "network" ? t("network_error") : t("load_failed_body", { code: error.code })}
        </AlertDescription>
      </Alert>
      <Button variant="outline" onClick={onRetry}>
        <RotateCw aria-hidden="true" />
        {t("retry")}
      </Button>
    </div>
  );
}
