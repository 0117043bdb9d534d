"use client";

import { useDraggable } from "@dnd-kit/core";
import { Ellipsis, ExternalLink, GripVertical, LoaderCircle, UserRound } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { type KeyboardEvent, memo, type PointerEvent, type SyntheticEvent, useEffect, useState } from "react";
import { useSession } from "@/components/session";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { api } from "@/lib/api";
import { useShopFormat } from "@/lib/format";
import { cn } from "@/lib/utils";
import { age, ageFrom } from "./age";
import { ApprovalBadge, CallCustomerBadge, PriorityBadge, SlaBadge } from "./badges";
import { deviceName, type Step, stepsFor, type Ticket, type TicketView } from "./model";
import { useTicketText } from "./use-ticket-text";

/**
 * A card on the board: dragged by its grip (or anywhere with a mouse or a long touch).
 * Memoised: the board re-renders when the staff list or a step changes, and a card only when its own props do.
 */
export const TicketCard = memo(function TicketCard({
  ticket,
  busy,
  assignee,
  onStep,
}: {
  ticket: Ticket;
  busy: boolean;
  assignee: string | undefined;
  onStep: (view: TicketView, step: Step) => void;
}) {
  const t = useTranslations("kanban");
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: ticket.id,
    data: { ticket },
  });
  return (
    <li
      ref={setNodeRef}
      {...listeners}
      data-testid="ticket-card"
      data-ticket={ticket.number}
      className={cn(
        "touch-manipulation rounded-lg border bg-card p-3 shadow-xs transition-opacity",
        isDragging && "opacity-40",
      )}
    >
      <div className="flex items-start gap-1">
        <button
          type="button"
          ref={setActivatorNodeRef}
          {...attributes}
          aria-label={t("move", { number: ticket.number })}
          className="-ml-1 mt-0.5 cursor-grab rounded p-0.5 text-muted-foreground outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring active:cursor-grabbing"
          data-testid="drag-handle"
        >
          {busy ? (
            <LoaderCircle className="size-4 animate-spin" aria-hidden="true" />
          ) : (
            <GripVertical className="size-4" aria-hidden="true" />
          )}
        </button>
        <CardBody ticket={ticket} assignee={assignee} link />
        <CardMenu ticket={ticket} onStep={onStep} />
      </div>
    </li>
  );
});

/** The card's content; also what follows the pointer while dragging. */
export function CardBody({
  ticket,
  assignee,
  link = false,
}: {
  ticket: Ticket;
  assignee: string | undefined;
  link?: boolean;
}) {
  const t = useTranslations("kanban");
  const shop = useShopFormat();
  const when = (iso: string) => shop.dateTime(iso);
  return (
    <div className="min-w-0 flex-1">
      {link ? (
        <Link
          href={`/tickets/${ticket.id}`}
          className="font-semibold tabular-nums underline-offset-2 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
          draggable={false}
        >
          {ticket.number}
        </Link>
      ) : (
        <span className="font-semibold tabular-nums">{ticket.number}</span>
      )}
      <Age ticket={ticket} />
      <p className="truncate text-sm">{ticket.customer.name}</p>
      <p className="truncate text-xs text-muted-foreground">{deviceName(ticket.device)}</p>
      {ticket.status === "IN_PROGRESS" && ticket.eta_ready_at ? (
        <p className="mt-1 text-xs text-muted-foreground">{t("eta", { time: when(ticket.eta_ready_at) })}</p>
      ) : null}
      <div className="mt-2 flex flex-wrap gap-1">
        <CallCustomerBadge at={ticket.call_customer_at} />
        <PriorityBadge priority={ticket.priority} quiet />
        <SlaBadge sla={ticket.sla} />
        <ApprovalBadge approval={ticket.status === "IN_PROGRESS" ? ticket.approval : null} />
        {assignee ? (
          <span className="inline-flex items-center gap-1 text-xs text-muted-foreground">
            <UserRound className="size-3" aria-hidden="true" />
            {assignee}
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** How long the shop has had the device (once ready: how long it has waited), e.g. "3 d". */
function Age({ ticket }: { ticket: Ticket }) {
  const t = useTranslations("kanban");
  const shop = useShopFormat();
  if (ticket.status === "CLOSED") return null;
  const from = ageFrom(ticket);
  const { value, unit } = age(from, Date.now());
  const when = shop.dateTime(from);
  const label = t(ticket.status === "READY" ? "age_ready" : "age_open", { when, value, unit });
  return (
    <span
      className="float-right ml-2 mt-0.5 text-xs tabular-nums text-muted-foreground"
      title={label}
      data-testid="ticket-age"
    >
      <span aria-hidden="true">{t("age", { value, unit })}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** The menu sits inside the draggable card (and React bubbles through its portal): pressing it is not a drag. */
const stopDrag = (event: SyntheticEvent) => event.stopPropagation();

/** A step only counts once: "photo" is the same dialog as "note". */
const MENU_ORDER: Step[] = [
  "estimate",
  "approve",
  "decline",
  "ready",
  "pickup",
  "close_unrepaired",
  "note",
  "assign",
  "priority",
];

/** Keys that open a menu button, as Radix's trigger reads them. */
const OPEN_KEYS = ["Enter", " ", "ArrowDown"];

/**
 * The card's actions, so nothing needs a drag (phones, keyboards). A board shows sixty cards
 * and staff open one menu at a time: the menu (Radix, with its layers and focus handling) is
 * made when its button is first pressed, and opens at once; until then the button is plain.
 */
function CardMenu({ ticket, onStep }: { ticket: Ticket; onStep: (view: TicketView, step: Step) => void }) {
  const t = useTranslations("kanban");
  const [made, setMade] = useState(false);
  if (made) return <CardMenuItems ticket={ticket} onStep={onStep} />;
  const make = (event: SyntheticEvent) => {
    // What Radix's trigger would do with this press: the menu opens and the browser neither scrolls nor clicks.
    event.preventDefault();
    setMade(true);
  };
  return (
    <Button
      variant="ghost"
      size="icon"
      className="-mr-1 -mt-1 size-8"
      aria-haspopup="menu"
      aria-expanded={false}
      onMouseDown={stopDrag}
      onTouchStart={stopDrag}
      onPointerDown={(event: PointerEvent) => {
        if (event.button === 0 && !event.ctrlKey) make(event);
      }}
      onKeyDown={(event: KeyboardEvent) => {
        if (OPEN_KEYS.includes(event.key)) make(event);
      }}
      aria-label={t("actions_for", { number: ticket.number })}
    >
      <Ellipsis aria-hidden="true" />
    </Button>
  );
}

/** What the ticket allows is read when the menu opens, so the list is the state machine's, never a guess. */
function CardMenuItems({
  ticket,
  onStep,
}: {
  ticket: Ticket;
  onStep: (view: TicketView, step: Step) => void;
}) {
  const t = useTranslations("kanban");
  const ts = useTranslations("ticket.steps");
  const me = useSession();
  const { stepError } = useTicketText();
  const [view, setView] = useState<TicketView>();
  const [problem, setProblem] = useState<string>();

  const [open, setOpen] = useState(true);

  useEffect(() => {
    if (!open) return;
    setProblem(undefined);
    api
      .get<TicketView>(`/tickets/${encodeURIComponent(ticket.id)}`)
      .then(setView)
      .catch((error: unknown) => setProblem(stepError(error, ticket.number)));
  }, [open, ticket.id, ticket.number, stepError]);
  const steps = view ? stepsFor(me.role, view.allowed) : [];
  const items = MENU_ORDER.filter((step) => steps.includes(step));

  return (
    <DropdownMenu open={open} onOpenChange={setOpen}>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          className="-mr-1 -mt-1 size-8"
          onMouseDown={stopDrag}
          onTouchStart={stopDrag}
          aria-label={t("actions_for", { number: ticket.number })}
        >
          <Ellipsis aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="min-w-52" onMouseDown={stopDrag} onTouchStart={stopDrag}>
        <DropdownMenuLabel>{ticket.number}</DropdownMenuLabel>
        {problem ? (
          <DropdownMenuItem disabled>{problem}</DropdownMenuItem>
        ) : !view ? (
          <DropdownMenuItem disabled>
            <LoaderCircle className="animate-spin" aria-hidden="true" />
            {t("loading_actions")}
          </DropdownMenuItem>
        ) : (
          items.map((step) => (
            <DropdownMenuItem key={step} onSelect={() => onStep(view, step)} data-step={step}>
              {ts(step)}
            </DropdownMenuItem>
          ))
        )}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href={`/tickets/${ticket.id}`}>
            <ExternalLink aria-hidden="true" />
            {t("open")}
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
