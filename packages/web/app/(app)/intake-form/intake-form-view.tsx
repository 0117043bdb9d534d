"use client";

import { CircleAlert, ExternalLink, LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useCallback, useMemo, useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { ApiError, api, type Issue } from "@/lib/api";
import type { GetIntakeFormResponse, PutIntakeFormResponse } from "@/lib/api/staff";
import { useShopFormat } from "@/lib/format";
import { type Bilingual, OPTIONAL_FIELDS } from "@/lib/intake-form";
import { useIssueText } from "@/lib/issues";
import { useApi } from "@/lib/use-api";
import { CustomFields } from "./custom-fields";
import { type Draft, toDefinition, toDraft } from "./draft";
import { FieldError, type IssuesAt } from "./field-error";
import { QrPoster } from "./qr-poster";

export function IntakeFormView() {
  const t = useTranslations("intakeBuilder");
  const tc = useTranslations("common");
  const shop = useShopFormat();
  const notify = useToast();
  const issueText = useIssueText();
  const state = useApi<GetIntakeFormResponse>("/intake-form");
  const saved = state.data;
  // Edits belong to the version they started from; a newly published version starts afresh.
  const [edit, setEdit] = useState<{ version: number; draft: Draft }>();
  const initial = useMemo(() => saved && toDraft(saved.definition), [saved]);
  const draft = saved && edit?.version === saved.version ? edit.draft : initial;
  const [issues, setIssues] = useState<Issue[]>([]);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const issuesAt = useCallback<IssuesAt>(
    (path) => {
      const list = issues.filter((issue) => issue.path === path);
      return list.length ? list.map(issueText).join(" ") : undefined;
    },
    [issues, issueText],
  );
  const placed = (path: string) =>
    /^(consent_text|terms_text)\.(en|ms)$/.test(path) ||
    /^custom_fields\.\d+\.(key|kind|required|label\.(en|ms)|options(\.\d+\.(value|label\.(en|ms)))?)$/.test(
      path,
    );
  const unplaced = issues.filter((issue) => !placed(issue.path));
  // Both sides pass through the same shaping, so key order alone never counts as a change.
  const savedJson = useMemo(() => saved && JSON.stringify(toDefinition(toDraft(saved.definition))), [saved]);
  const changed = Boolean(draft && savedJson && JSON.stringify(toDefinition(draft)) !== savedJson);

  const update = (change: (draft: Draft) => Draft) => {
    if (!saved || !draft) return;
    setEdit((current) => ({
      version: saved.version,
      draft: change(current?.version === saved.version ? current.draft : draft),
    }));
  };

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    setIssues([]);
    setFailure(undefined);
    try {
      const body = await api.put<PutIntakeFormResponse>("/intake-form", toDefinition(draft));
      state.set((current) => current && { ...current, ...body });
      setEdit(undefined);
      notify("success", t("published", { version: body.version }));
    } catch (e) {
      if (e instanceof ApiError && e.code === "request.invalid" && e.issues.length) {
        setIssues(e.issues);
        setFailure(t("invalid"));
      } else
        setFailure(e instanceof ApiError && e.code === "network" ? tc("network_error") : tc("save_failed"));
    } finally {
      setBusy(false);
    }
  };

  const header = (
    <PageHeader
      title={t("title")}
      description={t("description")}
      actions={
        <Button asChild variant="outline">
          <a href="/intake" target="_blank" rel="noopener">
            <ExternalLink aria-hidden="true" />
            {t("preview")}
          </a>
        </Button>
      }
    />
  );

  if (!saved || !draft)
    return (
      <>
        {header}
        <DataState
          state={state}
          loading={
            <div aria-busy="true" className="flex flex-col gap-4">
              <Skeleton className="h-48 w-full" />
              <Skeleton className="h-48 w-full" />
            </div>
          }
        >
          {() => null}
        </DataState>
      </>
    );

  const text = (kind: "consent_text" | "terms_text", language: keyof Bilingual) => {
    const path = `${kind}.${language}`;
    const id = `intake-${kind}-${language}`;
    const problem = issuesAt(path);
    const hint = kind === "consent_text" ? `${id}-hint` : undefined;
    return (
      <div className="flex flex-col gap-2">
        <Label htmlFor={id}>{t(`texts.${kind === "consent_text" ? "consent" : "terms"}_${language}`)}</Label>
        <Textarea
          id={id}
          lang={language}
          rows={4}
          value={draft[kind][language]}
          aria-invalid={problem ? true : undefined}
          aria-describedby={
            [hint, problem ? `${id}-error` : undefined].filter(Boolean).join(" ") || undefined
          }
          onChange={(e) => update((d) => ({ ...d, [kind]: { ...d[kind], [language]: e.target.value } }))}
        />
        {hint ? (
          <p id={hint} className="text-xs text-muted-foreground">
            {t("texts.consent_hint")}
          </p>
        ) : null}
        <FieldError id={`${id}-error`} text={problem} path={path} />
      </div>
    );
  };

  return (
    <>
      {header}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem] xl:items-start">
        <form
          onSubmit={publish}
          noValidate
          className="flex min-w-0 flex-col gap-6"
          data-testid="intake-builder"
        >
          <div className="flex flex-wrap items-center gap-3">
            <Badge variant="secondary" data-testid="form-version">
              {t("version", { version: saved.version })}
            </Badge>
            <span className="text-sm text-muted-foreground">
              {t("published_at", {
                date: shop.dateTime(saved.created_at),
              })}
            </span>
            {changed ? <Badge variant="warning">{t("unsaved")}</Badge> : null}
          </div>

          {failure ? (
            <Alert variant="destructive" role="alert">
              <CircleAlert aria-hidden="true" />
              <AlertDescription>
                <p>{failure}</p>
                {unplaced.length ? (
                  <ul className="mt-1 list-disc pl-5">
                    {unplaced.map((issue) => (
                      <li key={`${issue.path}-${issue.message}`}>
                        {issue.path}: {issueText(issue)}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </AlertDescription>
            </Alert>
          ) : null}

          <Card>
            <CardHeader>
              <CardTitle>{t("optional.title")}</CardTitle>
              <CardDescription>{t("optional.description")}</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-3">
              <p className="text-sm text-muted-foreground">{t("core")}</p>
              <table className="w-full text-sm">
                <thead>
                  <tr className="border-b text-left text-xs uppercase tracking-wide text-muted-foreground">
                    <th scope="col" className="py-2 font-medium">
                      {t("optional.field")}
                    </th>
                    <th scope="col" id="col-enabled" className="w-20 py-2 text-center font-medium">
                      {t("optional.enabled")}
                    </th>
                    <th scope="col" id="col-required" className="w-20 py-2 text-center font-medium">
                      {t("optional.required")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {OPTIONAL_FIELDS.map((name) => {
                    const toggle = draft.optional_fields[name];
                    const set = (next: Partial<typeof toggle>) =>
                      update((d) => {
                        const merged = { ...d.optional_fields[name], ...next };
                        if (!merged.enabled) merged.required = false;
                        return { ...d, optional_fields: { ...d.optional_fields, [name]: merged } };
                      });
                    return (
                      <tr key={name} className="border-b last:border-0" data-optional={name}>
                        <th scope="row" id={`row-${name}`} className="py-2.5 text-left font-medium">
                          {t(`optional.labels.${name}`)}
                        </th>
                        <td className="py-2.5 text-center">
                          <Switch
                            aria-labelledby={`col-enabled row-${name}`}
                            checked={toggle.enabled}
                            onCheckedChange={(enabled) => set({ enabled })}
                          />
                        </td>
                        <td className="py-2.5 text-center">
                          <Switch
                            aria-labelledby={`col-required row-${name}`}
                            checked={toggle.required}
                            disabled={!toggle.enabled}
                            onCheckedChange={(required) => set({ required })}
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </CardContent>
          </Card>

          <CustomFields
            fields={draft.custom_fields}
            onChange={(custom_fields, structural) => {
              // Issue paths name fields by position; once fields move they would point at the wrong one.
              if (structural) setIssues([]);
              update((d) => ({ ...d, custom_fields }));
            }}
            issuesAt={issuesAt}
          />

          <Card>
            <CardHeader>
              <CardTitle>{t("texts.title")}</CardTitle>
              <CardDescription>{t("texts.description")}</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-5 md:grid-cols-2">
              {text("consent_text", "en")}
              {text("consent_text", "ms")}
              {text("terms_text", "en")}
              {text("terms_text", "ms")}
            </CardContent>
          </Card>

          <div className="sticky bottom-2 z-10 flex items-center justify-end gap-3 rounded-lg border bg-background/95 p-3 shadow-sm backdrop-blur supports-[backdrop-filter]:bg-background/80">
            <Button type="submit" disabled={busy}>
              {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
              {t("publish")}
            </Button>
          </div>
        </form>
        <QrPoster />
      </div>
    </>
  );
}
