import { and, desc, eq, ilike, or, sql } from "drizzle-orm";
import * as z from "zod";
import { customerTable, deviceTable } from "../customer/customer.sql";
import { useTransaction } from "../db/transaction";
import { fn } from "../util/fn";
import { parseLabel } from "./base";
import { joined, toPublic } from "./queries";
import { workTicketEventTable, workTicketTable } from "./ticket.sql";

export const SearchInput = z.object({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/**
 * Finds tickets by what staff have at hand: the number (T-1042), the customer's phone or name,
 * the IMEI or serial, or words in the ticket's notes (the GIN full-text index). One query.
 */
export const search = fn(SearchInput, ({ q, limit }) =>
  useTransaction(async (tx) => {
    const number = parseLabel(q);
    const digits = q.replace(/\D/g, "").replace(/^0/, "");
    const words = sql`plainto_tsquery('simple', ${q})`;
    const rows = await joined(tx)
      .where(
        and(
          sql`${workTicketTable.deleted_at} is null`,
          or(
            number !== undefined ? eq(workTicketTable.number, number) : undefined,
            digits.length >= 4 ? sql`${customerTable.phone} like ${`%${digits}%`}` : undefined,
            ilike(customerTable.name, `%${q}%`),
            eq(deviceTable.imei, q),
            eq(deviceTable.serial, q),
            ilike(workTicketTable.problem, `%${q}%`),
            sql`exists (select 1 from ${workTicketEventTable} where ${workTicketEventTable.ticket_id} = ${workTicketTable.id} and to_tsvector('simple', coalesce(${workTicketEventTable.note}, '')) @@ ${words})`,
          ),
        ),
      )
      .orderBy(desc(workTicketTable.created_at))
      .limit(limit);
    return rows.map((row) => toPublic(row));
  }),
);
