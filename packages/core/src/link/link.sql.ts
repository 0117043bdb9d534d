import { index, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, utc } from "../db/columns";

export const linkScope = pgEnum("customer_link_scope", ["ticket", "invoice", "quote"]);

/**
 * Short customer links (/s/<id>, /e/<id>, /q/<id>): the id is 128 random bits, so it cannot be
 * guessed, and the row says what it opens and until when. Looked up by id in one query.
 */
export const customerLinkTable = pgTable(
  "customer_links",
  {
    id: text("id").primaryKey(),
    scope: linkScope("scope").notNull(),
    subject_id: uuid("subject_id").notNull(),
    expires_at: utc("expires_at").notNull(),
    ...createdAt,
  },
  (t) => [index("customer_links_subject_idx").on(t.scope, t.subject_id, t.expires_at)],
);
