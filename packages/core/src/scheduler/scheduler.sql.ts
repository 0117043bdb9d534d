import { index, integer, jsonb, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { timestamps, utc } from "../db/columns";

export const scheduleState = pgEnum("schedule_state", ["pending", "fired", "cancelled"]);

/** One-time schedules for the local scheduler (EventBridge Scheduler holds them in AWS). */
export const scheduleTable = pgTable(
  "schedules",
  {
    name: text("name").primaryKey(),
    fire_at: utc("fire_at").notNull(),
    queue: text("queue").notNull(),
    body: jsonb("body").$type<Record<string, unknown>>().notNull(),
    state: scheduleState("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    last_error: text("last_error"),
    fired_at: utc("fired_at"),
    ...timestamps,
  },
  (t) => [index("schedules_due_idx").on(t.state, t.fire_at)],
);
