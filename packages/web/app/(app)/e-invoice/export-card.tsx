"use client";

import { Download, LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { api, query, saveFile } from "@/lib/api";
import { SHOP_TIME_ZONE } from "@/lib/locale";
import { useActionErrorText } from "./model";

/** Today in the shop's zone as YYYY-MM-DD. */
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: SHOP_TIME_ZONE }).format(new Date());

/**
 * The signed documents of a date range in one ZIP: the way documents reach LHDN in portal
 * mode (no API credentials), and the shop's own copy otherwise.
 */
export function ExportCard({ portalMode }: { portalMode: boolean }) {
  const t = useTranslations("einvoice.export");
  const notify = useToast();
  const errorText = useActionErrorText();
  const [from, setFrom] = useState(() => `${today().slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    if (!from || !to || to < from) {
      setFailure(t("bad_range"));
      return;
    }
    setBusy(true);
    try {
      const { blob, fileName } = await api.download(`/einvoice/export${query({ from, to })}`);
      const name = fileName ?? `e-invoices-${from}-${to}.zip`;
      saveFile(blob, name);
      notify("success", t("done", { file: name }));
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card aria-labelledby="einvoice-export-title" data-testid="einvoice-export">
      <CardHeader>
        <CardTitle id="einvoice-export-title">{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {portalMode ? <p className="text-sm">{t("portal")}</p> : null}
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
          <div className="flex flex-col gap-2">
            <Label htmlFor="einvoice-export-from">{t("from")}</Label>
            <Input
              id="einvoice-export-from"
              type="date"
              value={from}
              max={to || undefined}
              onChange={(event) => setFrom(event.target.value)}
              required
              className="w-44"
            />
          </div>
          <div className="flex flex-col gap-2">
            <Label htmlFor="einvoice-export-to">{t("to")}</Label>
            <Input
              id="einvoice-export-to"
              type="date"
              value={to}
              min={from || undefined}
              onChange={(event) => setTo(event.target.value)}
              required
              className="w-44"
            />
          </div>
          <Button type="submit" disabled={busy}>
            {busy ? (
              <LoaderCircle className="animate-spin" aria-hidden="true" />
            ) : (
              <Download aria-hidden="true" />
            )}
            {t("submit")}
          </Button>
        </form>
        {failure ? (
          <Alert variant="destructive" role="alert">
            <AlertDescription>{failure}</AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
