"use client";

import { KeyRound } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { Secret, SecretDraft } from "./spec";

type Props = {
  id: string;
  label: string;
  secret: Secret | undefined;
  draft: SecretDraft;
  onChange: (next: SecretDraft) => void;
  describedBy?: string;
  invalid: boolean;
};

/**
 * A write-only secret: the page knows only whether it is set and its last 4 characters. A new
 * value is typed into an empty field that is never filled from the server.
 */
export function SecretField({ id, label, secret, draft, onChange, describedBy, invalid }: Props) {
  const t = useTranslations("settings.secret");
  const input = useRef<HTMLInputElement>(null);
  const replacing = draft.action === "replace";
  useEffect(() => {
    if (replacing) input.current?.focus();
  }, [replacing]);

  const statusId = `${id}-status`;
  const status = secret?.set
    ? secret.last4
      ? t("set_last4", { last4: secret.last4 })
      : t("set")
    : t("not_set");

  return (
    <>
      {replacing ? (
        <Label htmlFor={id}>{label}</Label>
      ) : (
        <p className="text-sm font-medium leading-none">{label}</p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant={secret?.set ? "success" : "outline"} id={statusId} data-secret-status={id}>
          <KeyRound className="size-3" aria-hidden="true" />
          {status}
        </Badge>
        {draft.action === "clear" ? <span className="text-sm text-warning">{t("will_clear")}</span> : null}
        <div className="ml-auto flex gap-2">
          {draft.action === "keep" ? (
            <>
              <Button
                variant="outline"
                size="sm"
                onClick={() => onChange({ action: "replace", value: "" })}
                aria-label={t(secret?.set ? "replace_label" : "set_label", { field: label })}
              >
                {secret?.set ? t("replace") : t("set_value")}
              </Button>
              {secret?.set ? (
                <Button
                  variant="outline"
                  size="sm"
                  onClick={() => onChange({ action: "clear", value: "" })}
                  aria-label={t("clear_label", { field: label })}
                >
                  {t("clear")}
                </Button>
              ) : null}
            </>
          ) : (
            <Button variant="ghost" size="sm" onClick={() => onChange({ action: "keep", value: "" })}>
              {draft.action === "clear" ? t("undo") : t("cancel")}
            </Button>
          )}
        </div>
      </div>
      {replacing ? (
        <Input
          ref={input}
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={draft.value}
          onChange={(e) => onChange({ action: "replace", value: e.target.value })}
          aria-invalid={invalid || undefined}
          aria-describedby={[statusId, describedBy].filter(Boolean).join(" ")}
          placeholder={t("placeholder")}
          data-1p-ignore
          data-lpignore="true"
        />
      ) : null}
    </>
  );
}
