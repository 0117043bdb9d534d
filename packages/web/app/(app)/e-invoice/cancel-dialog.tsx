"use client";

import { LoaderCircle } from "lucide-react";
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
} from "@/components/ui/dialog";
import { Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { api } from "@/lib/api";
import { useShopFormat } from "@/lib/format";
import { type EinvoiceRow, useActionErrorText } from "./model";

/** The API's limits for a cancellation reason (LHDN keeps at most 300 characters). */
const REASON_MIN = 3;
const REASON_MAX = 300;

/** Cancels a valid e-invoice at LHDN; only possible within 72 hours of its validation. */
export function CancelDialog({
  invoice,
  onClose,
  onCancelled,
}: {
  invoice: EinvoiceRow;
  onClose: () => void;
  onCancelled: (invoice: EinvoiceRow) => void;
}) {
  const t = useTranslations("einvoice.cancel");
  const tb = useTranslations("einvoice_buyer.errors");
  const tc = useTranslations("common");
  const shop = useShopFormat();
  const errorText = useActionErrorText();
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    if (reason.trim().length < REASON_MIN) {
      setMissing(true);
      return;
    }
    setBusy(true);
    try {
      await api.post(`/einvoice/invoices/${encodeURIComponent(invoice.id)}/cancel`, {
        reason: reason.trim(),
      });
      onCancelled(invoice);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent closeLabel={tc("close")}>
        <form onSubmit={submit} noValidate className="flex flex-col gap-4" data-testid="einvoice-cancel-form">
          <DialogHeader>
            <DialogTitle>{t("title", { number: invoice.number })}</DialogTitle>
            <DialogDescription>{t("description")}</DialogDescription>
          </DialogHeader>
          {invoice.cancel_deadline ? (
            <p className="text-sm font-medium" data-testid="einvoice-cancel-deadline">
              {t("deadline", {
                time: shop.dateTime(invoice.cancel_deadline),
              })}
            </p>
          ) : null}
          {failure ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{failure}</AlertDescription>
            </Alert>
          ) : null}
          <div className="flex flex-col gap-2">
            <Label htmlFor="einvoice-cancel-reason">{t("reason")}</Label>
            <Textarea
              id="einvoice-cancel-reason"
              value={reason}
              maxLength={REASON_MAX}
              onChange={(event) => {
                setReason(event.target.value);
                setMissing(false);
              }}
              required
              disabled={busy}
              aria-invalid={missing ? true : undefined}
              aria-describedby={
                missing
                  ? "einvoice-cancel-reason-hint einvoice-cancel-reason-error"
                  : "einvoice-cancel-reason-hint"
              }
            />
            <p id="einvoice-cancel-reason-hint" className="text-xs text-muted-foreground">
              {t("reason_hint")}
            </p>
            {missing ? (
              <p id="einvoice-cancel-reason-error" className="text-sm text-destructive">
                {reason.trim() ? t("reason_short", { min: REASON_MIN }) : tb("required")}
              </p>
            ) : null}
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              {t("keep")}
            </Button>
            <Button type="submit" variant="destructive" disabled={busy}>
              {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
              {t("confirm")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
