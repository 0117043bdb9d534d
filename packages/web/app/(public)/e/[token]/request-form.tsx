"use client";

import { CircleCheck, LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { type FormEvent, useEffect, useRef, useState, useTransition } from "react";
import {
  type BuyerDraft,
  type BuyerField,
  checkBuyer,
  emptyBuyer,
  isBuyerField,
  toBuyer,
} from "@/components/einvoice/buyer";
import { BuyerFields } from "@/components/einvoice/buyer-fields";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** The buyer's own form: everything but the SST number, which shops rather than people have. */
const FIELDS: readonly BuyerField[] = [
  "name",
  "tin",
  "id_type",
  "id_value",
  "email",
  "phone",
  "address_line1",
  "address_line2",
  "postcode",
  "city",
  "state_code",
];

type Issue = { path?: string | (string | number)[]; message?: string };

const ERRORS: Record<string, string> = {
  "einvoice.already_issued": "already_issued",
  "einvoice.already_consolidated": "already_consolidated",
  "link.invalid": "link_invalid",
};

/**
 * Sends the buyer's details with the link's token only: cookies are left out, so a staff
 * session in the same browser never stands in for the buyer.
 */
export function RequestForm({ token }: { token: string }) {
  const t = useTranslations("einvoice_public");
  const tb = useTranslations("einvoice_buyer.errors");
  const locale = useLocale();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [draft, setDraft] = useState<BuyerDraft>(() => emptyBuyer());
  const [errors, setErrors] = useState<Map<BuyerField, string>>(new Map());
  const [failure, setFailure] = useState<{ title?: string; text: string }>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const doneHeading = useRef<HTMLHeadingElement>(null);
  const alert = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (done) doneHeading.current?.focus();
  }, [done]);
  useEffect(() => {
    if (failure) alert.current?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [failure]);

  const change = (field: BuyerField, value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    if (errors.has(field))
      setErrors((current) => {
        const next = new Map(current);
        next.delete(field);
        return next;
      });
  };

  const fieldErrors = (issues: Issue[]) => {
    const fields = new Map<BuyerField, string>();
    for (const issue of issues) {
      const path = (Array.isArray(issue.path) ? issue.path.join(".") : (issue.path ?? "")).replace(
        /^buyer\./,
        "",
      );
      if (!isBuyerField(path)) continue;
      // The API writes English; in Malay the field is marked with a translated line instead.
      const text = locale === "en" && issue.message ? issue.message : tb("invalid");
      fields.set(path, fields.has(path) ? `${fields.get(path)} ${text}` : text);
    }
    return fields;
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    const problems = checkBuyer(draft, FIELDS);
    if (problems.size) {
      setErrors(new Map([...problems].map(([field, problem]) => [field, tb(problem.key, problem.values)])));
      setFailure({ title: t("errors.title"), text: t("errors.check") });
      return;
    }
    setErrors(new Map());
    setBusy(true);
    try {
      const response = await fetch(`/api/public/einvoice/${encodeURIComponent(token)}`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(toBuyer(draft, FIELDS)),
        credentials: "omit",
        cache: "no-store",
      });
      if (response.ok) {
        setDone(true);
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { code?: string; issues?: Issue[] };
      const code = body.code ?? `http.${response.status}`;
      const fields = fieldErrors(body.issues ?? []);
      if (fields.size) {
        setErrors(fields);
        setFailure({ title: t("errors.title"), text: t("errors.check") });
      } else if (ERRORS[code]) {
        setFailure({ text: t(`errors.${ERRORS[code]}`) });
        // The page as it is now (issued, consolidated, or the link's error) replaces the form.
        if (response.status === 409) startTransition(() => router.refresh());
      } else if (response.status === 429) setFailure({ text: t("errors.rate_limited") });
      else setFailure({ text: t("errors.generic", { code }) });
    } catch {
      setFailure({ text: t("errors.network") });
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <section
        aria-labelledby="einvoice-requested"
        className="flex flex-col gap-2 rounded-xl border border-success/40 bg-success/5 p-5"
        data-testid="einvoice-requested"
        role="status"
      >
        <h2
          id="einvoice-requested"
          ref={doneHeading}
          tabIndex={-1}
          className="flex items-center gap-2 text-lg font-semibold outline-none"
        >
          <CircleCheck className="size-5 text-success" aria-hidden="true" />
          {t("requested_title")}
        </h2>
        <p>{t("requested_body")}</p>
      </section>
    );

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex flex-col gap-5 rounded-xl border bg-card p-4 sm:p-5"
      data-testid="einvoice-request"
      aria-labelledby="einvoice-form-title"
    >
      <div className="flex flex-col gap-1">
        <h2 id="einvoice-form-title" className="text-lg font-semibold">
          {t("title")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("intro")}</p>
      </div>
      {failure ? (
        <Alert variant="destructive" role="alert" ref={alert} data-testid="einvoice-request-error">
          {failure.title ? <AlertTitle>{failure.title}</AlertTitle> : null}
          <AlertDescription>{failure.text}</AlertDescription>
        </Alert>
      ) : null}
      <BuyerFields
        draft={draft}
        onChange={change}
        errors={errors}
        fields={FIELDS}
        idPrefix="buyer"
        autofill
        disabled={busy}
      />
      <p className="text-xs text-muted-foreground">{t("privacy")}</p>
      <Button type="submit" size="lg" disabled={busy} className="w-full text-base sm:w-auto sm:self-start">
        {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
        {busy ? t("sending") : t("submit")}
      </Button>
    </form>
  );
}
