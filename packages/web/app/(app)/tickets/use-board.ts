"use client";

import { useMemo, useState } from "react";
import { api, query } from "@/lib/api";
import { useApi } from "@/lib/use-api";
import { type Kanban, STATUSES, type Status, type Ticket, type TicketView } from "./model";

const REFRESH_MS = 30_000;

/** Cards asked for per column and per "show more". */
export const PAGE = 20;

/** The pages a column loaded past the first, with the cursor after them. */
type More = Partial<Record<Status, { tickets: Ticket[]; next: string | null }>>;

/**
 * Each column as shown: its first page as last refreshed, then the pages "show more" added,
 * without a ticket twice and without one the refresh has seen move to another column.
 */
function columnsOf(board: Kanban, more: More) {
  const placed = new Map<string, Status>();
  for (const status of STATUSES)
    for (const ticket of board.columns[status] ?? []) placed.set(ticket.id, status);
  return Object.fromEntries(
    STATUSES.map((status) => {
      const first = board.columns[status] ?? [];
      const seen = new Set(first.map((ticket) => ticket.id));
      const extra = (more[status]?.tickets ?? []).filter(
        (ticket) =>
          !seen.has(ticket.id) && (placed.get(ticket.id) ?? status) === status && seen.add(ticket.id),
      );
      const next = more[status] ? more[status].next : (board.next[status] ?? null);
      return [status, { tickets: [...first, ...extra], count: board.counts[status] ?? 0, next }];
    }),
  ) as Record<Status, { tickets: Ticket[]; count: number; next: string | null }>;
}

/**
 * The board's data for a filter: the first page of each column (refreshed every 30 s, never
 * while `paused` says a card is moving), the pages "show more" added, and a moved ticket put
 * in its new column at once.
 */
export function useBoard(filter: string, paused: () => boolean) {
  // Others move tickets too; the board catches up (SWR skips hidden tabs), never under a moving card.
  const board = useApi<Kanban>(`/tickets/kanban${filter}`, {
    refreshInterval: REFRESH_MS,
    isPaused: paused,
  });
  // Pages loaded under another filter belong to another board: the columns start again.
  const [loaded, setLoaded] = useState<{ filter: string; more: More }>({ filter, more: {} });
  const more = loaded.filter === filter ? loaded.more : {};
  const setMore = (update: (current: More) => More) =>
    setLoaded((current) => ({ filter, more: update(current.filter === filter ? current.more : {}) }));
  const [loadingMore, setLoadingMore] = useState<Status>();
  const [moreFailed, setMoreFailed] = useState<Status>();
  const columns = useMemo(() => (board.data ? columnsOf(board.data, more) : undefined), [board.data, more]);

  const showMore = async (status: Status, after: string) => {
    setLoadingMore(status);
    setMoreFailed(undefined);
    try {
      const page = await api.get<Kanban>(
        `/tickets/kanban${query({
          ...Object.fromEntries(new URLSearchParams(filter)),
          status,
          after,
          limit: String(PAGE),
        })}`,
      );
      setMore((current) => ({
        ...current,
        [status]: {
          tickets: [...(current[status]?.tickets ?? []), ...(page.columns[status] ?? [])],
          next: page.next[status] ?? null,
        },
      }));
    } catch {
      setMoreFailed(status);
    } finally {
      setLoadingMore(undefined);
    }
  };

  /** A step's answer is the ticket as it is now: the card moves to its new column at once. */
  const place = (view: TicketView) => {
    const moved = view.ticket as Ticket;
    const without = (list: Ticket[] = []) => list.filter((ticket) => ticket.id !== moved.id);
    setMore((current) =>
      Object.fromEntries(
        Object.entries(current).map(([status, page]) => [
          status,
          { ...page, tickets: without(page.tickets) },
        ]),
      ),
    );
    board.set((current) => {
      if (!current) return current;
      const next: Kanban = { ...current, columns: {} };
      for (const status of STATUSES) next.columns[status] = without(current.columns[status]);
      next.columns[moved.status] = [...(next.columns[moved.status] ?? []), moved];
      return next;
    });
    board.retry();
  };

  return { board, columns, loadingMore, moreFailed, showMore, place };
}
