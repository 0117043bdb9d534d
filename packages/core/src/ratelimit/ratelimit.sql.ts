import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { utc } from "../db/columns";

/** Fixed-window counters shared by every Lambda (memory in one instance would not limit the rest). */
export const rateLimitTable = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  window_start: utc("window_start").notNull(),
  count: integer("count").notNull(),
});
