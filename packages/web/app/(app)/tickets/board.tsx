"use client";

import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { CircleAlert, Search, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useRef, useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { query } from "@/lib/api";
import { Column } from "./board-column";
import { collision, columnCoordinates } from "./board-dnd";
import {
  PRIORITIES,
  STATUSES,
  type Status,
  type Step,
  stepForMove,
  type Ticket,
  type TicketView,
} from "./model";
import { usePeople } from "./people";
import { SearchResults } from "./search-results";
import { StepDialog } from "./step-dialog";
import { CardBody, TicketCard } from "./ticket-card";
import { useBoard } from "./use-board";
import { useSteps } from "./use-steps";

const ANYONE = "anyone";
const ANY = "any";

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

  const { board, columns, loadingMore, moreFailed, showMore, place } = useBoard(filter, () => busy.current);

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
    place(view);
  };

  const { show } = steps;
  const onStep = useCallback((view: TicketView, step: Step) => show({ view, step }), [show]);
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
                        onStep={onStep}
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
