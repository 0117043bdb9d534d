"use client";

import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardCode,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { ChevronDown, CircleAlert, LoaderCircle, Search, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { type ReactNode, useMemo, useRef, useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { api, query } from "@/lib/api";
import { useApi } from "@/lib/use-api";
import { cn } from "@/lib/utils";
import {
  type Kanban,
  PRIORITIES,
  STATUSES,
  type Status,
  stepForMove,
  type Ticket,
  type TicketView,
} from "./model";
import { usePeople } from "./people";
import { SearchResults } from "./search-results";
import { StepDialog } from "./step-dialog";
import { CardBody, TicketCard } from "./ticket-card";
import { useSteps } from "./use-steps";

const ANYONE = "anyone";
const ANY = "any";
const REFRESH_MS = 30_000;

/**
 * Arrow keys jump a held card to the next column left or right (dnd-kit's default moves it
 * 25 px at a time, far too little for a board).
 */
const columnCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  const { collisionRect, droppableRects } = context;
  const direction = event.code === KeyboardCode.Right ? 1 : event.code === KeyboardCode.Left ? -1 : 0;
  if (!collisionRect || !direction) return undefined;
  event.preventDefault();
  const centre = collisionRect.left + collisionRect.width / 2;
  const columns = [...droppableRects.values()].sort((a, b) => a.left - b.left);
  const target =
    direction > 0
      ? columns.find((rect) => rect.left > centre)
      : columns.reverse().find((rect) => rect.left + rect.width < centre);
  if (!target) return undefined;
  return {
    x: target.left + (target.width - collisionRect.width) / 2,
    y: Math.max(collisionRect.top, target.top + 8),
  };
};

/** The pointer decides where a card lands; the keyboard has no pointer, so the card's own box does. */
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

/** Cards asked for per column and per "show more". */
const PAGE = 20;

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

export function Board() {
  const t = useTranslations("kanban");
  const ts = useTranslations("ticket.status");
  const tp = useTranslations("ticket.priority");
  const { me, people, nameOf } = usePeople();
  const steps = useSteps();
  const [assignee, setAssignee] = useState(ANYONE);
  const [priority, setPriority] = useState(ANY);
  const [search, setSearch] = useState("");
  const [dragging, setDragging] = useState<Ticket>();
  const busy = useRef(false);
  busy.current = Boolean(dragging || steps.open);

  const filter = useMemo(
    () =>
      query({
        assignee_id: assignee === ANYONE ? undefined : assignee === "me" ? me.id : assignee,
        priority: priority === ANY ? undefined : priority,
      }),
    [assignee, priority, me.id],
  );

  // Others move tickets too; the board catches up (SWR skips hidden tabs), never under a moving card.
  const board = useApi<Kanban>(`/tickets/kanban${filter}`, {
    refreshInterval: REFRESH_MS,
    isPaused: () => busy.current,
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

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 8 } }),
    // A long press starts a drag on touch screens, so a swipe still scrolls the columns.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnCoordinates }),
  );

  const numberOf = (id: unknown) => {
    for (const column of Object.values(columns ?? {})) {
      const found = column.tickets.find((ticket) => ticket.id === id);
      if (found) return found.number;
    }
    return "";
  };
  const columnName = (id: unknown) => (STATUSES.includes(id as Status) ? ts(id as Status) : "");
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("announce.start", { number: numberOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over
        ? t("announce.over", { number: numberOf(active.id), column: columnName(over.id) })
        : t("announce.outside", { number: numberOf(active.id) }),
    onDragEnd: ({ active, over }) =>
      over
        ? t("announce.end", { number: numberOf(active.id), column: columnName(over.id) })
        : t("announce.cancel", { number: numberOf(active.id) }),
    onDragCancel: ({ active }) => t("announce.cancel", { number: numberOf(active.id) }),
  };

  const onDragStart = ({ active }: DragStartEvent) => {
    steps.dismiss();
    setDragging(active.data.current?.ticket as Ticket | undefined);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(undefined);
    const ticket = active.data.current?.ticket as Ticket | undefined;
    if (!ticket || !over) return;
    const to = over.id as Status;
    const step = stepForMove(ticket.status, to);
    if (step === "none") return;
    // The card stays where it was until the step succeeds: a refused drop simply snaps back.
    void steps.begin(ticket, step, to);
  };

  /** A step's answer is the ticket as it is now: the card moves to its new column at once. */
  const applied = (view: TicketView) => {
    steps.close();
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

  const assigneeLabel = (ticket: Ticket) => (ticket.assignee_id ? nameOf(ticket.assignee_id) : undefined);
  const searching = search.trim().length > 0;

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <div className="flex min-w-60 flex-1 flex-col gap-2">
          <Label htmlFor="ticket-search">{t("search")}</Label>
          <div className="relative">
            <Search
              className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
              aria-hidden="true"
            />
            <Input
              id="ticket-search"
              type="search"
              className="pl-9"
              placeholder={t("search_placeholder")}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              autoComplete="off"
            />
          </div>
        </div>
        <div className="flex w-40 flex-col gap-2">
          <Label htmlFor="filter-assignee">{t("assignee")}</Label>
          <Select value={assignee} onValueChange={setAssignee}>
            <SelectTrigger id="filter-assignee">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ANYONE}>{t("anyone")}</SelectItem>
              <SelectItem value="me">{t("me")}</SelectItem>
              {(people ?? [])
                .filter((person) => person.id !== me.id && person.role !== "cashier")
                .map((person) => (
                  <SelectItem key={person.id} value={person.id}>
                    {person.name}
                  </SelectItem>
                ))}
            </SelectContent>
          </Select>
        </div>
        <div className="flex w-36 flex-col gap-2">
          <Label htmlFor="filter-priority">{t("priority")}</Label>
          <Select value={priority} onValueChange={setPriority}>
            <SelectTrigger id="filter-priority">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ANY}>{t("any_priority")}</SelectItem>
              {PRIORITIES.map((value) => (
                <SelectItem key={value} value={value}>
                  {tp(value)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      </div>

      {steps.refused ? (
        // Fixed at the bottom of the screen: wherever the card was dropped, the reason is in view.
        <Alert
          variant="destructive"
          role="alert"
          className="fixed inset-x-4 bottom-4 z-50 mx-auto max-w-xl bg-card pr-12 shadow-lg"
          data-testid="move-refused"
        >
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{steps.refused.text}</AlertDescription>
          <Button
            variant="ghost"
            size="icon"
            className="absolute right-1 top-1 size-8"
            onClick={steps.dismiss}
            aria-label={t("dismiss")}
          >
            <X aria-hidden="true" />
          </Button>
        </Alert>
      ) : null}

      {searching ? (
        <SearchResults query={search} onClear={() => setSearch("")} />
      ) : (
        <DataState
          state={{ ...board, data: columns }}
          loading={
            <div aria-busy="true" className="grid gap-3 xl:grid-cols-4">
              {STATUSES.map((status) => (
                <Skeleton key={status} className="h-64 w-full" />
              ))}
            </div>
          }
        >
          {(columns) => (
            <DndContext
              sensors={sensors}
              collisionDetection={collision}
              onDragStart={onDragStart}
              onDragEnd={onDragEnd}
              onDragCancel={() => setDragging(undefined)}
              accessibility={{
                announcements,
                screenReaderInstructions: { draggable: t("instructions") },
              }}
            >
              <div
                className="-mx-4 flex snap-x snap-mandatory scroll-px-4 gap-3 overflow-x-auto px-4 pb-3 sm:mx-0 sm:px-0 xl:grid xl:grid-cols-4 xl:overflow-visible"
                data-testid="board"
              >
                {STATUSES.map((status) => (
                  <Column
                    key={status}
                    status={status}
                    shown={columns[status].tickets.length}
                    count={columns[status].count}
                    more={
                      columns[status].next
                        ? {
                            loading: loadingMore === status,
                            failed: moreFailed === status,
                            load: () => void showMore(status, columns[status].next!),
                          }
                        : undefined
                    }
                  >
                    {columns[status].tickets.map((ticket) => (
                      <TicketCard
                        key={ticket.id}
                        ticket={ticket}
                        busy={steps.pending === ticket.id}
                        assignee={assigneeLabel(ticket)}
                        onStep={(view, step) => steps.show({ view, step })}
                      />
                    ))}
                  </Column>
                ))}
              </div>
              <DragOverlay>
                {dragging ? (
                  <div className="rounded-lg border bg-card p-3 shadow-lg ring-2 ring-primary">
                    <CardBody ticket={dragging} assignee={assigneeLabel(dragging)} />
                  </div>
                ) : null}
              </DragOverlay>
            </DndContext>
          )}
        </DataState>
      )}

      <StepDialog view={steps.open?.view} step={steps.open?.step} onClose={steps.close} onDone={applied} />
    </>
  );
}

type MoreButton = { loading: boolean; failed: boolean; load: () => void };

function Column({
  status,
  shown,
  count,
  more,
  children,
}: {
  status: Status;
  shown: number;
  count: number;
  more: MoreButton | undefined;
  children: ReactNode;
}) {
  const t = useTranslations("kanban");
  const ts = useTranslations("ticket.status");
  const { setNodeRef, isOver } = useDroppable({ id: status });
  const headingId = `column-${status}`;
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      data-column={status}
      className={cn(
        "flex w-[82vw] max-w-80 shrink-0 snap-start flex-col rounded-xl border bg-muted/40 sm:w-72 xl:w-auto xl:max-w-none",
        isOver && "border-primary bg-accent/60",
      )}
    >
      <header className="flex items-baseline justify-between gap-2 px-3 pb-2 pt-3">
        <h2 id={headingId} className="text-sm font-semibold">
          {ts(status)}
        </h2>
        <span className="text-xs tabular-nums text-muted-foreground" data-testid="column-count">
          {status === "CLOSED" ? t("closed_count", { count }) : count}
        </span>
      </header>
      {shown ? (
        // A column scrolls inside itself: however many tickets it holds, the board fits the screen.
        // `relative` keeps the cards' screen-reader text (absolutely placed) inside the scroll box.
        <ul
          className="relative flex max-h-[max(20rem,calc(100dvh-20rem))] min-h-40 flex-1 flex-col gap-2 overflow-y-auto overscroll-contain px-2 pb-2"
          data-testid="column-cards"
        >
          {children}
          {more ? (
            <li className="flex flex-col items-stretch gap-1 pt-1">
              <Button variant="outline" size="sm" disabled={more.loading} onClick={more.load}>
                {more.loading ? (
                  <LoaderCircle className="animate-spin" aria-hidden="true" />
                ) : (
                  <ChevronDown aria-hidden="true" />
                )}
                {more.loading ? t("loading_more") : t("show_more", { count: Math.min(PAGE, count - shown) })}
              </Button>
              <span className="text-center text-xs text-muted-foreground">
                {t("showing", { shown, count })}
              </span>
              {more.failed ? (
                <span role="alert" className="text-center text-xs text-destructive">
                  {t("more_failed")}
                </span>
              ) : null}
            </li>
          ) : null}
        </ul>
      ) : (
        <p className="flex min-h-40 flex-1 items-start px-3 pb-3 text-sm text-muted-foreground">
          {t("empty")}
        </p>
      )}
    </section>
  );
}
