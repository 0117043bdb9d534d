import { asc, desc, eq, sql } from "drizzle-orm";
import * as z from "zod";
import { customerTable, deviceCategory, deviceTable, whatsappConsent } from "../customer/customer.sql";
import type { Db, Tx } from "../db/index";
import { useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { waMessageTable } from "../message/message.sql";
import { useClock } from "../util/clock";
import { label, type Row, sla } from "./base";
import {
  ticketApproval,
  ticketCloseReason,
  ticketPriority,
  ticketStatus,
  workTicketEventTable,
  workTicketTable,
} from "./ticket.sql";

type Joined = {
  ticket: Row;
  customer: typeof customerTable.$inferSelect;
  device: typeof deviceTable.$inferSelect;
};

const Instant = z.iso.datetime({ offset: true });

/** The staff API shape of a ticket (board card and ticket page), as documented in OpenAPI. */
export const Public = z.object({
  id: z.uuid(),
  number: z.string().describe("What people see: T-1042"),
  status: z.enum(ticketStatus.enumValues),
  approval: z.enum(ticketApproval.enumValues).nullable(),
  priority: z.enum(ticketPriority.enumValues),
  assignee_id: z.uuid().nullable(),
  problem: z.string(),
  diagnosis: z.string().nullable(),
  price_estimate: z.string().nullable(),
  currency: z.string(),
  eta_ready_at: Instant.nullable(),
  ready_at: Instant.nullable(),
  closed_at: Instant.nullable(),
  close_reason: z.enum(ticketCloseReason.enumValues).nullable(),
  has_passcode: z.boolean(),
  sla: z.enum(["ok", "due_soon", "overdue", "none"]),
  call_customer_at: Instant.nullable().describe(
    "Set when a WhatsApp message the customer was waiting for did not reach them: staff should phone them",
  ),
  call_customer_reason: z.string().nullable(),
  version: z.number().int(),
  created_at: Instant,
  customer: z.object({
    id: z.uuid(),
    name: z.string(),
    phone: z.string(),
    whatsapp_consent: z.enum(whatsappConsent.enumValues),
  }),
  device: z.object({
    id: z.uuid(),
    category: z.enum(deviceCategory.enumValues),
    brand: z.string(),
    model: z.string(),
    imei: z.string().nullable(),
    serial: z.string().nullable(),
  }),
});
export type Public = z.infer<typeof Public>;

/** The staff API shape of a ticket. The passcode is never in it (see revealPasscode). */
export function toPublic({ ticket, customer, device }: Joined, now = useClock().now()): Public {
  return {
    id: ticket.id,
    number: label(ticket.number),
    status: ticket.status,
    approval: ticket.approval,
    priority: ticket.priority,
    assignee_id: ticket.assignee_id,
    problem: ticket.problem,
    diagnosis: ticket.diagnosis,
    price_estimate: ticket.price_estimate,
    currency: ticket.currency,
    eta_ready_at: ticket.eta_ready_at?.toISOString() ?? null,
    ready_at: ticket.ready_at?.toISOString() ?? null,
    closed_at: ticket.closed_at?.toISOString() ?? null,
    close_reason: ticket.close_reason,
    has_passcode: Boolean(ticket.device_passcode),
    sla: sla(ticket, now),
    call_customer_at: ticket.call_customer_at?.toISOString() ?? null,
    call_customer_reason: ticket.call_customer_reason,
    version: ticket.version,
    created_at: ticket.created_at.toISOString(),
    customer: {
      id: customer.id,
      name: customer.name,
      phone: customer.phone,
      whatsapp_consent: customer.whatsapp_consent,
    },
    device: {
      id: device.id,
      category: device.category,
      brand: device.brand,
      model: device.model,
      imei: device.imei,
      serial: device.serial,
    },
  };
}

/** Tickets with their customer and device, one query to refine with where/orderBy. */
export const joined = (tx: Tx | Db) =>
  tx
    .select({ ticket: workTicketTable, customer: customerTable, device: deviceTable })
    .from(workTicketTable)
    .innerJoin(customerTable, eq(customerTable.id, workTicketTable.customer_id))
    .innerJoin(deviceTable, eq(deviceTable.id, workTicketTable.device_id))
    .$dynamic();

/** One ticket with its customer and device, or ticket.not_found. */
export async function detail(id: string) {
  const [row] = await useTransaction((tx) => joined(tx).where(eq(workTicketTable.id, id)));
  if (!row) throw new VisibleError("ticket.not_found", "No such ticket.");
  return row;
}

/** The ticket's timeline: its events and its WhatsApp messages, oldest first. */
export async function timeline(id: string) {
  return useTransaction(async (tx) => {
    const [events, messages] = await Promise.all([
      tx
        .select()
        .from(workTicketEventTable)
        .where(eq(workTicketEventTable.ticket_id, id))
        .orderBy(asc(workTicketEventTable.created_at), asc(workTicketEventTable.id)),
      tx
        .select()
        .from(waMessageTable)
        .where(eq(waMessageTable.ticket_id, id))
        .orderBy(asc(waMessageTable.created_at)),
    ]);
    return { events, messages };
  });
}

export function eventPublic(row: typeof workTicketEventTable.$inferSelect) {
  return {
    id: row.id,
    type: row.type,
    note: row.note,
    photo_keys: row.photo_keys,
    data: row.data,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    created_at: row.created_at.toISOString(),
  };
}

/** Tickets of one customer, newest first. */
export async function forCustomer(customerId: string) {
  return useTransaction((tx) =>
    tx
      .select()
      .from(workTicketTable)
      .where(eq(workTicketTable.customer_id, customerId))
      .orderBy(desc(workTicketTable.created_at)),
  );
}

export type Kpi = { new: number; ready: number; awaiting_approval: number; overdue: number };

/**
 * The home page's numbers for today (in the shop's zone), 7 and 30 days: tickets created,
 * made ready, estimates still waiting for the customer, and tickets past their ETA. One query.
 */
export async function kpis(startOfToday: Date) {
  const now = useClock().now();
  const windows = {
    today: startOfToday,
    days_7: new Date(now.getTime() - 7 * 86_400_000),
    days_30: new Date(now.getTime() - 30 * 86_400_000),
  };
  const t = workTicketTable;
  const counts = (since: Date) => ({
    new: sql<number>`count(*) filter (where ${t.created_at} >= ${since})::int`,
    ready: sql<number>`count(*) filter (where ${t.ready_at} >= ${since})::int`,
    awaiting_approval: sql<number>`count(*) filter (where ${t.status} = 'IN_PROGRESS' and ${t.approval} = 'pending' and ${t.updated_at} >= ${since})::int`,
    overdue: sql<number>`count(*) filter (where ${t.status} in ('NEW', 'IN_PROGRESS') and ${t.eta_ready_at} < ${now} and ${t.eta_ready_at} >= ${since})::int`,
  });
  const [row] = await useTransaction((tx) =>
    tx
      .select({
        today: counts(windows.today),
        days_7: counts(windows.days_7),
        days_30: counts(windows.days_30),
      } as never)
      .from(t)
      .where(sql`${t.deleted_at} is null`),
  );
  return row as unknown as Record<keyof typeof windows, Kpi>;
}
