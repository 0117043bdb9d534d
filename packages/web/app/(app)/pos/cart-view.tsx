"use client";

import { Minus, Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { type CartLine, type DiscountDraft, fromSen, lineSen, rm, toSen } from "./cart";

/** A discount's value and whether it is a percent or an amount, side by side. */
export function DiscountInput({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: DiscountDraft;
  onChange: (next: DiscountDraft) => void;
}) {
  const t = useTranslations("pos.cart");
  const bad = value.value.trim() !== "" && toSen(value.value) === undefined;
  return (
    <div className="flex items-center gap-2">
      <Input
        id={id}
        aria-label={label}
        inputMode="decimal"
        value={value.value}
        onChange={(e) => onChange({ ...value, value: e.target.value })}
        placeholder="0"
        aria-invalid={bad || undefined}
        className="h-11 w-24 text-right tabular-nums"
      />
      <fieldset className="flex overflow-hidden rounded-md border" aria-label={label}>
        {(["percent", "amount"] as const).map((kind) => (
          <button
            key={kind}
            type="button"
            aria-pressed={value.kind === kind}
            onClick={() => onChange({ ...value, kind })}
            className="h-11 min-w-11 px-3 text-sm font-medium aria-pressed:bg-primary aria-pressed:text-primary-foreground"
          >
            {t(kind)}
          </button>
        ))}
      </fieldset>
    </div>
  );
}

type Props = {
  lines: CartLine[];
  onQty: (productId: string, qty: number) => void;
  onDiscount: (productId: string, discount: DiscountDraft) => void;
};

export function CartView({ lines, onQty, onDiscount }: Props) {
  const t = useTranslations("pos.cart");
  if (lines.length === 0)
    return (
      <p className="rounded-xl border border-dashed p-6 text-center text-muted-foreground">{t("empty")}</p>
    );
  return (
    <ul className="flex flex-col divide-y rounded-xl border" data-testid="cart">
      {lines.map((line) => {
        const { product } = line;
        const listed = (toSen(product.price) ?? 0n) * BigInt(line.qty);
        const total = lineSen(line);
        return (
          <li key={product.id} className="flex flex-col gap-3 p-3" data-cart-line={product.sku}>
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <p className="font-medium break-words">{product.name}</p>
                <p className="text-xs text-muted-foreground tabular-nums">
                  {line.qty} × {rm(toSen(product.price) ?? 0n)}
                </p>
              </div>
              <div className="shrink-0 text-right tabular-nums">
                {total !== listed ? (
                  <p className="text-xs text-muted-foreground line-through">{fromSen(listed)}</p>
                ) : null}
                <p className="font-semibold">{rm(total)}</p>
              </div>
            </div>
            <div className="flex flex-wrap items-center justify-between gap-3">
              <div className="flex items-center gap-1">
                <Button
                  variant="outline"
                  size="icon"
                  className="size-11"
                  aria-label={
                    line.qty === 1 ? t("remove", { name: product.name }) : t("less", { name: product.name })
                  }
                  onClick={() => onQty(product.id, line.qty - 1)}
                >
                  {line.qty === 1 ? <Trash2 aria-hidden="true" /> : <Minus aria-hidden="true" />}
                </Button>
                <Input
                  aria-label={t("qty", { name: product.name })}
                  inputMode="numeric"
                  value={String(line.qty)}
                  onChange={(e) => {
                    const qty = Number.parseInt(e.target.value, 10);
                    if (Number.isInteger(qty) && qty >= 1 && qty <= 9999) onQty(product.id, qty);
                  }}
                  className="h-11 w-16 text-center tabular-nums"
                />
                <Button
                  variant="outline"
                  size="icon"
                  className="size-11"
                  aria-label={t("more", { name: product.name })}
                  onClick={() => onQty(product.id, line.qty + 1)}
                >
                  <Plus aria-hidden="true" />
                </Button>
              </div>
              <DiscountInput
                id={`discount-${product.id}`}
                label={t("line_discount", { name: product.name })}
                value={line.discount}
                onChange={(discount) => onDiscount(product.id, discount)}
              />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
