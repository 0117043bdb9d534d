"use client";

import { LoaderCircle, Upload } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ApiError, api } from "@/lib/api";
import type { PostProductsImportResponse } from "@/lib/api/staff";
import { useErrorText } from "@/lib/issues";

type Report = PostProductsImportResponse;

/** Import a catalogue CSV: a dry run's report first, then "Import" writes it (all or nothing). */
export function ImportDialog({ onImported }: { onImported: () => void }) {
  const t = useTranslations("stock");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [csv, setCsv] = useState<string>();
  const [report, setReport] = useState<Report>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const run = async (dry_run: boolean) => {
    if (!csv) return;
    setBusy(true);
    setFailure(undefined);
    try {
      setReport(await api.post<Report>("/products/import", { csv, dry_run }));
      if (!dry_run) {
        setDone(true);
        onImported();
      }
    } catch (error) {
      // A file with bad rows answers 400 with the same report as details.
      if (error instanceof ApiError && error.code === "product.import_invalid")
        setReport(error.details as Report);
      else setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  const reset = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setCsv(undefined);
      setReport(undefined);
      setDone(false);
      setFailure(undefined);
    }
  };

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Upload aria-hidden="true" />
          {t("import")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tc("close")} className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{t("import_dialog.title")}</DialogTitle>
          <DialogDescription>{t("import_dialog.description")}</DialogDescription>
        </DialogHeader>
        {failure ? (
          <Alert variant="destructive" role="alert">
            <AlertDescription>{failure}</AlertDescription>
          </Alert>
        ) : null}
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="import-file">{t("import_dialog.file")}</Label>
          <Input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            onChange={async (e) => {
              setReport(undefined);
              setDone(false);
              setCsv(await e.target.files?.[0]?.text());
            }}
          />
        </div>
        {report ? (
          <div className="flex flex-col gap-2 text-sm" data-testid="import-report">
            {done ? <p className="font-medium text-success">{t("import_dialog.done")}</p> : null}
            <p>
              {t("import_dialog.created", { count: report.created.length })} ·{" "}
              {t("import_dialog.updated", { count: report.updated.length })} ·{" "}
              {t("import_dialog.unchanged", { count: report.unchanged })}
            </p>
            {report.updated.length ? (
              <ul className="max-h-40 overflow-y-auto">
                {report.updated.map((u) => (
                  <li key={u.sku}>
                    <span className="font-mono">{u.sku}</span>:{" "}
                    {Object.entries(u.changes)
                      .map(([field, c]) => `${field} ${c.from || "∅"} → ${c.to || "∅"}`)
                      .join("; ")}
                  </li>
                ))}
              </ul>
            ) : null}
            {report.errors.length ? (
              <Alert variant="destructive" role="alert">
                <AlertDescription>
                  <p>{t("import_dialog.errors", { count: report.errors.length })}</p>
                  <ul className="mt-1 max-h-40 overflow-y-auto">
                    {report.errors.map((e, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: one line can have several problems
                      <li key={i}>
                        {t("import_dialog.line", { line: e.line })}
                        {e.sku ? ` (${e.sku})` : ""}
                        {e.field ? ` ${e.field}` : ""}: {e.message}
                      </li>
                    ))}
                  </ul>
                </AlertDescription>
              </Alert>
            ) : null}
          </div>
        ) : null}
        <DialogFooter>
          <Button variant="outline" disabled={!csv || busy} onClick={() => run(true)}>
            {t("import_dialog.check")}
          </Button>
          <Button
            disabled={!csv || busy || !report || report.errors.length > 0 || done}
            onClick={() => run(false)}
          >
            {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
            {t("import_dialog.run")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
