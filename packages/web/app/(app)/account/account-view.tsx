"use client";

import { LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { PageHeader } from "@/components/page-header";
import { useSession } from "@/components/session";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { ApiError, api, type Issue, safeNext } from "@/lib/api";
import { useIssueText } from "@/lib/issues";

/**
 * Changing one's own password: any time, and first of all after signing in with a temporary
 * one (an admin's or the first start's), when the shell shows nothing else until it is done.
 */
export function AccountView() {
  const t = useTranslations("account");
  const tc = useTranslations("common");
  const notify = useToast();
  const issueText = useIssueText();
  const first = useSession().must_change_password;
  /** The policy's reasons in the reader's language; other issues as the server wrote them. */
  const reasonText = (issue: Issue) => {
    const key = `reasons.${issue.code.replace(".", "_")}`;
    return t.has(key) ? t(key) : issueText(issue);
  };
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [errors, setErrors] = useState<{ current?: string; next?: string; repeat?: string; form?: string }>(
    {},
  );
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== repeat) return setErrors({ repeat: t("mismatch") });
    setErrors({});
    setBusy(true);
    try {
      await api.post("/auth/password", { current_password: current, new_password: next });
      if (first) {
        // A full load: the shell reads the session again and opens where the user was going.
        window.location.assign(safeNext(new URLSearchParams(window.location.search).get("next")));
        return;
      }
      setCurrent("");
      setNext("");
      setRepeat("");
      notify("success", t("changed"));
    } catch (error) {
      if (error instanceof ApiError && error.code === "auth.wrong_password")
        setErrors({ current: t("wrong_current") });
      else if (error instanceof ApiError && error.code === "request.invalid")
        setErrors({
          next: error.issues
            .filter((i) => i.path === "new_password")
            .map(reasonText)
            .join(" "),
        });
      else setErrors({ form: tc("save_failed") });
    } finally {
      setBusy(false);
    }
  };

  const field = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void,
    error?: string,
    hint?: string,
  ) => (
    <div className="flex flex-col gap-2">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        type="password"
        autoComplete={id === "current-password" ? "current-password" : "new-password"}
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={
          [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined
        }
        required
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );

  return (
    <>
      <PageHeader
        title={first ? t("first_title") : t("title")}
        description={first ? t("first_description") : t("description")}
      />
      <Card className="max-w-lg">
        <form onSubmit={submit} noValidate data-first-password={first ? "" : undefined}>
          <CardHeader>
            <CardTitle>{t("password_title")}</CardTitle>
            <CardDescription>{t("password_description")}</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            {errors.form ? (
              <Alert variant="destructive" role="alert">
                <AlertDescription>{errors.form}</AlertDescription>
              </Alert>
            ) : null}
            {field(
              "current-password",
              first ? t("first_current") : t("current"),
              current,
              setCurrent,
              errors.current,
            )}
            {field("new-password", t("new"), next, setNext, errors.next, t("policy"))}
            {field("repeat-password", t("repeat"), repeat, setRepeat, errors.repeat)}
          </CardContent>
          <CardFooter className="justify-end border-t pt-4 sm:pt-4">
            <Button type="submit" disabled={busy}>
              {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
              {first ? t("first_submit") : t("submit")}
            </Button>
          </CardFooter>
        </form>
      </Card>
    </>
  );
}
