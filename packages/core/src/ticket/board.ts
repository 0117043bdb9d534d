import { and, asc, eq, gt, lte, ne, or, sql } from "drizzle-orm";
import * as z from "zod";
import { customerTable, deviceTable } from "../customer/customer.sql";
import { useTransaction } from "../db/transaction";
import { useClock } from "../util/clock";
import { type Row, SLA_WARNING_HOURS } from "./base";
import { type Public, toPublic } from "./queries";
import { ticketPriority, ticketStatus, workTicketTable } from "./ticket.sql";

/** Closed tickets stay on the board this long, so the day's pickups are still visible. */
export const KANBAN_CLOSED_DAYS = 7;
/** Cards per column in one answer: a column of hundreds is read a page at a time. */
export const KANBAN_PAGE = 20;
export const KANBAN_PAGE_MAX = 100;

export const KanbanInput = z
  .object({
    assignee_id: z.uuid().optional(),
    priority: z.enum(ticketPriority.enumValues).optional(),
    status: z.enum(ticketStatus.enumValues).optional().describe("Only this column"),
    after: z.uuid().optional().describe("The next_cursor of the column's previous page; needs status"),
    limit: z.coerce.number().int().min(1).max(KANBAN_PAGE_MAX).default(KANBAN_PAGE),
    attention: z
      .stringbool()
      .optional()
      .describe("Only tickets to act on: the customer to phone, or an open repair due soon or late"),
  })
  .refine((input) => !input.after || input.status, { path: ["after"], message: "after needs status" });
/** KanbanInput as parsed (the route's query); `limit` defaults to a page. */
export type KanbanInput = Partial<z.output<typeof KanbanInput>>;

type Status = Row["status"];
export type KanbanColumns = Partial<Record<Status, Public[]>>;
export type Kanban = {
  /** A page of each column, oldest first. */
  columns: KanbanColumns;
  /** Every card of each column, not only the page. */
  counts: Partial<Record<Status, number>>;
  /** The cursor of each column's next page, null on its last. */
  next: Partial<Record<Status, string | null>>;
};

/**
 * The board, a page per column: open tickets and the recently closed, oldest first within a
 * column, with each column's full count. One statement: the window numbers every matching
 * ticket of its column, and only the page's rows are joined and returned.
 */
export async function kanban(input: KanbanInput = {}): Promise<Kanban> {
  const limit = input.limit ?? KANBAN_PAGE;
  const now = useClock().now();
  const since = new Date(now.getTime() - KANBAN_CLOSED_DAYS * 24 * 3600 * 1000);
  const t = workTicketTable;
  const rows = await useTransaction((tx) => {
    const ranked = tx.$with("ranked").as(
      tx
        .select({
          ranked_id: sql<string>`${t.id}`.as("ranked_id"),
          position:
            sql<number>`row_number() over (partition by ${t.status} order by ${t.created_at}, ${t.id})::int`.as(
              "position",
            ),
          total: sql<number>`count(*) over (partition by ${t.status})::int`.as("total"),
        })
        .from(t)
        .where(
          and(
            sql`${t.deleted_at} is null`,
            or(ne(t.status, "CLOSED"), gt(t.closed_at, since)),
            input.assignee_id ? eq(t.assignee_id, input.assignee_id) : undefined,
            input.priority ? eq(t.priority, input.priority) : undefined,
            input.status ? eq(t.status, input.status) : undefined,
            // The same rule as `sla` (base.ts): due soon or overdue, while the repair is open.
            input.attention
              ? and(
                  ne(t.status, "CLOSED"),
                  or(
                    sql`${t.call_customer_at} is not null`,
                    and(
                      or(eq(t.status, "NEW"), eq(t.status, "IN_PROGRESS")),
                      lte(t.eta_ready_at, new Date(now.getTime() + SLA_WARNING_HOURS * 3600 * 1000)),
                    ),
                  ),
                )
              : undefined,
          ),
        ),
    );
    const start = input.after
      ? sql`coalesce((select position from ranked where ranked_id = ${input.after}), 0)`
      : sql`0`;
    return tx
      .with(ranked)
      .select({
        ticket: t,
        customer: customerTable,
        device: deviceTable,
        position: ranked.position,
        total: ranked.total,
      })
      .from(ranked)
      .innerJoin(t, eq(t.id, ranked.ranked_id))
      .innerJoin(customerTable, eq(customerTable.id, t.customer_id))
      .innerJoin(deviceTable, eq(deviceTable.id, t.device_id))
      .where(sql`${ranked.position} > ${start} and ${ranked.position} <= ${start} + ${limit}`)
      .orderBy(asc(t.status), asc(ranked.position));
  });
  const statuses = input.status ? [input.status] : ticketStatus.enumValues;
  const board: Kanban = { columns: {}, counts: {}, next: {} };
  for (const status of statuses) {
    board.columns[status] = [];
    board.counts[status] = 0;
    board.next[status] = null;
  }
  for (const row of rows) {
    const status = row.ticket.status;
    board.columns[status]!.push(toPublic(row, now));
    board.counts[status] = row.total;
    board.next[status] = row.position < row.total ? row.ticket.id : null;
  }
  return board;
}
