import { sql } from "drizzle-orm";
import {
  char,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { customerTable, deviceTable } from "../customer/customer.sql";
import { createdAt, id, money, ref, timestamps, utc } from "../db/columns";
import { intakeFormTable } from "../intake/intake.sql";

export const ticketStatus = pgEnum("work_ticket_status", ["NEW", "IN_PROGRESS", "READY", "CLOSED"]);
export const ticketApproval = pgEnum("work_ticket_approval", ["pending", "approved", "declined"]);
export const ticketPriority = pgEnum("work_ticket_priority", ["low", "normal", "high", "urgent"]);
export const ticketCloseReason = pgEnum("work_ticket_close_reason", [
  "picked_up",
  /** Collected with a balance left unpaid; the event's note says why (staff must give a reason). */
  "picked_up_unpaid",
  "returned_unrepaired",
  "cancelled",
]);
export const ticketEventType = pgEnum("work_ticket_event_type", [
  "CREATED",
  "ESTIMATE_SET",
  "CUSTOMER_APPROVED",
  "CUSTOMER_DECLINED",
  "READY",
  "PICKED_UP",
  "CLOSED",
  "NOTE",
  "PHOTO",
  "ASSIGNED",
  "PRIORITY_CHANGED",
  "MESSAGE_SENT",
  "FOLLOW_UP_SENT",
  "ESCALATED",
  "CALL_CUSTOMER",
  "CALL_CUSTOMER_DONE",
  /** A part taken from stock for the repair (or put back, with a negative quantity). */
  "PART_USED",
  /** A payment toward the ticket's invoice: a deposit before pickup, or the balance. */
  "PAYMENT",
]);
export const actorType = pgEnum("actor_type", ["user", "customer", "bot", "system", "public"]);

/** Human ticket numbers (T-1001, T-1002, …) come from one sequence; ids stay UUIDs. */
export const ticketNumberSequence = pgSequence("work_ticket_number_seq", { startWith: 1001 });

export const workTicketTable = pgTable(
  "work_tickets",
  {
    ...id,
    number: integer("number").notNull().default(sql`nextval('work_ticket_number_seq')`),
    customer_id: ref("customer_id", () => customerTable.id).notNull(),
    device_id: ref("device_id", () => deviceTable.id).notNull(),
    intake_form_id: ref("intake_form_id", () => intakeFormTable.id),
    status: ticketStatus("status").notNull().default("NEW"),
    approval: ticketApproval("approval"),
    priority: ticketPriority("priority").notNull().default("normal"),
    assignee_id: ref("assignee_id", () => userTable.id),
    problem: text("problem").notNull(),
    diagnosis: text("diagnosis"),
    price_estimate: money("price_estimate"),
    currency: char("currency", { length: 3 }).notNull().default("MYR"),
    eta_ready_at: utc("eta_ready_at"),
    ready_at: utc("ready_at"),
    closed_at: utc("closed_at"),
    close_reason: ticketCloseReason("close_reason"),
    /** The device passcode, sealed (AES-256-GCM); shown to the assignee and admins, wiped at CLOSED. */
    device_passcode: jsonb("device_passcode").$type<Record<string, unknown>>(),
    /** When the SLA check last escalated this ticket (so it escalates once per lateness). */
    escalated_at: utc("escalated_at"),
    /** A message the customer was waiting for was not delivered in time: staff should phone them. */
    call_customer_at: utc("call_customer_at"),
    call_customer_reason: text("call_customer_reason"),
    /** Bumped by every transition: two staff acting at once cannot both win. */
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("work_tickets_number_unique").on(t.number),
    index("work_tickets_status_created_idx").on(t.status, t.created_at),
    index("work_tickets_customer_idx").on(t.customer_id),
  ],
);

/** The ticket's timeline. Append-only: history is corrected by a new event, never edited. */
export const workTicketEventTable = pgTable(
  "work_ticket_events",
  {
    ...id,
    ticket_id: ref("ticket_id", () => workTicketTable.id).notNull(),
    type: ticketEventType("type").notNull(),
    note: text("note"),
    photo_keys: text("photo_keys").array().notNull().default([]),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    actor_type: actorType("actor_type").notNull(),
    actor_id: text("actor_id"),
    ...createdAt,
  },
  (t) => [
    index("work_ticket_events_ticket_idx").on(t.ticket_id, t.created_at),
    index("work_ticket_events_note_fts_idx").using(
      "gin",
      sql`to_tsvector('simple', coalesce(${t.note}, ''))`,
    ),
  ],
);
