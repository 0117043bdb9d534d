"use client";

import { Money } from "@wapos/core/money/index";
import { Download, Printer } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { useSession } from "@/components/session";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { api, openFile, query, saveFile } from "@/lib/api";
import type { GetProductsResponse } from "@/lib/api/staff";
import { useErrorText } from "@/lib/issues";
import { useApi } from "@/lib/use-api";
import { useDebounced } from "@/lib/use-debounced";
import { ImportDialog } from "./import-dialog";
import { ProductDetail } from "./product-detail";
import { ProductForm } from "./product-form";

export type Product = GetProductsResponse["products"][number];

const LABEL_SIZES = ["40x30", "50x25"] as const;

/** The catalogue: search, low-stock filter, stock on hand; the owner adds, edits, imports and counts. */
export function StockView() {
  const t = useTranslations("stock");
  const errorText = useErrorText();
  const { role } = useSession();
  const admin = role === "admin";
  const router = useRouter();
  const params = useSearchParams();
  const [q, setQ] = useState("");
  const [low, setLow] = useState(params.get("low") === "1");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [size, setSize] = useState<(typeof LABEL_SIZES)[number]>("40x30");
  const [failure, setFailure] = useState<string>();
  const search = useDebounced(q.trim(), 250);
  const state = useApi<GetProductsResponse>(
    `/products${query({ q: search, low_stock: low ? "true" : undefined, limit: "200" })}`,
  );
  const open = params.get("product");
  const show = (id: string | null) =>
    router.replace(id ? `/stock?product=${id}` : "/stock", { scroll: false });

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const exportCsv = async () => {
    setFailure(undefined);
    try {
      const { blob, fileName } = await api.download("/products/export.csv");
      saveFile(blob, fileName ?? "catalogue.csv");
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  const printLabels = async () => {
    setFailure(undefined);
    await openFile(
      () => api.postFile("/products/labels", { product_ids: [...selected], size }),
      "text/html",
    ).catch((error: unknown) => setFailure(errorText(error)));
  };

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          admin ? (
            <>
              <ProductForm
                onSaved={(p) => {
                  state.retry();
                  show(p.id);
                }}
              />
              <ImportDialog onImported={state.retry} />
              <Button variant="outline" onClick={exportCsv}>
                <Download aria-hidden="true" />
                {t("export")}
              </Button>
            </>
          ) : null
        }
      />
      {!admin ? <p className="mb-4 text-sm text-muted-foreground">{t("read_only")}</p> : null}
      {failure ? (
        <p role="alert" className="mb-4 text-sm text-destructive">
          {failure}
        </p>
      ) : null}
      <div className="mb-4 flex flex-wrap items-center gap-4">
        <Input
          type="search"
          aria-label={t("search")}
          placeholder={t("search")}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="max-w-sm"
        />
        <span className="flex items-center gap-2">
          <Switch id="low-only" checked={low} onCheckedChange={setLow} />
          <Label htmlFor="low-only">{t("low_only")}</Label>
        </span>
        <span className="ml-auto flex items-center gap-2">
          <Label htmlFor="label-size" className="sr-only">
            {t("label_size")}
          </Label>
          <select
            id="label-size"
            value={size}
            onChange={(e) => setSize(e.target.value as typeof size)}
            className="h-10 rounded-md border border-input bg-background px-2 text-sm"
          >
            {LABEL_SIZES.map((s) => (
              <option key={s} value={s}>
                {s} mm
              </option>
            ))}
          </select>
          <Button variant="outline" disabled={!selected.size} onClick={printLabels}>
            <Printer aria-hidden="true" />
            {t("print_labels", { count: selected.size })}
          </Button>
        </span>
      </div>
      <DataState state={state} isEmpty={(page) => page.products.length === 0} empty={t("none")} rows={6}>
        {({ products }) => (
          <Table data-testid="catalogue">
            <TableHeader>
              <TableRow>
                <TableHead className="w-10" />
                <TableHead>{t("columns.sku")}</TableHead>
                <TableHead>{t("columns.name")}</TableHead>
                <TableHead>{t("columns.kind")}</TableHead>
                <TableHead className="text-right">{t("columns.price")}</TableHead>
                <TableHead className="text-right">{t("columns.stock")}</TableHead>
                <TableHead className="text-right">{t("columns.reorder")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {products.map((p) => (
                <TableRow key={p.id} data-sku={p.sku}>
                  <TableCell>
                    <input
                      type="checkbox"
                      aria-label={t("select", { name: p.name })}
                      checked={selected.has(p.id)}
                      onChange={() => toggle(p.id)}
                    />
                  </TableCell>
                  <TableCell className="font-mono text-xs">{p.sku}</TableCell>
                  <TableCell>
                    <button
                      type="button"
                      className="text-left text-primary underline-offset-2 hover:underline"
                      onClick={() => show(p.id)}
                    >
                      {p.name}
                    </button>
                    {!p.active ? <span className="ml-2 text-xs text-muted-foreground">(off)</span> : null}
                  </TableCell>
                  <TableCell>{t(`kinds.${p.kind}`)}</TableCell>
                  <TableCell className="text-right tabular-nums">{Money.format(p.price)}</TableCell>
                  <TableCell className="text-right tabular-nums" data-testid="on-hand">
                    {p.track_stock ? p.stock_qty : t("untracked")}
                    {p.low_stock ? (
                      <Badge variant="destructive" className="ml-2">
                        {t("low_badge")}
                      </Badge>
                    ) : null}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">
                    {p.track_stock ? p.reorder_level : t("untracked")}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </DataState>
      {open ? (
        <ProductDetail id={open} admin={admin} onClose={() => show(null)} onChanged={state.retry} />
      ) : null}
    </>
  );
}
