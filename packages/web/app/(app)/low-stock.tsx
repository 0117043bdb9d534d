"use client";

import { CircleCheck } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { DataState } from "@/components/data-state";
import { useSession } from "@/components/session";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { GetProductsResponse } from "@/lib/api/staff";
import { useApi } from "@/lib/use-api";

const SHOWN = 8;

/** Items at or below their reorder level, for the owner and the workshop to reorder (admin, tech). */
export function LowStock() {
  const { role } = useSession();
  if (role !== "admin" && role !== "tech") return null;
  return <LowStockCard />;
}

function LowStockCard() {
  const t = useTranslations("stock.low");
  const state = useApi<GetProductsResponse>("/products?low_stock=true&limit=100");
  return (
    <Card aria-labelledby="low-stock-title" data-testid="low-stock">
      <CardHeader>
        <CardTitle id="low-stock-title">{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <DataState
          state={state}
          isEmpty={(page) => page.products.length === 0}
          empty={
            <span className="flex items-center gap-2 text-sm">
              <CircleCheck className="size-4 text-success" aria-hidden="true" />
              {t("none")}
            </span>
          }
        >
          {({ products }) => (
            <>
              <ul className="flex flex-col gap-2">
                {products.slice(0, SHOWN).map((p) => (
                  <li key={p.id} data-sku={p.sku}>
                    <Link
                      href={`/stock?product=${p.id}`}
                      className="flex items-center justify-between gap-2 rounded-lg border p-3 text-sm outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
                    >
                      <span className="truncate">
                        {p.name} <span className="text-muted-foreground">({p.sku})</span>
                      </span>
                      <span className="shrink-0 font-semibold tabular-nums text-destructive">
                        {t("left", { count: p.stock_qty, level: p.reorder_level })}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
              {products.length > SHOWN ? (
                <Link
                  href="/stock?low=1"
                  className="mt-3 inline-block text-sm text-primary underline-offset-2 hover:underline"
                >
                  {t("more", { count: products.length - SHOWN })}
                </Link>
              ) : null}
            </>
          )}
        </DataState>
      </CardContent>
    </Card>
  );
}
