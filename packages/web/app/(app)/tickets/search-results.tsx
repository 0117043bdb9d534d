"use client";

import { X } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { DataState } from "@/components/data-state";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { query } from "@/lib/api";
import type { GetTicketsSearchResponse } from "@/lib/api/staff";
import { phone, useShopFormat } from "@/lib/format";
import { useApi } from "@/lib/use-api";
import { useDebounced } from "@/lib/use-debounced";
import { ApprovalBadge, SlaBadge, StatusBadge } from "./badges";
import { deviceName } from "./model";

const DEBOUNCE_MS = 250;

/** Tickets found by number, phone, name, IMEI/serial or words in their notes. */
export function SearchResults({ query: text, onClear }: { query: string; onClear: () => void }) {
  const t = useTranslations("kanban");
  const shop = useShopFormat();
  const q = text.trim();
  const searched = useDebounced(q, DEBOUNCE_MS);
  const state = useApi<GetTicketsSearchResponse>(
    searched ? `/tickets/search${query({ q: searched })}` : null,
  );

  return (
    <section aria-labelledby="search-title" data-testid="search-results">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 id="search-title" className="text-lg font-semibold">
          {t("results_for", { query: q })}
        </h2>
        <Button variant="ghost" size="sm" onClick={onClear}>
          <X aria-hidden="true" />
          {t("clear_search")}
        </Button>
      </div>
      <DataState
        state={{ ...state, data: state.data?.tickets }}
        isEmpty={(tickets) => tickets.length === 0}
        empty={t("no_results")}
        loading={
          <div aria-busy="true" className="flex flex-col gap-2">
            <Skeleton className="h-16 w-full" />
            <Skeleton className="h-16 w-full" />
          </div>
        }
      >
        {(tickets) => (
          <ul className="flex flex-col gap-2">
            {tickets.map((ticket) => (
              <li key={ticket.id} data-ticket={ticket.number}>
                <Link
                  href={`/tickets/${ticket.id}`}
                  className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded-lg border bg-card p-3 outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
                >
                  <span className="w-20 font-semibold tabular-nums">{ticket.number}</span>
                  <span className="flex flex-wrap gap-1">
                    <StatusBadge status={ticket.status} />
                    <ApprovalBadge approval={ticket.status === "IN_PROGRESS" ? ticket.approval : null} />
                    <SlaBadge sla={ticket.sla} />
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm">
                      {ticket.customer.name} · {phone(ticket.customer.phone)}
                    </span>
                    <span className="block truncate text-xs text-muted-foreground">
                      {deviceName(ticket.device)} — {ticket.problem}
                    </span>
                  </span>
                  <span className="text-xs text-muted-foreground">{shop.date(ticket.created_at)}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </DataState>
    </section>
  );
}
