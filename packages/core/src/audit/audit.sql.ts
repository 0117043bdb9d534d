import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id } from "../db/columns";
import { actorType } from "../ticket/ticket.sql";

/** Who changed what. Append-only: there is no update or delete path for these rows. */
export const auditLogTable = pgTable(
  "audit_logs",
  {
    ...id,
    entity: text("entity").notNull(),
    entity_id: text("entity_id").notNull(),
    action: text("action").notNull(),
    diff: jsonb("diff").$type<Record<string, unknown>>().notNull().default({}),
    actor_type: actorType("actor_type").notNull(),
    actor_id: text("actor_id"),
    correlation_id: text("correlation_id"),
    ...createdAt,
  },
  (t) => [
    index("audit_logs_entity_idx").on(t.entity, t.entity_id, t.created_at),
    index("audit_logs_actor_idx").on(t.actor_type, t.actor_id, t.created_at),
    index("audit_logs_created_idx").on(t.created_at),
  ],
);
