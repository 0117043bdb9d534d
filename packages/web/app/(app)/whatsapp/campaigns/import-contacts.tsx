"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Failure } from "@/components/failure";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { api } from "@/lib/api";
import type { PostCampaignsContactsImportResponse } from "@/lib/api/staff";
import { useErrorText } from "@/lib/issues";

type Report = PostCampaignsContactsImportResponse;

/**
 * Contacts from a spreadsheet, each with the evidence of their opt-in: the file is checked
 * first (what each line would do, and why a line is refused), then imported as checked.
 */
export function ImportContacts() {
  const t = useTranslations("campaigns.import");
  const errorText = useErrorText();
  const [csv, setCsv] = useState<string>();
  const [report, setReport] = useState<Report>();
  const [failure, setFailure] = useState<string>();

  async function run(dryRun: boolean, text = csv) {
    if (!text) return;
    setFailure(undefined);
    try {
      setReport(await api.post<Report>("/campaigns/contacts/import", { csv: text, dry_run: dryRun }));
    } catch (error) {
      setFailure(errorText(error));
    }
  }

  return (
    <section className="mb-6 flex flex-col gap-3 rounded-md border p-4" aria-label={t("title")}>
      <p className="text-sm text-muted-foreground">{t("help")}</p>
      <div className="flex flex-col gap-1">
        <Label htmlFor="contacts-file">{t("file")}</Label>
        <input
          id="contacts-file"
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const text = await e.target.files?.[0]?.text();
            setCsv(text);
            setReport(undefined);
            await run(true, text);
          }}
        />
      </div>
      {report ? (
        <div className="flex flex-col gap-2" data-testid="import-report">
          <p className="font-medium">
            {t(report.dry_run ? "would" : "did", {
              added: report.added,
              merged: report.merged,
              refused: report.refused,
            })}
          </p>
          {report.errors.map((error) => (
            <p key={error} role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ))}
          <ul className="max-h-64 overflow-auto text-sm">
            {report.lines
              .filter((line) => line.action === "refuse")
              .map((line) => (
                <li key={line.line}>
                  {t("refused_line", { line: line.line, phone: line.phone, message: line.message ?? "" })}
                </li>
              ))}
          </ul>
          {report.dry_run && report.added + report.merged > 0 ? (
            <Button className="self-start" onClick={() => run(false)}>
              {t("confirm", { count: report.added + report.merged })}
            </Button>
          ) : null}
        </div>
      ) : null}
      <Failure text={failure} />
    </section>
  );
}
