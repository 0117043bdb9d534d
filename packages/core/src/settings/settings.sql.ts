import { boolean, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { id, ref, timestamps } from "../db/columns";

/**
 * One row per settings key; the value's shape is the key's zod schema. Secrets are stored
 * encrypted and are never returned by the API.
 */
export const settingTable = pgTable(
  "settings",
  {
    ...id,
    key: text("key").notNull(),
    value: jsonb("value").notNull(),
    is_secret: boolean("is_secret").notNull().default(false),
    updated_by: ref("updated_by", () => userTable.id),
    ...timestamps,
  },
  (t) => [uniqueIndex("settings_key_unique").on(t.key)],
);
