"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Textarea } from "@/components/ui/input";
import { api } from "@/lib/api";
import { newKey } from "@/lib/idempotency";
import { type PaymentDraft, rm, toSen } from "../pos/cart";
import { PaymentPanel } from "../pos/payment-panel";
import type { TicketView } from "./model";
import { Field, type FormProps, Frame, useStep } from "./step-frame";

/**
 * The steps that end a ticket: pickup with payment (the counter's split payment and change; a
 * refund due given back; or unpaid with a reason), or closing it unrepaired.
 */

export function PickupForm({ view, onClose, onDone }: FormProps) {
  const t = useTranslations("ticket.forms");
  const { ticket, invoice } = view;
  const due = invoice ? (toSen(invoice.amount_due) ?? 0n) : 0n;
  const refund = invoice ? (toSen(invoice.refund_due) ?? 0n) : 0n;
  const [payments, setPayments] = useState<PaymentDraft[]>([{ method: "cash", amount: "", reference: "" }]);
  const [unpaid, setUnpaid] = useState(false);
  const [reason, setReason] = useState("");
  // One key per dialog: a retried submit pays nothing twice (a refused one wrote nothing).
  const [key] = useState(newKey);
  const { busy, problem, setProblem, run } = useStep(view, "pickup", onDone);
  const submit = () => {
    const entered = payments.filter((p) => p.amount.trim() !== "");
    if (entered.some((p) => !toSen(p.amount))) return setProblem(t("amount_invalid"));
    if (unpaid && !reason.trim()) return setProblem(t("unpaid_reason_missing"));
    void run((path) =>
      api.post<TicketView>(`${path}/pickup`, {
        payments: entered.map((p) => ({
          method: p.method,
          amount: p.amount.trim(),
          reference: p.reference.trim() || undefined,
        })),
        idempotency_key: key,
        unpaid_reason: unpaid ? reason.trim() : undefined,
      }),
    );
  };
  return (
    <Frame
      title={t("pickup_title", { number: ticket.number })}
      description={
        !invoice
          ? t("pickup_no_invoice")
          : refund > 0n
            ? t("pickup_refund_description", { invoice: invoice.number, refund: rm(refund) })
            : t("pickup_description", { invoice: invoice.number, due: rm(due) })
      }
      problem={problem}
      busy={busy}
      submitLabel={
        refund > 0n
          ? t("pickup_refund_submit", { refund: rm(refund) })
          : unpaid
            ? t("pickup_unpaid_submit")
            : t("pickup_submit")
      }
      onSubmit={submit}
      onClose={onClose}
    >
      {refund > 0n ? (
        <Alert variant="warning" data-testid="pickup-refund-due">
          <AlertDescription>{t("pickup_refund_hint", { refund: rm(refund) })}</AlertDescription>
        </Alert>
      ) : due > 0n ? (
        <>
          <PaymentPanel payments={payments} estimate={due} onChange={setPayments} />
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={unpaid}
              onChange={(e) => setUnpaid(e.target.checked)}
              data-testid="pickup-unpaid"
            />
            {t("pickup_unpaid")}
          </label>
          {unpaid ? (
            <Field id="pickup-reason" label={t("unpaid_reason")} hint={t("unpaid_reason_hint")}>
              <Textarea
                id="pickup-reason"
                value={reason}
                maxLength={500}
                required
                aria-describedby="pickup-reason-hint"
                onChange={(e) => setReason(e.target.value)}
              />
            </Field>
          ) : null}
        </>
      ) : null}
    </Frame>
  );
}

export function CloseForm({ view, onClose, onDone }: FormProps) {
  const t = useTranslations("ticket.forms");
  const { ticket } = view;
  const [note, setNote] = useState("");
  const { busy, problem, run } = useStep(view, "close_unrepaired", onDone);
  return (
    <Frame
      title={t("close_title", { number: ticket.number })}
      description={t("close_description")}
      problem={problem}
      busy={busy}
      destructive
      submitLabel={t("close_submit")}
      onSubmit={() =>
        void run((path) => api.post<TicketView>(`${path}/close`, { note: note.trim() || undefined }))
      }
      onClose={onClose}
    >
      <Field id="close-note" label={t("note_optional")}>
        <Textarea
          id="close-note"
          value={note}
          maxLength={2000}
          onChange={(event) => setNote(event.target.value)}
        />
      </Field>
    </Frame>
  );
}
