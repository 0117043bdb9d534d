"use client";

import { PackagePlus, Search, Undo2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { ApiError, api, query } from "@/lib/api";
import type { GetProductsResponse } from "@/lib/api/staff";
import { useApi } from "@/lib/use-api";
import { useDebounced } from "@/lib/use-debounced";
import { cn } from "@/lib/utils";
import { formatRm, type TicketView } from "../model";
import { useTicketText } from "../use-ticket-text";

type Product = GetProductsResponse["products"][number];
type StockProblem = { name: string; sku: string; available: number; requested: number };

const MATCHES = 8;

/**
 * The parts taken from stock for the repair: found by name, SKU or barcode, added with a
 * quantity, returned unused. Editable by the workshop while the ticket is NEW or IN_PROGRESS;
 * READY bills them, so from then on the list is read-only.
 */
export function PartsPanel({
  view,
  canEdit,
  onDone,
}: {
  view: TicketView;
  canEdit: boolean;
  onDone: (next: TicketView) => void;
}) {
  const t = useTranslations("ticket.parts");
  const { parts, ticket } = view;
  const open = canEdit && (ticket.status === "NEW" || ticket.status === "IN_PROGRESS");
  return (
    <div className="flex flex-col gap-4" data-testid="parts">
      {parts.length ? (
        <ul className="flex flex-col divide-y text-sm">
          {parts.map((part) => (
            <li key={part.id} className="flex items-center justify-between gap-3 py-2" data-part={part.sku}>
              <span className="min-w-0 break-words">
                <span className="font-medium">{part.name}</span>{" "}
                <span className="font-mono text-xs text-muted-foreground">{part.sku}</span>
                <span className="block text-muted-foreground tabular-nums">
                  {t("line", { qty: part.qty, price: formatRm(part.unit_price) })}
                </span>
              </span>
              {open ? <ReturnButton view={view} partId={part.id} name={part.name} onDone={onDone} /> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">{t("none")}</p>
      )}
      {open ? (
        <AddPart view={view} onDone={onDone} />
      ) : parts.length && ticket.status !== "NEW" && ticket.status !== "IN_PROGRESS" ? (
        <p className="text-xs text-muted-foreground">{t("billed")}</p>
      ) : null}
    </div>
  );
}

function ReturnButton({
  view,
  partId,
  name,
  onDone,
}: {
  view: TicketView;
  partId: string;
  name: string;
  onDone: (next: TicketView) => void;
}) {
  const t = useTranslations("ticket.parts");
  const notify = useToast();
  const { stepError } = useTicketText();
  const [busy, setBusy] = useState(false);
  const back = async () => {
    setBusy(true);
    try {
      const path = `/tickets/${encodeURIComponent(view.ticket.id)}/parts/${encodeURIComponent(partId)}`;
      onDone(await api.delete<TicketView>(path));
      notify("success", t("returned", { name }));
    } catch (error) {
      notify("error", stepError(error, view.ticket.number));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="outline" size="sm" disabled={busy} onClick={() => void back()}>
      <Undo2 aria-hidden="true" />
      {t("return")}
    </Button>
  );
}

function AddPart({ view, onDone }: { view: TicketView; onDone: (next: TicketView) => void }) {
  const t = useTranslations("ticket.parts");
  const ts = useTranslations("pos.stock");
  const notify = useToast();
  const { stepError } = useTicketText();
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<Product>();
  const [qty, setQty] = useState("1");
  const [busy, setBusy] = useState(false);
  const [stock, setStock] = useState<StockProblem>();
  const [problem, setProblem] = useState<string>();
  const searched = useDebounced(text.trim(), 200);
  const found = useApi<GetProductsResponse>(
    searched && !chosen ? `/products${query({ q: searched, limit: String(MATCHES) })}` : null,
  );
  // A bundle is sold whole; a repair takes its parts one by one.
  const matches = (found.data?.products ?? []).filter((p) => p.kind !== "bundle" && p.active);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return setProblem(t("choose"));
    const count = Number(qty);
    if (!Number.isInteger(count) || count < 1 || count > 999) return setProblem(t("qty_invalid"));
    setBusy(true);
    setProblem(undefined);
    setStock(undefined);
    try {
      const next = await api.post<TicketView>(`/tickets/${encodeURIComponent(view.ticket.id)}/parts`, {
        product_id: chosen.id,
        qty: count,
      });
      notify("success", t("added", { name: chosen.name }));
      setChosen(undefined);
      setText("");
      setQty("1");
      onDone(next);
    } catch (error) {
      if (error instanceof ApiError && error.code === "stock.insufficient")
        setStock(error.details as StockProblem);
      else setProblem(stepError(error, view.ticket.number));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={add} noValidate className="flex flex-col gap-3 border-t pt-3">
      <div className="flex flex-col gap-2">
        <Label htmlFor="part-search">{t("search")}</Label>
        <div className="relative">
          <Search
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
            aria-hidden="true"
          />
          <Input
            id="part-search"
            value={chosen ? `${chosen.name} (${chosen.sku})` : text}
            onChange={(e) => {
              setChosen(undefined);
              setStock(undefined);
              setText(e.target.value);
            }}
            placeholder={t("search_hint")}
            autoComplete="off"
            className="pl-9"
          />
        </div>
        {!chosen && searched ? (
          matches.length ? (
            <ul className="flex flex-col rounded-md border" aria-label={t("matches")}>
              {matches.map((product) => (
                <li key={product.id}>
                  <button
                    type="button"
                    className={cn(
                      "flex w-full items-center justify-between gap-3 px-3 py-2 text-left text-sm hover:bg-muted",
                    )}
                    onClick={() => setChosen(product)}
                    data-product={product.sku}
                  >
                    <span className="min-w-0 break-words">
                      {product.name}{" "}
                      <span className="font-mono text-xs text-muted-foreground">{product.sku}</span>
                    </span>
                    <span className="shrink-0 text-right tabular-nums">
                      {formatRm(product.price)}
                      {product.track_stock ? (
                        <span className="block text-xs text-muted-foreground">
                          {t("in_stock", { count: product.stock_qty })}
                        </span>
                      ) : null}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : found.data ? (
            <p className="text-sm text-muted-foreground">{t("no_match", { text: searched })}</p>
          ) : null
        ) : null}
      </div>
      <div className="flex items-end gap-2">
        <div className="flex w-24 flex-col gap-2">
          <Label htmlFor="part-qty">{t("qty")}</Label>
          <Input
            id="part-qty"
            inputMode="numeric"
            value={qty}
            onChange={(e) => setQty(e.target.value)}
            className="text-right tabular-nums"
          />
        </div>
        <Button type="submit" disabled={busy || !chosen} data-testid="add-part">
          <PackagePlus aria-hidden="true" />
          {t("add")}
        </Button>
      </div>
      {stock ? (
        <Alert variant="destructive" role="alert" data-testid="stock-problem">
          <AlertTitle>{ts("title")}</AlertTitle>
          <AlertDescription>{ts("body", { ...stock })}</AlertDescription>
        </Alert>
      ) : null}
      {problem ? (
        <p role="alert" className="text-sm text-destructive">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
