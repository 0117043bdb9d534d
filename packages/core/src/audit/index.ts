import { and, desc, eq, gte, lt, lte, type SQL, sql } from "drizzle-orm";
import type { PgInsertValue } from "drizzle-orm/pg-core";
import * as z from "zod";
import { type Actor, useActor } from "../actor";
import { userTable } from "../auth/auth.sql";
import { useTransaction } from "../db/transaction";
import { useCorrelationId } from "../log";
import { Instant } from "../util/dates";
import { fn } from "../util/fn";
import { auditLogTable } from "./audit.sql";

export * as Audit from "./index";

export type Change = { from: unknown; to: unknown };
export type Diff = Record<string, Change>;

/** Who the actor is, as one string: the user's id, the customer's phone, the system part's name. */
export function actorId(actor: Actor): string | null {
  switch (actor.type) {
    case "user":
      return actor.properties.userId;
    case "customer":
      return actor.properties.phone;
    case "system":
      return actor.properties.name;
    default:
      return null;
  }
}

/** Records a write made by the current actor, in the caller's transaction. */
export async function record(input: Entry) {
  await useTransaction((tx) => tx.insert(auditLogTable).values(entry(input)));
}

type Entry = { entity: string; entity_id: string; action: string; diff?: Diff | SQL };

/**
 * An audit row by the current actor, for a statement that writes it with the change itself (a
 * sale's one insert, say). The diff may be SQL when a figure it names is made in that statement.
 */
export function entry(input: Entry): PgInsertValue<typeof auditLogTable> {
  const actor = useActor();
  return {
    entity: input.entity,
    entity_id: input.entity_id,
    action: input.action,
    diff: input.diff ?? {},
    actor_type: actor.type,
    actor_id: actorId(actor),
    correlation_id: useCorrelationId(),
  };
}

/**
 * The fields that differ between two flat-ish objects (nested objects compared as JSON).
 * Fields named in `masked` show only that they changed, never their values.
 */
export function diffOf(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  masked: readonly string[] = [],
): Diff {
  const diff: Diff = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    diff[key] = masked.includes(key)
      ? {
          from: before[key] === undefined ? "(not set)" : "(set)",
          to: after[key] === undefined ? "(cleared)" : "(changed)",
        }
      : { from: before[key] ?? null, to: after[key] ?? null };
  }
  return diff;
}

export const Filter = z.object({
  entity: z.string().max(64).optional(),
  entity_id: z.string().max(128).optional(),
  actor_type: z.enum(["user", "customer", "bot", "system", "public"]).optional(),
  actor_id: z.string().max(128).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  /** The id of the last entry already seen; ids are UUID v7, so they sort by time. */
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Newest first, filtered, a page at a time. */
export const list = fn(Filter, (filter) =>
  useTransaction(async (tx) => {
    const conditions: SQL[] = [];
    if (filter.entity) conditions.push(eq(auditLogTable.entity, filter.entity));
    if (filter.entity_id) conditions.push(eq(auditLogTable.entity_id, filter.entity_id));
    if (filter.actor_type) conditions.push(eq(auditLogTable.actor_type, filter.actor_type));
    if (filter.actor_id) conditions.push(eq(auditLogTable.actor_id, filter.actor_id));
    if (filter.from) conditions.push(gte(auditLogTable.created_at, new Date(filter.from)));
    if (filter.to) conditions.push(lte(auditLogTable.created_at, new Date(filter.to)));
    if (filter.cursor) conditions.push(lt(auditLogTable.id, filter.cursor));
    const rows = await tx
      .select({ entry: auditLogTable, actor_name: userTable.name })
      .from(auditLogTable)
      .leftJoin(
        userTable,
        and(eq(auditLogTable.actor_type, "user"), sql`${auditLogTable.actor_id} = ${userTable.id}::text`),
      )
      .where(and(...conditions))
      .orderBy(desc(auditLogTable.id))
      .limit(filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    return {
      entries: page.map(({ entry, actor_name }) => ({
        ...entry,
        actor_name,
        created_at: entry.created_at.toISOString(),
      })),
      next_cursor: rows.length > filter.limit ? page.at(-1)!.entry.id : null,
    };
  }),
);
