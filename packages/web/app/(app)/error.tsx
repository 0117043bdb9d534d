"use client";

import { RotateCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A page that crashed while rendering: say so inside the shell, and offer to try again. */
export default function PageError({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("common");
  return (
    <div className="flex flex-col items-start gap-3">
      <Alert variant="destructive" role="alert">
        <AlertTitle>{t("page_failed")}</AlertTitle>
        <AlertDescription>{t("page_failed_body")}</AlertDescription>
      </Alert>
      <Button variant="outline" onClick={reset}>
        <RotateCw aria-hidden="true" />
        {t("retry")}
      </Button>
    </div>
  );
}
