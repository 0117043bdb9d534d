"use client";

import { LoaderCircle, Pencil } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, type ReactNode, useState } from "react";
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
import { Input, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { ApiError, api } from "@/lib/api";
import { phone } from "@/lib/format";
import { issuesByPath, useErrorText, useIssueText } from "@/lib/issues";
import type { Customer, CustomerPage } from "../model";

type Field = "name" | "email" | "address" | "notes" | "tags";

/** Edits a customer's details (audited). The phone is who they are: a wrong one is fixed by merging. */
export function EditCustomer({
  customer,
  onSaved,
}: {
  customer: Customer;
  onSaved: (page: CustomerPage) => void;
}) {
  const t = useTranslations("customers.edit");
  const tl = useTranslations("customers.languages");
  const tc = useTranslations("common");
  const notify = useToast();
  const errorText = useErrorText();
  const issueText = useIssueText();
  const [open, setOpen] = useState(false);
  const [language, setLanguage] = useState(customer.language);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; fields: Map<string, string> }>();

  const reset = (next: boolean) => {
    setOpen(next);
    if (next) {
      setLanguage(customer.language);
      setFailure(undefined);
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: Field) => String(form.get(name) ?? "").trim();
    setBusy(true);
    setFailure(undefined);
    try {
      const page = await api.patch<CustomerPage>(`/customers/${encodeURIComponent(customer.id)}`, {
        name: text("name"),
        email: text("email") || null,
        address: text("address") || null,
        notes: text("notes") || null,
        language,
        tags: [
          ...new Set(
            text("tags")
              .split(",")
              .map((tag) => tag.trim())
              .filter(Boolean),
          ),
        ],
      });
      notify("success", t("saved", { name: page.customer.name }));
      setOpen(false);
      onSaved(page);
    } catch (error) {
      const fields = new Map<string, string>();
      if (error instanceof ApiError && error.code === "request.invalid")
        for (const [path, list] of issuesByPath(error.issues))
          fields.set(path.split(".")[0] ?? path, list.map(issueText).join(" "));
      setFailure({ message: fields.size ? t("check_fields") : errorText(error), fields });
    } finally {
      setBusy(false);
    }
  };

  const field = (
    name: Field,
    input: (props: {
      id: string;
      name: string;
      "aria-invalid"?: boolean;
      "aria-describedby"?: string;
    }) => ReactNode,
    hint?: string,
  ) => {
    const error = failure?.fields.get(name);
    const id = `customer-${name}`;
    const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
    return (
      <div className="flex flex-col gap-2">
        <Label htmlFor={id}>{t(`fields.${name}`)}</Label>
        {input({
          id,
          name,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": described || undefined,
        })}
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-muted-foreground">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={`${id}-error`} className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Pencil aria-hidden="true" />
          {t("open")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tc("close")}>
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle>{t("title", { name: customer.name })}</DialogTitle>
            <DialogDescription>{t("description", { phone: phone(customer.phone) })}</DialogDescription>
          </DialogHeader>
          {failure ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{failure.message}</AlertDescription>
            </Alert>
          ) : null}
          {field("name", (props) => (
            <Input {...props} defaultValue={customer.name} required maxLength={120} />
          ))}
          {field("email", (props) => (
            <Input {...props} type="email" defaultValue={customer.email ?? ""} autoComplete="off" />
          ))}
          {field("address", (props) => (
            <Textarea {...props} defaultValue={customer.address ?? ""} maxLength={500} />
          ))}
          <div className="flex flex-col gap-2">
            <Label htmlFor="customer-language">{t("fields.language")}</Label>
            <Select value={language} onValueChange={(value) => setLanguage(value as Customer["language"])}>
              <SelectTrigger id="customer-language">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="en">{tl("en")}</SelectItem>
                <SelectItem value="ms">{tl("ms")}</SelectItem>
              </SelectContent>
            </Select>
          </div>
          {field(
            "tags",
            (props) => (
              <Input {...props} defaultValue={customer.tags.join(", ")} autoComplete="off" />
            ),
            t("tags_hint"),
          )}
          {field("notes", (props) => (
            <Textarea {...props} defaultValue={customer.notes ?? ""} maxLength={4000} />
          ))}
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>
              {tc("cancel")}
            </Button>
            <Button type="submit" disabled={busy}>
              {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
              {t("save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
