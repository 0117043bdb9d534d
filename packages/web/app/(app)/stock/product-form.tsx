"use client";

import { LoaderCircle, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, type ReactNode, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ApiError, api } from "@/lib/api";
import type { GetProductsByIdResponse, GetProductsLookupResponse } from "@/lib/api/staff";
import { issuesByPath, useErrorText, useIssueText } from "@/lib/issues";
import type { Product } from "./stock-view";

const KINDS = ["product", "part", "service", "bundle"] as const;
const TAX = ["", "sales", "service", "none"] as const;

/** Lists typed as "a:b;c:d" (tiers, bundle items) or "k=v;k=v" (attributes); null when one entry is malformed. */
function pairs(text: string, separator: string): [string, string][] | null {
  const parts = text
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean);
  const out: [string, string][] = [];
  for (const part of parts) {
    const at = part.lastIndexOf(separator);
    if (at <= 0 || at === part.length - 1) return null;
    out.push([part.slice(0, at).trim(), part.slice(at + 1).trim()]);
  }
  return out;
}

async function idOf(sku: string, unknown: (sku: string) => string): Promise<string> {
  try {
    const page = await api.get<GetProductsLookupResponse>(`/products/lookup?code=${encodeURIComponent(sku)}`);
    return page.product.id;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw new Error(unknown(sku));
    throw error;
  }
}

/** Add a product, or edit one (`product` given): every catalogue field; admins only. */
export function ProductForm({
  product,
  parentSku,
  bundleSkus,
  onSaved,
  trigger,
}: {
  product?: Product;
  parentSku?: string;
  bundleSkus?: Map<string, string>;
  onSaved: (product: Product) => void;
  trigger?: ReactNode;
}) {
  const t = useTranslations("stock.form");
  const ts = useTranslations("stock");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const issueText = useIssueText();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<(typeof KINDS)[number]>(product?.kind ?? "product");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; fields: Map<string, string> }>();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const fail = (message: string, fields = new Map<string, string>()) => setFailure({ message, fields });
    setBusy(true);
    setFailure(undefined);
    try {
      const tiers = pairs(text("wholesale_tiers"), ":");
      const attributes = pairs(text("variant_attributes"), "=");
      const items = pairs(text("bundle_items"), ":");
      if (!tiers) return fail(t("bad_list", { field: t("tiers"), hint: t("tiers_hint") }));
      if (!attributes) return fail(t("bad_list", { field: t("attributes"), hint: t("attributes_hint") }));
      if (!items) return fail(t("bad_list", { field: t("bundle_items"), hint: t("bundle_hint") }));
      const unknown = (sku: string) => t("unknown_sku", { sku });
      const parent = text("parent_sku");
      const body: Record<string, unknown> = {
        name: text("name"),
        kind,
        price: text("price"),
        cost: text("cost") || null,
        barcode: text("barcode") || null,
        tax_code: text("tax_code") || null,
        reorder_level: Number(text("reorder_level") || "0"),
        track_stock: form.get("track_stock") === "on",
        wholesale_tiers: tiers.map(([qty, price]) => ({ min_qty: Number(qty), price })),
        variant_attributes: Object.fromEntries(attributes),
        parent_id: parent ? await idOf(parent, unknown) : null,
        bundle_items: await Promise.all(
          items.map(async ([sku, qty]) => ({ product_id: await idOf(sku, unknown), qty: Number(qty) })),
        ),
      };
      let page: GetProductsByIdResponse;
      if (product) page = await api.patch<GetProductsByIdResponse>(`/products/${product.id}`, body);
      else {
        const initial = text("initial_stock");
        page = await api.post<GetProductsByIdResponse>("/products", {
          ...body,
          sku: text("sku"),
          ...(initial ? { initial_stock: Number(initial) } : {}),
        });
      }
      setOpen(false);
      onSaved(page.product);
    } catch (error) {
      const fields = new Map<string, string>();
      if (error instanceof ApiError && error.code === "request.invalid")
        for (const [path, list] of issuesByPath(error.issues))
          fields.set(path.split(".")[0]!, list.map(issueText).join(" "));
      fail(error instanceof ApiError ? errorText(error) : String((error as Error).message), fields);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string, label: string, props: Record<string, unknown> = {}, hint?: string) => {
    const error = failure?.fields.get(name);
    const id = `product-${name}`;
    return (
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={id}>{label}</Label>
        <Input id={id} name={name} aria-invalid={error ? true : undefined} {...props} />
        {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
        {error ? <p className="text-sm text-destructive">{error}</p> : null}
      </div>
    );
  };
  const tiers = product?.wholesale_tiers.map((w) => `${w.min_qty}:${w.price}`).join(";") ?? "";
  const attributes = Object.entries(product?.variant_attributes ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(";");
  const items =
    product?.bundle_items.map((b) => `${bundleSkus?.get(b.product_id) ?? b.product_id}:${b.qty}`).join(";") ??
    "";

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setFailure(undefined);
        if (next) setKind(product?.kind ?? "product");
      }}
    >
      <DialogTrigger asChild>
        {trigger ?? (
          <Button>
            <Plus aria-hidden="true" />
            {ts("add")}
          </Button>
        )}
      </DialogTrigger>
      <DialogContent closeLabel={tc("close")} className="max-w-2xl">
        <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label={t("add_title")}>
          <DialogHeader>
            <DialogTitle>{product ? t("edit_title", { sku: product.sku }) : t("add_title")}</DialogTitle>
          </DialogHeader>
          {failure ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{failure.message}</AlertDescription>
            </Alert>
          ) : null}
          <div className="grid gap-3 sm:grid-cols-2">
            {product ? null : field("sku", t("sku"), { required: true, autoComplete: "off" })}
            {field("name", t("name"), { required: true, defaultValue: product?.name })}
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="product-kind">{t("kind")}</Label>
              <select
                id="product-kind"
                value={kind}
                onChange={(e) => setKind(e.target.value as typeof kind)}
                className="h-10 rounded-md border border-input bg-background px-2 text-sm"
              >
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {ts(`kinds.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            {field("price", t("price"), {
              inputMode: "decimal",
              required: true,
              defaultValue: product?.price,
            })}
            {field("cost", t("cost"), { inputMode: "decimal", defaultValue: product?.cost ?? "" })}
            {field("barcode", t("barcode"), { defaultValue: product?.barcode ?? "", autoComplete: "off" })}
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="product-tax_code">{t("tax_code")}</Label>
              <select
                id="product-tax_code"
                name="tax_code"
                defaultValue={product?.tax_code ?? ""}
                className="h-10 rounded-md border border-input bg-background px-2 text-sm"
              >
                {TAX.map((code) => (
                  <option key={code} value={code}>
                    {t(code ? `tax_${code}` : "tax_default")}
                  </option>
                ))}
              </select>
            </div>
            {field("reorder_level", t("reorder_level"), {
              type: "number",
              min: 0,
              defaultValue: product?.reorder_level ?? 0,
            })}
            {product
              ? null
              : field("initial_stock", t("initial_stock"), { type: "number", min: 0, defaultValue: "" })}
            <label className="flex items-center gap-2 text-sm sm:col-span-2">
              <input
                type="checkbox"
                name="track_stock"
                key={kind}
                defaultChecked={product ? product.track_stock : kind !== "service" && kind !== "bundle"}
              />
              {t("track_stock")}
            </label>
            {field("wholesale_tiers", t("tiers"), { defaultValue: tiers }, t("tiers_hint"))}
            {field("parent_sku", t("parent_sku"), { defaultValue: parentSku ?? "" })}
            {field("variant_attributes", t("attributes"), { defaultValue: attributes }, t("attributes_hint"))}
            {kind === "bundle"
              ? field("bundle_items", t("bundle_items"), { defaultValue: items }, t("bundle_hint"))
              : null}
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              {tc("cancel")}
            </Button>
            <Button type="submit" disabled={busy}>
              {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
              {t("save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
