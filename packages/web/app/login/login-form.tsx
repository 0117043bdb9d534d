"use client";

import { CircleAlert, LoaderCircle } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { type FormEvent, useId, useRef, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ApiError, api, safeNext } from "@/lib/api";
import { issuesByPath, useIssueText } from "@/lib/issues";

type Failure = { message: string; fields: Map<string, string[]> };

export function LoginForm() {
  const t = useTranslations("login");
  const issueText = useIssueText();
  const search = useSearchParams();
  const [failure, setFailure] = useState<Failure>();
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const id = useId();

  const describe = (error: unknown): Failure => {
    const none = new Map<string, string[]>();
    if (!(error instanceof ApiError)) return { message: t("errors.generic"), fields: none };
    switch (error.code) {
      case "auth.invalid_credentials":
        return { message: t("errors.invalid_credentials"), fields: none };
      case "auth.rate_limited":
        return error.retryAfter === undefined
          ? { message: t("errors.rate_limited_later"), fields: none }
          : { message: t("errors.rate_limited", { seconds: error.retryAfter }), fields: none };
      case "request.invalid": {
        const fields = new Map<string, string[]>();
        for (const [path, issues] of issuesByPath(error.issues)) fields.set(path, issues.map(issueText));
        return { message: t("errors.check_fields"), fields };
      }
      case "network":
        return { message: t("errors.network"), fields: none };
      default:
        return { message: t("errors.generic"), fields: none };
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setFailure(undefined);
    try {
      const { user } = await api.post<{ user: { must_change_password: boolean } }>("/auth/login", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      const next = safeNext(search.get("next"));
      // A full load, so the shell starts clean with the new session's cookies; a temporary
      // password is replaced first, then the user carries on where they were going.
      window.location.assign(user.must_change_password ? `/account?next=${encodeURIComponent(next)}` : next);
    } catch (error) {
      setFailure(describe(error));
      setBusy(false);
      requestAnimationFrame(() => alertRef.current?.focus());
    }
  };

  const fieldError = (name: string) => failure?.fields.get(name);
  const emailErrors = fieldError("email");
  const passwordErrors = fieldError("password");

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex flex-col gap-4"
      aria-describedby={failure ? `${id}-error` : undefined}
    >
      {failure ? (
        <Alert
          variant="destructive"
          role="alert"
          id={`${id}-error`}
          ref={alertRef}
          tabIndex={-1}
          data-testid="login-error"
        >
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{failure.message}</AlertDescription>
        </Alert>
      ) : null}
      <div className="flex flex-col gap-2">
        <Label htmlFor={`${id}-email`}>{t("email")}</Label>
        <Input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          aria-invalid={emailErrors ? true : undefined}
          aria-describedby={emailErrors ? `${id}-email-error` : undefined}
        />
        {emailErrors ? (
          <p id={`${id}-email-error`} className="text-sm text-destructive">
            {emailErrors.join(" ")}
          </p>
        ) : null}
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={`${id}-password`}>{t("password")}</Label>
        <Input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={passwordErrors ? true : undefined}
          aria-describedby={passwordErrors ? `${id}-password-error` : undefined}
        />
        {passwordErrors ? (
          <p id={`${id}-password-error`} className="text-sm text-destructive">
            {passwordErrors.join(" ")}
          </p>
        ) : null}
      </div>
      <Button type="submit" size="lg" disabled={busy} className="mt-2">
        {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
        {busy ? t("signing_in") : t("submit")}
      </Button>
      <p className="text-sm text-muted-foreground">{t("help")}</p>
    </form>
  );
}
