"use client";

import { CircleAlert, Construction, LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { ApiError, api, type Issue } from "@/lib/api";
import { issuesByPath, useIssueText } from "@/lib/issues";
import { LogoField } from "./logo-field";
import { SecretField } from "./secret-field";
import {
  type Draft,
  type Field,
  getPath,
  type PendingModule,
  type Secret,
  type SecretDraft,
  type SectionKey,
  type Settings,
  toBody,
  toDraft,
} from "./spec";

type Props = {
  sectionKey: SectionKey;
  fields: Field[];
  value: Settings[SectionKey];
  /** The saved shop logo's URL, for the shop section. */
  logoUrl?: string | null;
  onSaved: (key: SectionKey, settings: Settings | undefined, logoUrl?: string | null) => void;
  /** The module this section configures, when it is not built yet: shown read-only, nothing "on". */
  notBuilt?: PendingModule;
};

/** Issues that belong to a field: its own path, or anything below it (an item of a list). */
function issuesFor(byPath: Map<string, Issue[]>, path: string): Issue[] {
  return [...byPath].filter(([p]) => p === path || p.startsWith(`${path}.`)).flatMap(([, list]) => list);
}

export function SectionForm({ sectionKey, fields, value, logoUrl, onSaved, notBuilt }: Props) {
  const t = useTranslations("settings");
  const tc = useTranslations("common");
  const notify = useToast();
  const issueText = useIssueText();
  const [draft, setDraft] = useState<Draft>(() => toDraft(fields, value));
  const [issues, setIssues] = useState<Issue[]>([]);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => setDraft(toDraft(fields, value)), [fields, value]);

  const byPath = useMemo(() => issuesByPath(issues, sectionKey), [issues, sectionKey]);
  const unplaced = useMemo(
    () =>
      [...byPath]
        .filter(([path]) => !fields.some((f) => path === f.path || path.startsWith(`${f.path}.`)))
        .flatMap(([, list]) => list),
    [byPath, fields],
  );
  const set = (path: string, next: string | boolean | SecretDraft) =>
    setDraft((d) => ({ ...d, [path]: next }));
  const title = t(`sections.${sectionKey}.title`);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setIssues([]);
    setFailure(undefined);
    try {
      const response = await api.put<{ settings?: Settings; logo_url?: string | null } | undefined>(
        "/settings",
        {
          [sectionKey]: toBody(fields, value, draft),
        },
      );
      onSaved(sectionKey, response?.settings, response?.logo_url);
      notify("success", t("saved", { section: title }));
    } catch (error) {
      if (error instanceof ApiError && error.code === "request.invalid" && error.issues.length > 0) {
        setIssues(error.issues);
        setFailure(t("invalid"));
      } else {
        setFailure(
          error instanceof ApiError && error.code === "network" ? tc("network_error") : tc("save_failed"),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  const idOf = (path: string) => `settings-${sectionKey}-${path.replaceAll(".", "-")}`;

  return (
    <Card id={`section-${sectionKey}`} aria-labelledby={`${idOf("title")}`} className="scroll-mt-20">
      <form onSubmit={submit} noValidate data-section={sectionKey}>
        <CardHeader>
          <CardTitle id={idOf("title")}>{title}</CardTitle>
          <CardDescription>{t(`sections.${sectionKey}.description`)}</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-5">
          {notBuilt ? (
            <Alert role="note" data-not-built={notBuilt}>
              <Construction aria-hidden="true" />
              <AlertDescription>
                <p className="font-medium text-foreground">
                  {t("not_built.title", { module: t(`not_built.modules.${notBuilt}`) })}
                </p>
                <p>{t("not_built.body")}</p>
              </AlertDescription>
            </Alert>
          ) : null}
          {failure ? (
            <Alert variant="destructive" role="alert">
              <CircleAlert aria-hidden="true" />
              <AlertDescription>
                <p>{failure}</p>
                {unplaced.length > 0 ? (
                  <ul className="mt-1 list-disc pl-5">
                    {unplaced.map((issue) => (
                      <li key={`${issue.path}-${issue.code}`}>
                        {issue.path}: {issueText(issue)}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </AlertDescription>
            </Alert>
          ) : null}
          <fieldset disabled={notBuilt !== undefined} className="grid gap-5 md:grid-cols-2">
            {fields.map((field) => {
              const id = idOf(field.path);
              const fieldIssues = issuesFor(byPath, field.path);
              const errorId = fieldIssues.length ? `${id}-error` : undefined;
              const hintKey = `hints.${sectionKey}.${field.path}`;
              const hintId = t.has(hintKey) ? `${id}-hint` : undefined;
              const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
              const label = t(`fields.${sectionKey}.${field.path}`);
              const common = {
                id,
                "aria-invalid": fieldIssues.length ? true : undefined,
                "aria-describedby": describedBy,
              } as const;
              const wide = field.kind === "textarea" || field.kind === "secret";
              return (
                <div
                  key={field.path}
                  className={
                    wide && sectionKey !== "whatsapp_templates"
                      ? "flex flex-col gap-2 md:col-span-2"
                      : "flex flex-col gap-2"
                  }
                  data-field={`${sectionKey}.${field.path}`}
                >
                  {field.kind === "switch" && notBuilt ? (
                    <div className="flex items-center justify-between gap-4 rounded-md border border-dashed p-3">
                      <span className="text-sm font-medium">{label}</span>
                      <span className="text-sm text-muted-foreground" data-switch-not-built={field.path}>
                        {t("not_built.state")}
                      </span>
                    </div>
                  ) : field.kind === "switch" ? (
                    <div className="flex items-center justify-between gap-4 rounded-md border p-3">
                      <Label htmlFor={id}>{label}</Label>
                      <Switch
                        {...common}
                        checked={draft[field.path] === true}
                        onCheckedChange={(checked) => set(field.path, checked)}
                      />
                    </div>
                  ) : field.kind === "logo" ? (
                    <LogoField
                      id={id}
                      label={label}
                      url={logoUrl ?? null}
                      value={String(draft[field.path])}
                      onChange={(key) => set(field.path, key)}
                      describedBy={describedBy}
                    />
                  ) : field.kind === "secret" ? (
                    <SecretField
                      id={id}
                      label={label}
                      secret={getPath(value, field.path) as Secret | undefined}
                      draft={draft[field.path] as SecretDraft}
                      onChange={(next) => set(field.path, next)}
                      describedBy={describedBy}
                      invalid={fieldIssues.length > 0}
                    />
                  ) : (
                    <>
                      <Label htmlFor={id}>{label}</Label>
                      {field.kind === "textarea" ? (
                        <Textarea
                          {...common}
                          rows={field.rows}
                          lang={field.lang}
                          autoComplete={field.autoComplete}
                          value={String(draft[field.path])}
                          onChange={(e) => set(field.path, e.target.value)}
                        />
                      ) : field.kind === "choice" ? (
                        <Select value={String(draft[field.path])} onValueChange={(v) => set(field.path, v)}>
                          <SelectTrigger {...common}>
                            <SelectValue />
                          </SelectTrigger>
                          <SelectContent>
                            {field.options.map((option) => (
                              <SelectItem key={option} value={option}>
                                {t(`options.${sectionKey}.${field.path}.${option}`)}
                              </SelectItem>
                            ))}
                          </SelectContent>
                        </Select>
                      ) : (
                        <Input
                          {...common}
                          type={field.kind === "text" ? (field.type ?? "text") : "text"}
                          inputMode={
                            field.kind === "decimal"
                              ? "decimal"
                              : field.kind === "integer"
                                ? "numeric"
                                : undefined
                          }
                          autoComplete={field.kind === "text" ? (field.autoComplete ?? "off") : "off"}
                          list={field.kind === "text" ? field.list : undefined}
                          value={String(draft[field.path])}
                          onChange={(e) => set(field.path, e.target.value)}
                        />
                      )}
                    </>
                  )}
                  {hintId ? (
                    <p id={hintId} className="text-xs text-muted-foreground">
                      {t(hintKey)}
                    </p>
                  ) : null}
                  {errorId ? (
                    <p
                      id={errorId}
                      className="text-sm text-destructive"
                      data-issue={`${sectionKey}.${field.path}`}
                    >
                      {fieldIssues.map(issueText).join(" ")}
                    </p>
                  ) : null}
                </div>
              );
            })}
          </fieldset>
        </CardContent>
        {notBuilt ? null : (
          <CardFooter className="justify-end border-t pt-4 sm:pt-4">
            <Button type="submit" disabled={busy}>
              {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
              {t("save")}
              <span className="sr-only">{title}</span>
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
