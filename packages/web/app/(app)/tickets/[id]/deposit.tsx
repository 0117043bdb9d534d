"use client";

import { HandCoins } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { api } from "@/lib/api";
import { useShopFormat } from "@/lib/format";
import { newKey } from "@/lib/idempotency";
import {
  AMOUNT,
  formatRm,
  fromSen,
  PAYMENT_METHODS,
  type PaymentMethod,
  type TicketView,
  toSen,
} from "../model";
import { useTicketText } from "../use-ticket-text";

type DepositData = { kind?: string; method?: PaymentMethod; amount?: string };

/**
 * Deposits taken on the repair, what is left to pay, and "Take deposit" for any staff member
 * until the ticket closes. Before READY the API caps deposits at the estimate.
 */
export function Deposits({ view, onDone }: { view: TicketView; onDone: (next: TicketView) => void }) {
  const t = useTranslations("ticket.deposit");
  const tm = useTranslations("ticket.methods");
  const shop = useShopFormat();
  const { ticket, invoice, events } = view;
  const deposits = events.filter((e) => e.type === "PAYMENT" && (e.data as DepositData).kind === "deposit");
  const issued = invoice && invoice.status !== "draft";
  // Before READY there is no bill yet: what is left is the estimate less the deposits, in whole sen.
  const left =
    !issued && ticket.price_estimate
      ? toSen(ticket.price_estimate) - (invoice ? toSen(invoice.amount_paid) : 0)
      : undefined;
  const canTake = ticket.status !== "CLOSED" && (!issued || toSen(invoice.amount_due) > 0);
  const [open, setOpen] = useState(false);
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="deposits">
      {deposits.length ? (
        <ul className="flex flex-col gap-1">
          {deposits.map((event) => {
            const data = event.data as DepositData;
            return (
              <li key={event.id} className="flex justify-between gap-3" data-deposit={data.method}>
                <span className="min-w-0">
                  {t("taken", { method: data.method ? tm(data.method) : "" })}
                  <span className="block text-xs text-muted-foreground">
                    {shop.dateTime(event.created_at)}
                  </span>
                </span>
                <span className="shrink-0 whitespace-nowrap tabular-nums">
                  {formatRm(data.amount ?? "0")}
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-muted-foreground">{t("none")}</p>
      )}
      {left !== undefined ? (
        <p className="flex justify-between gap-3 font-medium" data-testid="estimate-left">
          <span>{t("left_on_estimate")}</span>
          <span className="shrink-0 whitespace-nowrap tabular-nums">
            {formatRm(fromSen(Math.max(left, 0)))}
          </span>
        </p>
      ) : null}
      {canTake ? (
        open ? (
          <DepositForm
            view={view}
            max={left}
            onCancel={() => setOpen(false)}
            onDone={(next) => {
              setOpen(false);
              onDone(next);
            }}
          />
        ) : (
          <Button variant="secondary" onClick={() => setOpen(true)} data-testid="take-deposit">
            <HandCoins aria-hidden="true" />
            {t("take")}
          </Button>
        )
      ) : null}
    </div>
  );
}

function DepositForm({
  view,
  max,
  onCancel,
  onDone,
}: {
  view: TicketView;
  max: number | undefined;
  onCancel: () => void;
  onDone: (next: TicketView) => void;
}) {
  const t = useTranslations("ticket.deposit");
  const tf = useTranslations("ticket.forms");
  const tm = useTranslations("ticket.methods");
  const tc = useTranslations("common");
  const notify = useToast();
  const { stepError } = useTicketText();
  const [method, setMethod] = useState<PaymentMethod>("cash");
  const [amount, setAmount] = useState("");
  const [reference, setReference] = useState("");
  // Made when the deposit is first sent, kept until it is answered: a retry records it once.
  const [key, setKey] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const edit = () => {
    setKey(undefined);
    setProblem(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = amount.trim();
    if (!AMOUNT.test(typed) || toSen(typed) === 0) return setProblem(tf("amount_invalid"));
    if (max !== undefined && toSen(typed) > max)
      return setProblem(t("above_estimate", { left: formatRm(fromSen(max)) }));
    const depositKey = key ?? newKey();
    setKey(depositKey);
    setBusy(true);
    setProblem(undefined);
    try {
      const next = await api.post<TicketView>(`/tickets/${encodeURIComponent(view.ticket.id)}/deposit`, {
        method,
        amount: typed,
        reference: method === "cash" ? undefined : reference.trim() || undefined,
        idempotency_key: depositKey,
      });
      notify("success", t("done", { amount: formatRm(typed), number: view.ticket.number }));
      onDone(next);
    } catch (error) {
      setProblem(stepError(error, view.ticket.number));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex flex-col gap-3 border-t pt-3"
      data-testid="deposit-form"
    >
      <div className="flex flex-col gap-2">
        <Label htmlFor="deposit-method">{tf("method")}</Label>
        <Select
          value={method}
          onValueChange={(value) => {
            edit();
            setMethod(value as PaymentMethod);
          }}
        >
          <SelectTrigger id="deposit-method">
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
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor="deposit-amount">{tf("amount")}</Label>
        <Input
          id="deposit-amount"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(e) => {
            edit();
            setAmount(e.target.value);
          }}
          className="text-right tabular-nums"
        />
      </div>
      {method !== "cash" ? (
        <div className="flex flex-col gap-2">
          <Label htmlFor="deposit-reference">{tf("reference")}</Label>
          <Input
            id="deposit-reference"
            autoComplete="off"
            maxLength={120}
            value={reference}
            onChange={(e) => {
              edit();
              setReference(e.target.value);
            }}
          />
        </div>
      ) : null}
      {problem ? (
        <p role="alert" className="text-destructive">
          {problem}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="outline" onClick={onCancel}>
          {tc("cancel")}
        </Button>
        <Button type="submit" disabled={busy} data-testid="deposit-submit">
          {t("submit")}
        </Button>
      </div>
    </form>
  );
}
