import type { GetTicketsByIdResponse, GetTicketsKanbanResponse } from "@/lib/api/staff";
import type { Role } from "@/lib/nav";

/** Shapes of the staff tickets API (packages/functions/src/api/tickets.ts) the documents leave open. */
export const STATUSES = ["NEW", "IN_PROGRESS", "READY", "CLOSED"] as const;
export type Status = (typeof STATUSES)[number];
export type Approval = "pending" | "approved" | "declined";
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];
export type Sla = "ok" | "due_soon" | "overdue" | "none";
export const PAYMENT_METHODS = ["cash", "card", "fpx", "duitnow", "bank_transfer"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The board's answer (GET /api/tickets/kanban): a page of each column, counts and cursors. */
export type Kanban = GetTicketsKanbanResponse;
/** A ticket as the staff API shows it (Ticket.Public in core), from the generated API types. */
export type Ticket = NonNullable<Kanban["columns"]["NEW"]>[number];

/** A ticket with its timeline, invoice and allowed steps (GET /api/tickets/{id}, every step's answer). */
export type TicketView = GetTicketsByIdResponse;
export type Step = TicketView["allowed"][number];
export type TicketEvent = TicketView["events"][number];
export type Photo = TicketEvent["photos"][number];
export type ChatMessage = TicketView["messages"][number];
export type MessageStatus = ChatMessage["status"];
export type Invoice = NonNullable<TicketView["invoice"]>;

/**
 * The steps each role may take, the same rules as functions/src/api/permissions.ts: a cashier
 * records the customer's answer and takes the pickup payment; the workshop does the rest.
 */
const ROLE_STEPS: Record<Role, readonly Step[]> = {
  admin: [
    "estimate",
    "approve",
    "decline",
    "ready",
    "pickup",
    "close_unrepaired",
    "note",
    "photo",
    "assign",
    "priority",
  ],
  tech: [
    "estimate",
    "approve",
    "decline",
    "ready",
    "pickup",
    "close_unrepaired",
    "note",
    "photo",
    "assign",
    "priority",
  ],
  cashier: ["approve", "decline", "pickup"],
};

export const mayTake = (role: Role, step: Step) => ROLE_STEPS[role].includes(step);

/** The steps a button may offer: what the ticket allows now and this person's role may do. */
export const stepsFor = (role: Role, allowed: readonly Step[]) =>
  allowed.filter((step) => mayTake(role, step));

/**
 * The step a drop onto a column asks for. Dropping onto CLOSED is the pickup from READY and a
 * return unrepaired from anywhere else; nothing moves a ticket back to NEW.
 */
export function stepForMove(from: Status, to: Status): Step | "none" | undefined {
  if (from === to) return "none";
  switch (to) {
    case "NEW":
      return undefined;
    case "IN_PROGRESS":
      return "estimate";
    case "READY":
      return "ready";
    case "CLOSED":
      return from === "READY" ? "pickup" : "close_unrepaired";
  }
}

/** "180.5" → 18050 sen; money never goes through floats. */
export function toSen(amount: string): number {
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(amount.trim());
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

export function fromSen(sen: number): string {
  const sign = sen < 0 ? "-" : "";
  const abs = Math.abs(sen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export const AMOUNT = /^\d{1,8}(\.\d{1,2})?$/;

export const formatRm = (amount: string) => `RM ${fromSen(toSen(amount))}`;

function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

/**
 * A `datetime-local` value read as the shop's wall clock (not the browser's), as an ISO instant:
 * staff promise "ready by 5 pm" in the shop's time whatever zone their device is set to.
 */
export function shopLocalToIso(local: string, timeZone: string): string {
  const asUtc = Date.parse(`${local}:00Z`);
  const offset = zoneOffsetMinutes(new Date(asUtc), timeZone);
  return new Date(asUtc - offset * 60_000).toISOString();
}

/** An instant as a `datetime-local` value on the shop's wall clock. */
export function isoToShopLocal(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

export const deviceName = (device: Ticket["device"]) => `${device.brand} ${device.model}`;
