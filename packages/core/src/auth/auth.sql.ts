import { sql } from "drizzle-orm";
import { integer, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, timestamps, utc } from "../db/columns";

export const userRole = pgEnum("user_role", ["admin", "tech", "cashier"]);
export const userStatus = pgEnum("user_status", ["invited", "active", "disabled"]);

export const userTable = pgTable(
  "users",
  {
    ...id,
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: userRole("role").notNull(),
    status: userStatus("status").notNull().default("active"),
    password_hash: text("password_hash"),
    failed_logins: integer("failed_logins").notNull().default(0),
    locked_until: utc("locked_until"),
    last_login_at: utc("last_login_at"),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`)],
);
