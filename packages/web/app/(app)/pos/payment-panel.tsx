"use client";

import { ShieldCheck, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { PaymentQr } from "@/components/payment-qr";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { query } from "@/lib/api";
import type { GetCustomersResponse } from "@/lib/api/staff";
import { phone as formatPhone } from "@/lib/format";
import { useApi } from "@/lib/use-api";
import { useDebounced } from "@/lib/use-debounced";
import { fromSen, METHODS, type PaymentDraft, rm, toSen } from "./cart";

export type Approval = { email: string; password: string };

/** How the customer pays: one row per method, what is still to pay, and the change in cash. */
export function PaymentPanel({
  payments,
  estimate,
  onChange,
}: {
  payments: PaymentDraft[];
  estimate: bigint;
  onChange: (next: PaymentDraft[]) => void;
}) {
  const t = useTranslations("pos.pay");
  const entered = payments.reduce((sum, p) => sum + (toSen(p.amount) ?? 0n), 0n);
  const cash = toSen(payments.find((p) => p.method === "cash")?.amount ?? "") ?? 0n;
  const remaining = estimate - entered;
  // Only cash gives change; the API refuses any other method paying above the bill.
  const change = remaining < 0n ? (-remaining < cash ? -remaining : cash) : 0n;
  const set = (index: number, patch: Partial<PaymentDraft>) =>
    onChange(payments.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  const rest = (index: number) => {
    const others = entered - (toSen(payments[index]!.amount) ?? 0n);
    const left = estimate - others;
    set(index, { amount: left > 0n ? fromSen(left) : "" });
  };

  return (
    <fieldset className="flex flex-col gap-3 rounded-xl border p-3" data-testid="payments">
      <legend className="px-1 text-sm font-medium">{t("title")}</legend>
      {payments.map((payment, index) => {
        const method = t(`method.${payment.method}`);
        return (
          <div key={payment.method} className="flex flex-col gap-2" data-payment={payment.method}>
            <div className="flex items-center gap-2">
              <Label htmlFor={`pay-${payment.method}`} className="w-28 shrink-0 text-base">
                {method}
              </Label>
              <Input
                id={`pay-${payment.method}`}
                aria-label={t("amount", { method })}
                inputMode="decimal"
                value={payment.amount}
                onChange={(e) => set(index, { amount: e.target.value })}
                placeholder="0.00"
                aria-invalid={
                  (payment.amount.trim() !== "" && toSen(payment.amount) === undefined) || undefined
                }
                className="h-12 flex-1 text-right text-lg tabular-nums"
              />
              <Button variant="outline" className="h-12" onClick={() => rest(index)}>
                {t("rest")}
              </Button>
              {payments.length > 1 ? (
                <Button
                  variant="ghost"
                  size="icon"
                  className="size-12"
                  aria-label={t("remove", { method })}
                  onClick={() => onChange(payments.filter((_, i) => i !== index))}
                >
                  <X aria-hidden="true" />
                </Button>
              ) : null}
            </div>
            {payment.method !== "cash" ? (
              <Input
                aria-label={t("reference", { method })}
                placeholder={t("reference", { method })}
                value={payment.reference}
                onChange={(e) => set(index, { reference: e.target.value })}
                className="h-10"
              />
            ) : null}
            {payment.method === "duitnow" && (toSen(payment.amount) ?? 0n) > 0n ? (
              // The shop's own DuitNow QR with this amount in it: the customer's banking app opens with it filled in.
              <PaymentQr amount={fromSen(toSen(payment.amount)!)} size={200} />
            ) : null}
          </div>
        );
      })}
      <div className="flex flex-wrap gap-2">
        {METHODS.filter((m) => !payments.some((p) => p.method === m)).map((m) => (
          <Button
            key={m}
            variant="secondary"
            className="h-11"
            onClick={() => onChange([...payments, { method: m, amount: "", reference: "" }])}
          >
            {t("add", { method: t(`method.${m}`) })}
          </Button>
        ))}
      </div>
      <dl className="grid grid-cols-2 gap-y-1 border-t pt-2 text-base">
        <dt className="text-muted-foreground">{t("remaining")}</dt>
        <dd className="text-right tabular-nums" data-testid="remaining">
          {rm(remaining > 0n ? remaining : 0n)}
        </dd>
        {change > 0n ? (
          <>
            <dt className="font-medium">{t("change")}</dt>
            <dd className="text-right text-xl font-bold tabular-nums" data-testid="change">
              {rm(change)}
            </dd>
          </>
        ) : null}
      </dl>
    </fieldset>
  );
}

/** The customer's phone (optional): an existing customer's name is shown, a new one may be named. */
export function CustomerField({
  phone,
  name,
  onPhone,
  onName,
}: {
  phone: string;
  name: string;
  onPhone: (next: string) => void;
  onName: (next: string) => void;
}) {
  const t = useTranslations("pos.customer");
  const digits = useDebounced(phone.replace(/\D/g, ""), 300);
  const found = useApi<GetCustomersResponse>(
    digits.length >= 9 ? `/customers${query({ q: digits, limit: "1" })}` : null,
  );
  const match = found.data?.customers[0];
  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor="pos-phone">{t("label")}</Label>
      <Input
        id="pos-phone"
        type="tel"
        inputMode="tel"
        autoComplete="off"
        value={phone}
        onChange={(e) => onPhone(e.target.value)}
        placeholder={t("hint")}
        className="h-12 text-base"
      />
      {digits.length >= 9 && found.data ? (
        match ? (
          <p className="text-sm" data-testid="customer-found">
            {t("found", { name: match.name })} · {formatPhone(match.phone)}
          </p>
        ) : (
          <div className="flex flex-col gap-2">
            <p className="text-sm text-muted-foreground">{t("new")}</p>
            <Input
              aria-label={t("name")}
              placeholder={t("name")}
              value={name}
              onChange={(e) => onName(e.target.value)}
              className="h-11"
            />
          </div>
        )
      ) : null}
    </div>
  );
}

/** An admin approves a discount above the cashier's limit here, on the same screen. */
export function ApprovalForm({
  percent,
  limit,
  invalid,
  busy,
  onApprove,
}: {
  percent: string;
  limit: string;
  invalid: boolean;
  busy: boolean;
  onApprove: (approval: Approval) => void;
}) {
  const t = useTranslations("pos.approval");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApprove({ email: email.trim(), password });
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" data-testid="approval">
      <Alert variant="warning">
        <ShieldCheck aria-hidden="true" />
        <AlertTitle>{t("title")}</AlertTitle>
        <AlertDescription>{t("body", { percent, limit })}</AlertDescription>
      </Alert>
      <div className="flex flex-col gap-1">
        <Label htmlFor="approval-email">{t("email")}</Label>
        <Input
          id="approval-email"
          type="email"
          autoComplete="off"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          className="h-12"
        />
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="approval-password">{t("password")}</Label>
        <Input
          id="approval-password"
          type="password"
          autoComplete="off"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className="h-12"
        />
      </div>
      {invalid ? (
        <p role="alert" className="text-sm text-destructive">
          {t("invalid")}
        </p>
      ) : null}
      <Button type="submit" size="lg" className="h-14 text-lg" disabled={busy}>
        {t("submit")}
      </Button>
    </form>
  );
}
