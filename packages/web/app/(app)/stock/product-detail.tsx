"use client";

import { Money } from "@wapos/core/money/index";
import { LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { DataState } from "@/components/data-state";
import { Alert, AlertDescription } from "@/components/ui/alert";
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
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { api } from "@/lib/api";
import type {
  GetProductsByIdMovesResponse,
  GetProductsByIdResponse,
  GetProductsResponse,
} from "@/lib/api/staff";
import { useShopFormat } from "@/lib/format";
import { useErrorText } from "@/lib/issues";
import { useApi } from "@/lib/use-api";
import { ProductForm } from "./product-form";
import type { Product } from "./stock-view";

const RECORDED = ["purchase", "adjustment", "stocktake", "return_to_supplier"] as const;

/** One product: its fields, variants, stock ledger; the owner edits it and records stock. */
export function ProductDetail({
  id,
  admin,
  onClose,
  onChanged,
}: {
  id: string;
  admin: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const t = useTranslations("stock");
  const tc = useTranslations("common");
  const shop = useShopFormat();
  const page = useApi<GetProductsByIdResponse>(`/products/${id}`);
  const moves = useApi<GetProductsByIdMovesResponse>(`/products/${id}/moves`);
  // SKUs of the products a variant or bundle refers to, to show and edit them by SKU.
  const related = useApi<GetProductsResponse>("/products?limit=200");
  const skuOf = new Map(related.data?.products.map((p) => [p.id, p.sku]));
  const changed = () => {
    page.retry();
    moves.retry();
    related.retry();
    onChanged();
  };

  return (
    <Dialog open onOpenChange={(next) => (next ? undefined : onClose())}>
      <DialogContent closeLabel={tc("close")} className="max-w-3xl" data-testid="product-detail">
        <DataState state={page} rows={4}>
          {({ product, variants }) => (
            <>
              <DialogHeader>
                <DialogTitle>
                  {product.name}{" "}
                  <span className="font-mono text-sm text-muted-foreground">{product.sku}</span>
                </DialogTitle>
                <DialogDescription>
                  {t(`kinds.${product.kind}`)} · {Money.format(product.price)}
                  {product.track_stock ? ` · ${t("detail.on_hand", { count: product.stock_qty })}` : ""}
                </DialogDescription>
              </DialogHeader>
              <p className="text-2xl font-semibold tabular-nums" data-testid="detail-stock">
                {product.track_stock ? product.stock_qty : t("untracked")}
              </p>
              {admin ? (
                <div className="flex flex-wrap gap-2">
                  <ProductForm
                    product={product}
                    parentSku={product.parent_id ? skuOf.get(product.parent_id) : undefined}
                    bundleSkus={skuOf}
                    onSaved={changed}
                    trigger={<Button variant="outline">{t("detail.edit")}</Button>}
                  />
                  {product.track_stock ? <RecordStock product={product} onRecorded={changed} /> : null}
                </div>
              ) : null}
              {variants.length ? (
                <section>
                  <h3 className="mb-1 font-medium">{t("detail.variants")}</h3>
                  <ul className="text-sm">
                    {variants.map((v) => (
                      <li key={v.id}>
                        {v.sku} · {Object.values(v.variant_attributes).join(" / ")} · {v.stock_qty}
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
              <section>
                <h3 className="mb-1 font-medium">{t("detail.ledger")}</h3>
                <DataState state={moves} isEmpty={(m) => m.moves.length === 0} empty={t("detail.no_moves")}>
                  {(m) => (
                    <ul className="flex flex-col gap-1 text-sm" data-testid="ledger">
                      {m.moves.map((move) => (
                        <li key={move.id} className="flex gap-3">
                          <span className="w-40 shrink-0 text-muted-foreground">
                            {shop.dateTime(move.created_at)}
                          </span>
                          <span className="w-12 shrink-0 text-right font-semibold tabular-nums">
                            {move.qty > 0 ? `+${move.qty}` : move.qty}
                          </span>
                          <span>{t(`reasons.${move.reason}`)}</span>
                          {move.note ? <span className="text-muted-foreground">{move.note}</span> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </DataState>
              </section>
            </>
          )}
        </DataState>
      </DialogContent>
    </Dialog>
  );
}

function RecordStock({ product, onRecorded }: { product: Product; onRecorded: () => void }) {
  const t = useTranslations("stock");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<(typeof RECORDED)[number]>("purchase");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post(`/products/${product.id}/stock`, {
        reason,
        qty: Number(text("qty")),
        ...(text("note") ? { note: text("note") } : {}),
        ...(reason === "purchase" && text("unit_cost") ? { unit_cost: text("unit_cost") } : {}),
      });
      setOpen(false);
      onRecorded();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  const qtyLabel =
    reason === "stocktake"
      ? t("record.qty_stocktake")
      : reason === "adjustment"
        ? t("record.qty_adjustment")
        : t("record.qty");

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>{t("detail.record")}</Button>
      </DialogTrigger>
      <DialogContent closeLabel={tc("close")}>
        <form onSubmit={submit} className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle>{t("record.title", { name: product.name })}</DialogTitle>
          </DialogHeader>
          {failure ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{failure}</AlertDescription>
            </Alert>
          ) : null}
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="stock-reason">{t("record.reason")}</Label>
            <select
              id="stock-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value as typeof reason)}
              className="h-10 rounded-md border border-input bg-background px-2 text-sm"
            >
              {RECORDED.map((r) => (
                <option key={r} value={r}>
                  {t(`reasons.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="stock-qty">{qtyLabel}</Label>
            <Input
              id="stock-qty"
              name="qty"
              type="number"
              required
              min={reason === "adjustment" ? undefined : 0}
            />
          </div>
          {reason === "purchase" ? (
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="stock-unit-cost">{t("record.unit_cost")}</Label>
              <Input id="stock-unit-cost" name="unit_cost" inputMode="decimal" />
            </div>
          ) : null}
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="stock-note">{t("record.note")}</Label>
            <Input id="stock-note" name="note" maxLength={500} />
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              {tc("cancel")}
            </Button>
            <Button type="submit" disabled={busy}>
              {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
              {t("record.save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
