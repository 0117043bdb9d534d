"use client";

import { Undo2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
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
import { Switch } from "@/components/ui/switch";
import { api } from "@/lib/api";
import type { PostInvoicesByIdRefundData, PostInvoicesByIdRefundResponse } from "@/lib/api/staff";
import { newKey } from "@/lib/idempotency";
import { useErrorText } from "@/lib/issues";
import { METHODS, type Method, toSen } from "../pos/cart";
import type { Invoice } from "./invoice-detail";

type Body = PostInvoicesByIdRefundData["body"];
type LineDraft = { qty: string; restock: boolean };

const WHOLE = /^\d{1,4}$/;

/**
 * Refunds an invoice: everything left, or chosen lines and quantities, each restocked or written
 * off; a reason; the money back as the API decides (the original's methods, cash last) or as
 * typed. Whether this staff member may refund is the API's call: its refusal is shown as is.
 */
export function RefundDialog({
  invoice,
  onRefunded,
}: {
  invoice: Invoice;
  onRefunded: (note: PostInvoicesByIdRefundResponse) => void;
}) {
  const t = useTranslations("invoices.refund");
  const tc = useTranslations("common");
  const tm = useTranslations("pos.pay.method");
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [all, setAll] = useState(false);
  const [restockAll, setRestockAll] = useState(true);
  const [lines, setLines] = useState<Record<string, LineDraft>>({});
  const [reason, setReason] = useState("");
  const [explicit, setExplicit] = useState(false);
  const [amounts, setAmounts] = useState<Partial<Record<Method, string>>>({});
  const [key, setKey] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const draft = (id: string): LineDraft => lines[id] ?? { qty: "", restock: true };
  const edit = () => {
    setKey(undefined);
    setFailure(undefined);
  };
  const setLine = (id: string, next: Partial<LineDraft>) => {
    setLines((current) => ({ ...current, [id]: { ...draft(id), ...next } }));
    edit();
  };

  const chosen = invoice.lines.flatMap((l) => {
    const d = draft(l.id);
    const qty = d.qty.trim();
    if (!qty || !WHOLE.test(qty) || Number(qty) === 0) return [];
    return [{ item_id: l.id, qty: Number(qty), restock: d.restock }];
  });
  const badQty = invoice.lines.some((l) => {
    const qty = draft(l.id).qty.trim();
    return qty !== "" && !WHOLE.test(qty);
  });
  const payments = METHODS.flatMap((method) => {
    const amount = (amounts[method] ?? "").trim();
    return amount ? [{ method, amount }] : [];
  });
  const badAmount = payments.some((p) => {
    const sen = toSen(p.amount);
    return sen === undefined || sen === 0n;
  });
  const valid =
    reason.trim() !== "" &&
    (all || (chosen.length > 0 && !badQty)) &&
    (!explicit || (payments.length > 0 && !badAmount));

  const reset = (next: boolean) => {
    setOpen(next);
    if (next) return;
    setAll(false);
    setRestockAll(true);
    setLines({});
    setReason("");
    setExplicit(false);
    setAmounts({});
    setKey(undefined);
    setFailure(undefined);
  };

  const submit = async () => {
    if (!valid) return;
    const idempotency_key = key ?? newKey();
    setKey(idempotency_key);
    setBusy(true);
    setFailure(undefined);
    const body: Body = {
      ...(all ? { all: true, restock: restockAll } : { lines: chosen }),
      ...(explicit ? { payments } : {}),
      reason: reason.trim(),
      idempotency_key,
    };
    try {
      const note = await api.post<PostInvoicesByIdRefundResponse>(`/invoices/${invoice.id}/refund`, body);
      reset(false);
      onRefunded(note);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Undo2 aria-hidden="true" />
          {t("open")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tc("close")} className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{t("title", { number: invoice.number })}</DialogTitle>
          <DialogDescription>{t("description")}</DialogDescription>
        </DialogHeader>
        <form
          id="refund-form"
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <span className="flex items-center gap-2">
            <Switch
              id="refund-all"
              checked={all}
              onCheckedChange={(next) => {
                setAll(next);
                edit();
              }}
            />
            <Label htmlFor="refund-all">{t("all")}</Label>
          </span>
          {all ? (
            <span className="flex items-center gap-2">
              <Switch
                id="refund-restock-all"
                checked={restockAll}
                onCheckedChange={(next) => {
                  setRestockAll(next);
                  edit();
                }}
              />
              <Label htmlFor="refund-restock-all">{t("restock")}</Label>
            </span>
          ) : (
            <ul className="flex flex-col gap-2">
              {invoice.lines.map((l) => {
                const d = draft(l.id);
                return (
                  <li
                    key={l.id}
                    className="flex flex-wrap items-center gap-3"
                    data-refund-line={l.description}
                  >
                    <span className="min-w-40 flex-1 text-sm">
                      {l.description}
                      <span className="ml-2 text-muted-foreground">{t("sold", { qty: l.qty })}</span>
                    </span>
                    <Input
                      inputMode="numeric"
                      aria-label={t("qty", { name: l.description })}
                      placeholder="0"
                      value={d.qty}
                      onChange={(e) => setLine(l.id, { qty: e.target.value })}
                      className="w-20"
                    />
                    <label className="flex items-center gap-1 text-sm">
                      <input
                        type="checkbox"
                        checked={d.restock}
                        onChange={(e) => setLine(l.id, { restock: e.target.checked })}
                      />
                      {t("restock_line")}
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
          {badQty ? <p className="text-sm text-destructive">{t("qty_invalid")}</p> : null}
          <span className="flex flex-col gap-1">
            <Label htmlFor="refund-reason">{t("reason")}</Label>
            <Textarea
              id="refund-reason"
              value={reason}
              maxLength={500}
              rows={2}
              onChange={(e) => {
                setReason(e.target.value);
                edit();
              }}
            />
          </span>
          <span className="flex items-center gap-2">
            <Switch
              id="refund-explicit"
              checked={explicit}
              onCheckedChange={(next) => {
                setExplicit(next);
                edit();
              }}
            />
            <Label htmlFor="refund-explicit">{t("explicit")}</Label>
          </span>
          {explicit ? (
            <div className="flex flex-wrap gap-3">
              {METHODS.map((m) => (
                <span key={m} className="flex flex-col gap-1">
                  <Label htmlFor={`refund-pay-${m}`}>{tm(m)}</Label>
                  <Input
                    id={`refund-pay-${m}`}
                    inputMode="decimal"
                    placeholder="0.00"
                    value={amounts[m] ?? ""}
                    onChange={(e) => {
                      setAmounts((current) => ({ ...current, [m]: e.target.value }));
                      edit();
                    }}
                    className="w-28"
                  />
                </span>
              ))}
            </div>
          ) : (
            <p className="text-sm text-muted-foreground">{t("default_money")}</p>
          )}
          {explicit && badAmount ? <p className="text-sm text-destructive">{t("amount_invalid")}</p> : null}
          {failure ? (
            <p role="alert" className="text-sm text-destructive">
              {failure}
            </p>
          ) : null}
        </form>
        <DialogFooter>
          <Button variant="outline" onClick={() => reset(false)}>
            {tc("cancel")}
          </Button>
          <Button type="submit" form="refund-form" disabled={!valid || busy}>
            {t("submit")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
