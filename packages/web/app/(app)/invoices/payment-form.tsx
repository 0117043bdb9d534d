"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { PaymentQr } from "@/components/payment-qr";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { api } from "@/lib/api";
import type { PostPaymentsResponse } from "@/lib/api/staff";
import { newKey } from "@/lib/idempotency";
import { useErrorText } from "@/lib/issues";
import { fromSen, METHODS, type Method, toSen } from "../pos/cart";
import type { Invoice } from "./invoice-detail";

/**
 * Takes a payment toward what is still due: the method, the amount (what is due unless typed
 * otherwise) and a reference. One idempotency key per attempt, so a retried press pays once.
 */
export function PaymentForm({ invoice, onPaid }: { invoice: Invoice; onPaid: (next: Invoice) => void }) {
  const t = useTranslations("invoices.pay");
  const tm = useTranslations("pos.pay.method");
  const errorText = useErrorText();
  const [method, setMethod] = useState<Method>("cash");
  const [amount, setAmount] = useState(invoice.amount_due);
  const [reference, setReference] = useState("");
  const [key, setKey] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const sen = toSen(amount);
  const valid = sen !== undefined && sen > 0n;

  const edit = () => {
    setKey(undefined);
    setFailure(undefined);
  };

  const pay = async () => {
    if (!valid) return;
    const idempotency_key = key ?? newKey();
    setKey(idempotency_key);
    setBusy(true);
    setFailure(undefined);
    try {
      const next = await api.post<PostPaymentsResponse>("/payments", {
        invoice_id: invoice.id,
        method,
        amount: amount.trim(),
        reference: reference.trim() || undefined,
        idempotency_key,
      });
      setKey(undefined);
      onPaid(next);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="flex flex-col gap-3 rounded-md border p-4"
      aria-label={t("title")}
      onSubmit={(e) => {
        e.preventDefault();
        void pay();
      }}
    >
      <h3 className="font-semibold">{t("title")}</h3>
      <div className="flex flex-wrap gap-3">
        <span className="flex flex-col gap-1">
          <Label htmlFor="pay-method">{t("method")}</Label>
          <select
            id="pay-method"
            value={method}
            onChange={(e) => {
              setMethod(e.target.value as Method);
              edit();
            }}
            className="h-10 rounded-md border border-input bg-background px-2 text-sm"
          >
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {tm(m)}
              </option>
            ))}
          </select>
        </span>
        <span className="flex flex-col gap-1">
          <Label htmlFor="pay-amount">{t("amount")}</Label>
          <Input
            id="pay-amount"
            inputMode="decimal"
            value={amount}
            aria-invalid={!valid}
            onChange={(e) => {
              setAmount(e.target.value);
              edit();
            }}
            className="w-32"
          />
        </span>
        {method !== "cash" ? (
          <span className="flex flex-col gap-1">
            <Label htmlFor="pay-reference">{t("reference")}</Label>
            <Input
              id="pay-reference"
              value={reference}
              maxLength={120}
              onChange={(e) => {
                setReference(e.target.value);
                edit();
              }}
            />
          </span>
        ) : null}
      </div>
      {!valid ? <p className="text-sm text-destructive">{t("amount_invalid")}</p> : null}
      {method === "duitnow" && valid ? (
        // The amount being taken, not all that is due: a part paid by DuitNow asks the customer's app for that part.
        <PaymentQr amount={fromSen(sen)} />
      ) : null}
      {failure ? (
        <p role="alert" className="text-sm text-destructive">
          {failure}
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={!valid || busy}>
          {t("submit")}
        </Button>
      </div>
    </form>
  );
}
