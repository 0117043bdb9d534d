import { eq } from "drizzle-orm";
import { type Actor, useActor } from "../actor";
import { actorId } from "../audit/index";
import { useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { seal } from "../settings/crypto";
import { useClock } from "../util/clock";
import { type ticketEventType, workTicketEventTable, workTicketTable } from "./ticket.sql";

export type Row = typeof workTicketTable.$inferSelect;
export type EventType = (typeof ticketEventType.enumValues)[number];

/** What people see: T-1042. */
export const label = (number: number) => `T-${number}`;

/** "T-1042", "t1042" or "1042" → 1042. */
export function parseLabel(text: string): number | undefined {
  const match = /^\s*t?-?\s*(\d{1,9})\s*$/i.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Records a timeline event with the current actor, in the caller's transaction. */
export async function addEvent(
  ticketId: string,
  type: EventType,
  input: { note?: string; photoKeys?: string[]; data?: Record<string, unknown> } = {},
) {
  const actor = useActor();
  const [event] = await useTransaction((tx) =>
    tx
      .insert(workTicketEventTable)
      .values({
        ticket_id: ticketId,
        type,
        note: input.note,
        photo_keys: input.photoKeys ?? [],
        data: input.data ?? {},
        actor_type: actor.type,
        actor_id: actorId(actor),
      })
      .returning({ id: workTicketEventTable.id }),
  );
  return event!.id;
}

export async function fromId(id: string): Promise<Row | undefined> {
  const [row] = await useTransaction((tx) =>
    tx.select().from(workTicketTable).where(eq(workTicketTable.id, id)),
  );
  return row;
}

export async function getOrThrow(id: string): Promise<Row> {
  const row = await fromId(id);
  if (!row) throw new VisibleError("ticket.not_found", "No such ticket.");
  return row;
}

/** Near its ETA: due within this many hours. Past it: overdue. */
export const SLA_WARNING_HOURS = 24;

export type Sla = "ok" | "due_soon" | "overdue" | "none";

/** Whether a ticket still being worked on is near or past its promised time. */
export function sla(ticket: Pick<Row, "status" | "eta_ready_at">, now = useClock().now()): Sla {
  if (!ticket.eta_ready_at || ticket.status === "READY" || ticket.status === "CLOSED") return "none";
  const left = ticket.eta_ready_at.getTime() - now.getTime();
  if (left < 0) return "overdue";
  return left <= SLA_WARNING_HOURS * 3600 * 1000 ? "due_soon" : "ok";
}

/** Only the assigned technician and admins may read a device's passcode. */
export function mayReadPasscode(ticket: Pick<Row, "assignee_id">, actor: Actor = useActor()): boolean {
  if (actor.type !== "user") return false;
  return actor.properties.role === "admin" || ticket.assignee_id === actor.properties.userId;
}

export const sealPasscode = (passcode: string) => seal(passcode) as unknown as Record<string, unknown>;
