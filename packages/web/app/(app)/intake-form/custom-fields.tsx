"use client";

import { ArrowDown, ArrowUp, Plus, Trash2, X } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { CUSTOM_KINDS, type CustomKind } from "@/lib/intake-form";
import { blankField, blankOption, type CustomDraft, move } from "./draft";
import { FieldError, type IssuesAt } from "./field-error";

type Props = {
  fields: CustomDraft[];
  /** `structural` when fields were added, removed or moved (not just typed into). */
  onChange: (fields: CustomDraft[], structural: boolean) => void;
  issuesAt: IssuesAt;
};

/** A labelled input with its error, tied together by aria-describedby. */
function TextField({
  id,
  label,
  value,
  onChange,
  problem,
  path,
  hint,
  lang,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem?: string;
  path: string;
  hint?: string;
  lang?: string;
  children?: ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : undefined, problem ? `${id}-error` : undefined]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        lang={lang}
        value={value}
        autoComplete="off"
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} text={problem} path={path} />
      {children}
    </div>
  );
}

export function CustomFields({ fields, onChange, issuesAt }: Props) {
  const t = useTranslations("intakeBuilder.custom");
  const edit = (index: number, change: Partial<CustomDraft>) =>
    onChange(
      fields.map((f, i) => (i === index ? { ...f, ...change } : f)),
      false,
    );

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {fields.length === 0 ? <p className="text-sm text-muted-foreground">{t("empty")}</p> : null}
        <ol className="flex flex-col gap-4">
          {fields.map((field, index) => {
            const n = index + 1;
            const base = `custom_fields.${index}`;
            const id = (name: string) => `custom-${field.uid}-${name}`;
            const kindProblem = issuesAt(`${base}.kind`);
            return (
              <li key={field.uid} className="rounded-lg border p-4" data-custom-field={index}>
                <fieldset className="flex flex-col gap-4">
                  <legend className="sr-only">{t("item", { n })}</legend>
                  <div className="flex items-center gap-1">
                    <p className="mr-auto font-medium" aria-hidden="true">
                      {t("item", { n })}
                    </p>
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={t("move_up", { n })}
                      disabled={index === 0}
                      onClick={() => onChange(move(fields, index, index - 1), true)}
                    >
                      <ArrowUp aria-hidden="true" />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={t("move_down", { n })}
                      disabled={index === fields.length - 1}
                      onClick={() => onChange(move(fields, index, index + 1), true)}
                    >
                      <ArrowDown aria-hidden="true" />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={t("remove", { n })}
                      onClick={() =>
                        onChange(
                          fields.filter((_, i) => i !== index),
                          true,
                        )
                      }
                    >
                      <Trash2 aria-hidden="true" />
                    </Button>
                  </div>
                  <div className="grid gap-4 md:grid-cols-2">
                    <TextField
                      id={id("key")}
                      label={t("key")}
                      hint={t("key_hint")}
                      value={field.key}
                      onChange={(key) => edit(index, { key })}
                      problem={issuesAt(`${base}.key`)}
                      path={`${base}.key`}
                    />
                    <div className="flex flex-col gap-2">
                      <Label htmlFor={id("kind")}>{t("kind")}</Label>
                      <Select
                        value={field.kind}
                        onValueChange={(value) => {
                          const kind = value as CustomKind;
                          edit(index, {
                            kind,
                            options:
                              kind === "select" && !field.options?.length ? [blankOption()] : field.options,
                          });
                        }}
                      >
                        <SelectTrigger id={id("kind")} aria-invalid={kindProblem ? true : undefined}>
                          <SelectValue />
                        </SelectTrigger>
                        <SelectContent>
                          {CUSTOM_KINDS.map((kind) => (
                            <SelectItem key={kind} value={kind}>
                              {t(`kinds.${kind}`)}
                            </SelectItem>
                          ))}
                        </SelectContent>
                      </Select>
                      <FieldError id={`${id("kind")}-error`} text={kindProblem} path={`${base}.kind`} />
                    </div>
                    <TextField
                      id={id("label-en")}
                      label={t("label_en")}
                      lang="en"
                      value={field.label.en}
                      onChange={(en) => edit(index, { label: { ...field.label, en } })}
                      problem={issuesAt(`${base}.label.en`)}
                      path={`${base}.label.en`}
                    />
                    <TextField
                      id={id("label-ms")}
                      label={t("label_ms")}
                      lang="ms"
                      value={field.label.ms}
                      onChange={(ms) => edit(index, { label: { ...field.label, ms } })}
                      problem={issuesAt(`${base}.label.ms`)}
                      path={`${base}.label.ms`}
                    />
                  </div>
                  <div className="flex items-center gap-3">
                    <Switch
                      id={id("required")}
                      checked={field.required}
                      onCheckedChange={(required) => edit(index, { required })}
                    />
                    <Label htmlFor={id("required")}>{t("required")}</Label>
                  </div>
                  {field.kind === "select" ? (
                    <Options
                      field={field}
                      base={base}
                      issuesAt={issuesAt}
                      onChange={(options) => edit(index, { options })}
                    />
                  ) : null}
                </fieldset>
              </li>
            );
          })}
        </ol>
        <Button
          variant="outline"
          className="self-start"
          onClick={() => onChange([...fields, blankField()], true)}
        >
          <Plus aria-hidden="true" />
          {t("add")}
        </Button>
      </CardContent>
    </Card>
  );
}

function Options({
  field,
  base,
  issuesAt,
  onChange,
}: {
  field: CustomDraft;
  base: string;
  issuesAt: IssuesAt;
  onChange: (options: NonNullable<CustomDraft["options"]>) => void;
}) {
  const t = useTranslations("intakeBuilder.custom");
  const options = field.options ?? [];
  const problem = issuesAt(`${base}.options`);
  return (
    <fieldset className="flex flex-col gap-3 rounded-md bg-muted/50 p-3">
      <legend className="text-sm font-medium">{t("options")}</legend>
      <FieldError id={`custom-${field.uid}-options-error`} text={problem} path={`${base}.options`} />
      {options.map((option, index) => {
        const n = index + 1;
        const path = `${base}.options.${index}`;
        const id = (name: string) => `custom-${field.uid}-option-${index}-${name}`;
        const set = (change: Partial<typeof option>) =>
          onChange(options.map((o, i) => (i === index ? { ...o, ...change } : o)));
        return (
          <fieldset key={option.uid} className="grid items-start gap-3 sm:grid-cols-[1fr_1fr_1fr_auto]">
            <legend className="sr-only">{t("option", { n })}</legend>
            <TextField
              id={id("value")}
              label={t("option_value")}
              value={option.value}
              onChange={(value) => set({ value })}
              problem={issuesAt(`${path}.value`)}
              path={`${path}.value`}
            />
            <TextField
              id={id("en")}
              label={t("option_en")}
              lang="en"
              value={option.label.en}
              onChange={(en) => set({ label: { ...option.label, en } })}
              problem={issuesAt(`${path}.label.en`)}
              path={`${path}.label.en`}
            />
            <TextField
              id={id("ms")}
              label={t("option_ms")}
              lang="ms"
              value={option.label.ms}
              onChange={(ms) => set({ label: { ...option.label, ms } })}
              problem={issuesAt(`${path}.label.ms`)}
              path={`${path}.label.ms`}
            />
            <Button
              variant="ghost"
              size="icon"
              className="sm:mt-6"
              aria-label={t("remove_option", { n })}
              onClick={() => onChange(options.filter((_, i) => i !== index))}
            >
              <X aria-hidden="true" />
            </Button>
          </fieldset>
        );
      })}
      <Button
        variant="outline"
        size="sm"
        className="self-start"
        onClick={() => onChange([...options, blankOption()])}
      >
        <Plus aria-hidden="true" />
        {t("add_option")}
      </Button>
    </fieldset>
  );
}
