"use client";

import { LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import {
  type BuyerDraft,
  type BuyerField,
  checkBuyer,
  emptyBuyer,
  isBuyerField,
  toBuyer,
} from "@/components/einvoice/buyer";
import { BuyerFields } from "@/components/einvoice/buyer-fields";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { ApiError, api } from "@/lib/api";
import { issuesByPath, useIssueText } from "@/lib/issues";
import { type EinvoiceRow, useActionErrorText } from "./model";

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
  "sst_number",
];

/** The buyer's details for one invoice's e-invoice, sent to LHDN by the issuing job. */
export function RequestDialog({
  invoice,
  onClose,
  onRequested,
}: {
  invoice: EinvoiceRow;
  onClose: () => void;
  onRequested: (invoice: EinvoiceRow) => void;
}) {
  const t = useTranslations("einvoice.request");
  const tb = useTranslations("einvoice_buyer.errors");
  const tc = useTranslations("common");
  const errorText = useActionErrorText();
  const issueText = useIssueText();
  const [draft, setDraft] = useState<BuyerDraft>(() => emptyBuyer(invoice.buyer_name ?? ""));
  const [errors, setErrors] = useState<Map<BuyerField, string>>(new Map());
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const change = (field: BuyerField, value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    if (errors.has(field))
      setErrors((current) => {
        const next = new Map(current);
        next.delete(field);
        return next;
      });
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    const problems = checkBuyer(draft, FIELDS);
    if (problems.size) {
      setErrors(new Map([...problems].map(([field, problem]) => [field, tb(problem.key, problem.values)])));
      setFailure(t("check_fields"));
      return;
    }
    setErrors(new Map());
    setBusy(true);
    try {
      await api.post(`/einvoice/invoices/${encodeURIComponent(invoice.id)}/request`, {
        buyer: toBuyer(draft, FIELDS),
      });
      onRequested(invoice);
    } catch (error) {
      const fields = new Map<BuyerField, string>();
      if (error instanceof ApiError)
        for (const [path, list] of issuesByPath(error.issues, "buyer"))
          if (isBuyerField(path)) fields.set(path, list.map(issueText).join(" "));
      setErrors(fields);
      setFailure(fields.size ? t("check_fields") : errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent closeLabel={tc("close")} className="max-w-2xl">
        <form
          onSubmit={submit}
          noValidate
          className="flex flex-col gap-4"
          data-testid="einvoice-request-form"
        >
          <DialogHeader>
            <DialogTitle>{t("title", { number: invoice.number })}</DialogTitle>
            <DialogDescription>{t("description")}</DialogDescription>
          </DialogHeader>
          {failure ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{failure}</AlertDescription>
            </Alert>
          ) : null}
          <BuyerFields
            draft={draft}
            onChange={change}
            errors={errors}
            fields={FIELDS}
            idPrefix="einvoice-buyer"
            autofill={false}
            disabled={busy}
          />
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" disabled={busy}>
              {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
              {t("submit")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
