"use client";

import { LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ApiError, api } from "@/lib/api";
import { useIssueText } from "@/lib/issues";
import { useActionErrorText } from "./model";

/** WhatsApp shows its 8-character codes as two groups of four; typed the same way they are easier to copy. */
const grouped = (code: string) => (code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code);

/** Asks the gateway for a pairing code for the shop's number, and shows the code once it is reported. */
export function PairingForm({ code, onRequested }: { code: string | null; onRequested: () => void }) {
  const t = useTranslations("connection");
  const errorText = useActionErrorText();
  const issueText = useIssueText();
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState(false);
  const [failure, setFailure] = useState<{ message?: string; phone?: string }>();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const phone = String(new FormData(event.currentTarget).get("phone") ?? "").trim();
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post("/whatsapp/connection/pairing-code", { phone });
      setAsked(true);
      onRequested();
    } catch (error) {
      const issue =
        error instanceof ApiError ? error.issues.find((entry) => entry.path === "phone") : undefined;
      setFailure(issue ? { phone: issueText(issue) } : { message: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card aria-labelledby="pairing-title" data-testid="pairing">
      <CardHeader>
        <CardTitle id="pairing-title">{t("pairing_title")}</CardTitle>
        <CardDescription>{t("pairing_description")}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <form onSubmit={submit} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-start">
          <div className="flex flex-1 flex-col gap-2">
            <Label htmlFor="pairing-phone">{t("pairing_phone")}</Label>
            <Input
              id="pairing-phone"
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              required
              aria-invalid={failure?.phone ? true : undefined}
              aria-describedby={failure?.phone ? "pairing-phone-error" : "pairing-phone-hint"}
            />
            {failure?.phone ? (
              <p id="pairing-phone-error" className="text-sm text-destructive" data-issue="phone">
                {failure.phone}
              </p>
            ) : (
              <p id="pairing-phone-hint" className="text-xs text-muted-foreground">
                {t("pairing_phone_hint")}
              </p>
            )}
          </div>
          <Button type="submit" disabled={busy} className="sm:mt-7">
            {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
            {t("pairing_submit")}
          </Button>
        </form>
        {failure?.message ? (
          <Alert variant="destructive" role="alert">
            <AlertDescription>{failure.message}</AlertDescription>
          </Alert>
        ) : null}
        {code ? (
          <div
            className="flex flex-col items-start gap-2 rounded-lg border bg-muted/40 p-4"
            aria-live="polite"
          >
            <p className="text-sm font-medium">{t("pairing_code_title")}</p>
            <p
              className="font-mono text-4xl font-semibold tracking-[0.2em] sm:text-5xl"
              data-testid="pairing-code"
              data-code={code}
            >
              {grouped(code)}
            </p>
            <p className="text-sm text-muted-foreground">{t("pairing_code_steps")}</p>
          </div>
        ) : asked ? (
          <p className="flex items-center gap-2 text-sm text-muted-foreground" role="status">
            <LoaderCircle className="size-4 animate-spin" aria-hidden="true" />
            {t("pairing_waiting")}
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
