"use client";

import { Camera, ScanBarcode, Search } from "lucide-react";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { type KeyboardEvent, useRef, useState } from "react";
import { DataState } from "@/components/data-state";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ApiError, api, query } from "@/lib/api";
import type { GetProductsLookupResponse, GetProductsResponse } from "@/lib/api/staff";
import { useApi } from "@/lib/use-api";
import { useDebounced } from "@/lib/use-debounced";
import { cn } from "@/lib/utils";
import { type Product, rm, toSen } from "./cart";

// The camera and its decoder load only when the cashier opens the camera.
const CameraScanner = dynamic(() => import("./camera-scanner").then((m) => m.CameraScanner), {
  ssr: false,
});

const DEBOUNCE_MS = 200;
const TILES = 24;

/** The scan field (a USB scanner types the code and Enter), the camera, and the product tiles. */
export function ProductPicker({ onAdd }: { onAdd: (product: Product) => void }) {
  const t = useTranslations("pos");
  const [code, setCode] = useState("");
  const [problem, setProblem] = useState<string>();
  const [text, setText] = useState("");
  const [camera, setCamera] = useState(false);
  const scanRef = useRef<HTMLInputElement>(null);
  const searched = useDebounced(text.trim(), DEBOUNCE_MS);
  const products = useApi<GetProductsResponse>(`/products${query({ q: searched, limit: String(TILES) })}`);

  const lookup = async (raw: string) => {
    const scanned = raw.trim();
    if (!scanned) return;
    setProblem(undefined);
    try {
      const page = await api.get<GetProductsLookupResponse>(`/products/lookup${query({ code: scanned })}`);
      onAdd(page.product as Product);
      setCode("");
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.status === 404
          ? t("scan.not_found", { code: scanned })
          : error instanceof ApiError
            ? error.message
            : String(error),
      );
    } finally {
      scanRef.current?.focus();
    }
  };

  const onScanKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    void lookup(code);
  };

  return (
    <section className="flex flex-col gap-4">
      <div className="flex flex-col gap-2">
        <Label htmlFor="pos-scan">{t("scan.label")}</Label>
        <div className="flex gap-2">
          <div className="relative flex-1">
            <ScanBarcode
              className="pointer-events-none absolute top-1/2 left-3 size-5 -translate-y-1/2 text-muted-foreground"
              aria-hidden="true"
            />
            <Input
              id="pos-scan"
              ref={scanRef}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              onKeyDown={onScanKey}
              placeholder={t("scan.placeholder")}
              autoComplete="off"
              autoCorrect="off"
              spellCheck={false}
              enterKeyHint="go"
              autoFocus
              className="h-14 pl-11 text-lg"
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? "pos-scan-problem" : undefined}
            />
          </div>
          <Button variant="outline" className="h-14 px-5" onClick={() => setCamera(true)}>
            <Camera aria-hidden="true" />
            {t("scan.camera")}
          </Button>
        </div>
        {problem ? (
          <p id="pos-scan-problem" role="alert" className="text-sm text-destructive">
            {problem}
          </p>
        ) : null}
      </div>
      {camera ? (
        <CameraScanner
          onCode={(scanned) => {
            setCamera(false);
            void lookup(scanned);
          }}
          onClose={() => setCamera(false)}
        />
      ) : null}

      <div className="flex flex-col gap-2">
        <Label htmlFor="pos-search">{t("search.label")}</Label>
        <div className="relative">
          <Search
            className="pointer-events-none absolute top-1/2 left-3 size-5 -translate-y-1/2 text-muted-foreground"
            aria-hidden="true"
          />
          <Input
            id="pos-search"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t("search.placeholder")}
            autoComplete="off"
            className="h-12 pl-11 text-base"
          />
        </div>
      </div>

      <DataState
        state={{ ...products, data: products.data?.products.filter((p) => p.active) }}
        isEmpty={(list) => list.length === 0}
        empty={searched ? t("search.none") : t("search.empty_catalogue")}
        rows={3}
      >
        {(list) => (
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-4" data-testid="product-tiles">
            {list.map((product) => {
              const out = product.track_stock && product.stock_qty <= 0;
              return (
                <li key={product.id}>
                  <button
                    type="button"
                    disabled={out}
                    onClick={() => onAdd(product)}
                    aria-label={t("search.add", { name: product.name })}
                    data-sku={product.sku}
                    className={cn(
                      "flex min-h-28 w-full flex-col justify-between gap-2 rounded-xl border bg-card p-4 text-left outline-none transition-colors",
                      "hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring active:scale-[0.99]",
                      "disabled:cursor-not-allowed disabled:opacity-50",
                    )}
                  >
                    <span className="line-clamp-2 font-medium break-words">{product.name}</span>
                    <span className="flex flex-wrap items-end justify-between gap-1">
                      <span className="text-lg font-semibold tabular-nums">
                        {rm(toSen(product.price) ?? 0n)}
                      </span>
                      <span className="text-xs text-muted-foreground">
                        {product.track_stock
                          ? out
                            ? t("search.out")
                            : t("search.left", { count: product.stock_qty })
                          : product.sku}
                      </span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </DataState>
    </section>
  );
}
