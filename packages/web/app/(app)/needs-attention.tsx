"use client";

import { CircleCheck } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataState } from "@/components/data-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useShopFormat } from "@/lib/format";
import { useApi } from "@/lib/use-api";
import { ApprovalBadge, CallCustomerBadge, SlaBadge } from "./tickets/badges";
import { deviceName, type Kanban, type Ticket } from "./tickets/model";

const SHOWN = 8;

/** Whom to phone first (the longest waiting), then the late, then the soonest due. */
const urgentFirst = ({ columns }: Kanban): Ticket[] =>
  [...(columns.NEW ?? []), ...(columns.IN_PROGRESS ?? []), ...(columns.READY ?? [])].sort(
    (a, b) =>
      Number(Boolean(b.call_customer_at)) - Number(Boolean(a.call_customer_at)) ||
      Date.parse(a.call_customer_at ?? "") - Date.parse(b.call_customer_at ?? "") ||
      Number(b.sla === "overdue") - Number(a.sla === "overdue") ||
      Date.parse(a.eta_ready_at ?? "") - Date.parse(b.eta_ready_at ?? ""),
  );

/**
 * Open tickets whose customer should be phoned (a WhatsApp message did not reach them), then
 * those near or past their promised time, the most late first, from the board's data.
 */
export function NeedsAttention() {
  const t = useTranslations("kpi.attention");
  const shop = useShopFormat();
  // The board's own answer, narrowed by the API to what needs someone, so no column's paging hides one.
  const state = useApi<Kanban>("/tickets/kanban?attention=true&limit=100");
  const tickets = useMemo(() => (state.data ? urgentFirst(state.data) : undefined), [state.data]);

  return (
    <Card aria-labelledby="attention-title" data-testid="needs-attention">
      <CardHeader>
        <CardTitle id="attention-title">{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <DataState
          state={{ ...state, data: tickets }}
          isEmpty={(list) => list.length === 0}
          empty={
            <span className="flex items-center gap-2 text-sm">
              <CircleCheck className="size-4 text-success" aria-hidden="true" />
              {t("none")}
            </span>
          }
        >
          {(tickets) => (
            <>
              <ul className="flex flex-col gap-2">
                {tickets.slice(0, SHOWN).map((ticket) => (
                  <li key={ticket.id} data-ticket={ticket.number}>
                    <Link
                      href={`/tickets/${ticket.id}`}
                      className="flex flex-col gap-1 rounded-lg border p-3 outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
                    >
                      <span className="flex flex-wrap items-center gap-2">
                        <span className="font-semibold tabular-nums">{ticket.number}</span>
                        <CallCustomerBadge at={ticket.call_customer_at} />
                        <SlaBadge sla={ticket.sla} />
                        <ApprovalBadge approval={ticket.status === "IN_PROGRESS" ? ticket.approval : null} />
                        {ticket.eta_ready_at ? (
                          <span className="ml-auto text-xs text-muted-foreground">
                            {t("eta", {
                              time: shop.dateTime(ticket.eta_ready_at),
                            })}
                          </span>
                        ) : null}
                      </span>
                      <span className="truncate text-sm">
                        {ticket.customer.name} · {deviceName(ticket.device)}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
              {tickets.length > SHOWN ? (
                <Link
                  href="/tickets"
                  className="mt-3 inline-block text-sm text-primary underline-offset-2 hover:underline"
                >
                  {t("more", { count: tickets.length - SHOWN })}
                </Link>
              ) : null}
            </>
          )}
        </DataState>
      </CardContent>
    </Card>
  );
}
