"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { ApiError, api } from "@/lib/api";
import type { PostCheckoutResponse } from "@/lib/api/staff";
import { newKey } from "@/lib/idempotency";
import {
  type CartLine,
  checkoutBody,
  type DiscountDraft,
  estimateSen,
  NO_DISCOUNT,
  type PaymentDraft,
  type Product,
  rm,
} from "./cart";
import { CartView, DiscountInput } from "./cart-view";
import { keep, unreachable, useOutbox } from "./outbox";
import { OutboxList } from "./outbox-list";
import { type Approval, ApprovalForm, CustomerField, PaymentPanel } from "./payment-panel";
import { ProductPicker } from "./product-picker";
import { ShiftBar } from "./shift-bar";

type StockProblem = { name: string; sku: string; available: number; requested: number };

const FIRST_PAYMENT: PaymentDraft[] = [{ method: "cash", amount: "", reference: "" }];

/**
 * The counter: scan or tap items into the cart, discount them, take payment across methods,
 * and print the receipt. A sale that cannot reach the API is kept in the browser and sent
 * once the connection is back.
 */
export function Counter() {
  const t = useTranslations("pos");
  const router = useRouter();
  const notify = useToast();
  const [lines, setLines] = useState<CartLine[]>([]);
  const [cartDiscount, setCartDiscount] = useState<DiscountDraft>(NO_DISCOUNT);
  const [payments, setPayments] = useState<PaymentDraft[]>(FIRST_PAYMENT);
  const [phone, setPhone] = useState("");
  const [name, setName] = useState("");
  // Made when the sale is first sent and kept until it is answered, so a retry is the same sale.
  const [key, setKey] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [approval, setApproval] = useState<{ percent: string; limit: string; invalid?: boolean }>();
  const [stock, setStock] = useState<StockProblem>();
  const [failure, setFailure] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const onSent = useCallback(
    (sale: PostCheckoutResponse) => notify("success", t("outbox.sent", { number: sale.number })),
    [notify, t],
  );
  const outbox = useOutbox(onSent);
  const estimate = estimateSen(lines, cartDiscount);

  /** Any change to the sale makes it a new one: a new key, and the last answer no longer applies. */
  const edit = () => {
    setKey(undefined);
    setApproval(undefined);
    setStock(undefined);
    setFailure(undefined);
    setNotice(undefined);
  };

  const add = (product: Product) => {
    edit();
    setLines((current) =>
      current.some((l) => l.product.id === product.id)
        ? current.map((l) => (l.product.id === product.id ? { ...l, qty: l.qty + 1 } : l))
        : [...current, { product, qty: 1, discount: NO_DISCOUNT }],
    );
  };
  const setQty = (productId: string, qty: number) => {
    edit();
    setLines((current) =>
      qty < 1
        ? current.filter((l) => l.product.id !== productId)
        : current.map((l) => (l.product.id === productId ? { ...l, qty } : l)),
    );
  };
  const setLineDiscount = (productId: string, discount: DiscountDraft) => {
    edit();
    setLines((current) => current.map((l) => (l.product.id === productId ? { ...l, discount } : l)));
  };

  const clear = () => {
    edit();
    setLines([]);
    setCartDiscount(NO_DISCOUNT);
    setPayments(FIRST_PAYMENT);
    setPhone("");
    setName("");
  };

  const charge = async (admin?: Approval) => {
    if (!payments.some((p) => p.amount.trim())) return setFailure(t("pay.unpaid"));
    const saleKey = key ?? newKey();
    setKey(saleKey);
    const body = checkoutBody({ lines, discount: cartDiscount, payments, phone, name, key: saleKey });
    setBusy(true);
    setFailure(undefined);
    setStock(undefined);
    try {
      const sale = await api.post<PostCheckoutResponse>(
        "/checkout",
        admin ? { ...body, approval: admin } : body,
      );
      clear();
      router.push(`/pos/receipt/${sale.id}`);
    } catch (error) {
      if (unreachable(error)) {
        // The admin's password is never stored: a kept sale that needs approval is refused later and shown.
        keep({
          key: saleKey,
          body,
          summary: { items: lines.reduce((n, l) => n + l.qty, 0), total: rm(estimate) },
        });
        clear();
        setNotice(t("outbox.saved"));
        return;
      }
      if (!(error instanceof ApiError)) throw error;
      if (error.code === "sale.discount_needs_approval" || error.code === "sale.approval_invalid") {
        setApproval((current) => ({
          percent: String(error.details.percent ?? current?.percent ?? ""),
          limit: String(error.details.limit_percent ?? current?.limit ?? ""),
          invalid: error.code === "sale.approval_invalid",
        }));
        return;
      }
      // Refused: nothing was written, so the corrected sale is a new one.
      if (error.status >= 400 && error.status < 500) setKey(undefined);
      if (error.code === "stock.insufficient") setStock(error.details as StockProblem);
      else setFailure(t("pay.failed", { message: error.message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t("title")} />
      <div className="flex flex-col gap-4">
        <ShiftBar />
        <OutboxList pending={outbox.pending} onRetry={outbox.flush} onDismiss={outbox.dismiss} />
        {notice ? (
          <Alert variant="warning" role="status" data-testid="offline-notice">
            <AlertDescription>{notice}</AlertDescription>
          </Alert>
        ) : null}
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(22rem,28rem)]">
          <ProductPicker onAdd={add} />
          <aside className="flex flex-col gap-4" aria-label={t("cart.title")}>
            <div className="flex items-center justify-between gap-2">
              <h2 className="text-lg font-semibold">{t("cart.title")}</h2>
              {lines.length ? (
                <Button variant="ghost" size="sm" onClick={clear}>
                  {t("cart.clear")}
                </Button>
              ) : null}
            </div>
            <CartView lines={lines} onQty={setQty} onDiscount={setLineDiscount} />
            {lines.length ? (
              <>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="text-sm font-medium">{t("cart.cart_discount")}</span>
                  <DiscountInput
                    id="cart-discount"
                    label={t("cart.cart_discount")}
                    value={cartDiscount}
                    onChange={(next) => {
                      edit();
                      setCartDiscount(next);
                    }}
                  />
                </div>
                <div className="flex items-end justify-between gap-2 border-t pt-3">
                  <span className="text-sm text-muted-foreground">
                    {t("cart.estimate")}
                    <span className="block text-xs">{t("cart.estimate_note")}</span>
                  </span>
                  <span className="text-2xl font-bold tabular-nums" data-testid="estimate">
                    {rm(estimate)}
                  </span>
                </div>
                <CustomerField
                  phone={phone}
                  name={name}
                  onPhone={(next) => {
                    edit();
                    setPhone(next);
                  }}
                  onName={(next) => {
                    edit();
                    setName(next);
                  }}
                />
                <PaymentPanel
                  payments={payments}
                  estimate={estimate}
                  onChange={(next) => {
                    edit();
                    setPayments(next);
                  }}
                />
                {stock ? (
                  <Alert variant="destructive" role="alert" data-testid="stock-problem">
                    <AlertTitle>{t("stock.title")}</AlertTitle>
                    <AlertDescription>{t("stock.body", { ...stock })}</AlertDescription>
                  </Alert>
                ) : null}
                {failure ? (
                  <p role="alert" className="text-sm text-destructive">
                    {failure}
                  </p>
                ) : null}
                {approval ? (
                  <ApprovalForm
                    percent={approval.percent}
                    limit={approval.limit}
                    invalid={approval.invalid ?? false}
                    busy={busy}
                    onApprove={(admin) => void charge(admin)}
                  />
                ) : (
                  <Button
                    size="lg"
                    className="h-16 text-lg"
                    disabled={busy}
                    onClick={() => void charge()}
                    data-testid="charge"
                  >
                    {busy ? t("pay.sending") : t("pay.checkout", { total: rm(estimate) })}
                  </Button>
                )}
              </>
            ) : null}
          </aside>
        </div>
      </div>
    </>
  );
}
