"use client";

import { Check, Copy } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A password shown once: the server keeps only its hash, so it cannot be shown again. */
export function TemporaryPassword({ password, name }: { password: string; name: string }) {
  const t = useTranslations("users.temporary");
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
      setTimeout(() => setCopied(false), 3000);
    } catch {
      // Clipboard access can be refused (no HTTPS, no permission); the password stays on screen to copy by hand.
      setCopied(false);
    }
  };
  return (
    <div className="flex flex-col gap-3">
      <Alert variant="warning">
        <AlertDescription>{t("once", { name })}</AlertDescription>
      </Alert>
      <p className="text-sm font-medium">{t("label")}</p>
      <div className="-mt-1 flex items-center gap-2">
        <code
          className="flex-1 select-all break-all rounded-md border bg-muted px-3 py-2 font-mono text-base"
          data-testid="temporary-password"
        >
          {password}
        </code>
        <Button variant="outline" onClick={copy} aria-live="polite">
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          {copied ? t("copied") : t("copy")}
        </Button>
      </div>
    </div>
  );
}
