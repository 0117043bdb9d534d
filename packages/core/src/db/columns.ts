import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { numeric, timestamp, uuid } from "drizzle-orm/pg-core";
import { createId } from "../util/id";

/** Primary key: UUID v7 made in the application (PostgreSQL 15 has no uuidv7()). */
export const id = {
  id: uuid("id").primaryKey().$defaultFn(createId),
};

export const utc = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const createdAt = {
  created_at: utc("created_at").notNull().defaultNow(),
};

/** Row times in UTC, plus soft delete: rows are hidden by `deleted_at`, never removed. */
export const timestamps = {
  ...createdAt,
  updated_at: utc("updated_at")
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
  deleted_at: utc("deleted_at"),
};

/** Money is NUMERIC(12,2) in the database and a decimal string in code: never a JS float. */
export const money = (name: string) => numeric(name, { precision: 12, scale: 2 });

/** A foreign key with the project's rule: follow key updates, refuse deletes that orphan rows. */
export const ref = (name: string, target: () => AnyPgColumn) =>
  uuid(name).references(target, { onUpdate: "cascade", onDelete: "restrict" });
