"use client";

import { LoaderCircle, UserPlus } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
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
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { ApiError, api } from "@/lib/api";
import { issuesByPath, useErrorText, useIssueText } from "@/lib/issues";
import { ROLES, type Role } from "@/lib/nav";
import { TemporaryPassword } from "./temporary-password";
import type { User } from "./users-view";

export function CreateUser({ onCreated }: { onCreated: (user: User) => void }) {
  const t = useTranslations("users");
  const tr = useTranslations("roles");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const issueText = useIssueText();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>("tech");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; fields: Map<string, string> }>();
  const [created, setCreated] = useState<{ user: User; password: string }>();

  const reset = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setCreated(undefined);
      setFailure(undefined);
      setRole("tech");
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setFailure(undefined);
    try {
      const body = await api.post<{ user: User; temporary_password: string }>("/users", {
        email: String(form.get("email") ?? "").trim(),
        name: String(form.get("name") ?? "").trim(),
        role,
      });
      setCreated({ user: body.user, password: body.temporary_password });
      onCreated(body.user);
    } catch (error) {
      const fields = new Map<string, string>();
      if (error instanceof ApiError && error.code === "request.invalid")
        for (const [path, list] of issuesByPath(error.issues))
          fields.set(path, list.map(issueText).join(" "));
      setFailure({ message: fields.size ? t("check_fields") : errorText(error), fields });
    } finally {
      setBusy(false);
    }
  };

  const field = (name: "email" | "name", type: string, autoComplete: string) => {
    const error = failure?.fields.get(name);
    return (
      <div className="flex flex-col gap-2">
        <Label htmlFor={`new-user-${name}`}>{t(`fields.${name}`)}</Label>
        <Input
          id={`new-user-${name}`}
          name={name}
          type={type}
          autoComplete={autoComplete}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `new-user-${name}-error` : undefined}
        />
        {error ? (
          <p id={`new-user-${name}-error`} className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden="true" />
          {t("add")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tc("close")}>
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>{t("created_title", { name: created.user.name })}</DialogTitle>
              <DialogDescription>{t("created_body", { email: created.user.email })}</DialogDescription>
            </DialogHeader>
            <TemporaryPassword password={created.password} name={created.user.name} />
            <DialogFooter>
              <Button onClick={() => reset(false)}>{tc("done")}</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} noValidate className="flex flex-col gap-4">
            <DialogHeader>
              <DialogTitle>{t("add_title")}</DialogTitle>
              <DialogDescription>{t("add_description")}</DialogDescription>
            </DialogHeader>
            {failure ? (
              <Alert variant="destructive" role="alert">
                <AlertDescription>{failure.message}</AlertDescription>
              </Alert>
            ) : null}
            {field("name", "text", "off")}
            {field("email", "email", "off")}
            <div className="flex flex-col gap-2">
              <Label htmlFor="new-user-role">{t("fields.role")}</Label>
              <Select value={role} onValueChange={(value) => setRole(value as Role)}>
                <SelectTrigger id="new-user-role">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {ROLES.map((value) => (
                    <SelectItem key={value} value={value}>
                      {tr(value)}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              <p className="text-xs text-muted-foreground">{t(`role_hints.${role}`)}</p>
            </div>
            <DialogFooter>
              <Button variant="outline" onClick={() => reset(false)}>
                {tc("cancel")}
              </Button>
              <Button type="submit" disabled={busy}>
                {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
                {t("create")}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
