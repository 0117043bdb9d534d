import { pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { utc } from "../db/columns";

/**
 * Keys of queue messages whose effects are committed. A consumer inserts the key in the
 * same transaction as its work, so a redelivered message finds it and does nothing.
 */
export const processedMessageTable = pgTable(
  "processed_messages",
  {
    queue: text("queue").notNull(),
    message_key: text("message_key").notNull(),
    processed_at: utc("processed_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.queue, t.message_key] })],
);
