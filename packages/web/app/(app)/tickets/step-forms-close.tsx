"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Input, Textarea } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { api } from "@/lib/api";
import { AMOUNT, formatRm, PAYMENT_METHODS, type PaymentMethod, type TicketView } from "./model";
import { Field, type FormProps, Frame, useStep } from "./step-frame";

/** The steps that end a ticket: pickup with payment, or closing it unrepaired. */

export function PickupForm({ view, onClose, onDone }: FormProps) {
  const t = useTranslations("ticket.forms");
  const tm = useTranslations("ticket.methods");
  const { ticket, invoice } = view;
  const due = invoice ? invoice.amount_due : "";
  const [method, setMethod] = useState<PaymentMethod>("cash");
  const [amount, setAmount] = useState(due);
  const [reference, setReference] = useState("");
  // One key per dialog: a retried submit pays nothing twice.
  const [key] = useState(() => crypto.randomUUID());
  const { busy, problem, setProblem, run } = useStep(view, "pickup", onDone);
  const submit = () => {
    if (!AMOUNT.test(amount.trim())) return setProblem(t("amount_invalid"));
    void run((path) =>
      api.post<TicketView>(`${path}/pickup`, {
        payments: [{ method, amount: amount.trim(), reference: reference.trim() || undefined }],
        idempotency_key: key,
      }),
    );
  };
  return (
    <Frame
      title={t("pickup_title", { number: ticket.number })}
      description={
        invoice
          ? t("pickup_description", { invoice: invoice.number, due: formatRm(due) })
          : t("pickup_no_invoice")
      }
      problem={problem}
      busy={busy}
      submitLabel={t("pickup_submit")}
      onSubmit={submit}
      onClose={onClose}
    >
      <Field id="pickup-method" label={t("method")}>
        <Select value={method} onValueChange={(value) => setMethod(value as PaymentMethod)}>
          <SelectTrigger id="pickup-method">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {PAYMENT_METHODS.map((value) => (
              <SelectItem key={value} value={value}>
                {tm(value)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </Field>
      <Field id="pickup-amount" label={t("amount")} hint={t("amount_hint")}>
        <Input
          id="pickup-amount"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          aria-describedby="pickup-amount-hint"
          required
        />
      </Field>
      {method !== "cash" ? (
        <Field id="pickup-reference" label={t("reference")}>
          <Input
            id="pickup-reference"
            autoComplete="off"
            maxLength={120}
            value={reference}
            onChange={(event) => setReference(event.target.value)}
          />
        </Field>
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
