import { sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, ref, timestamps, utc } from "../db/columns";

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

/**
 * Refresh sessions: one row per login, the refresh token stored only as a SHA-256 hash and
 * rotated on every use. Logging out or disabling the user revokes them.
 */
export const authSessionTable = pgTable(
  "auth_sessions",
  {
    ...id,
    user_id: ref("user_id", () => userTable.id).notNull(),
    token_hash: text("token_hash").notNull(),
    expires_at: utc("expires_at").notNull(),
    revoked_at: utc("revoked_at"),
    ip: text("ip"),
    user_agent: text("user_agent"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("auth_sessions_token_unique").on(t.token_hash),
    index("auth_sessions_user_idx").on(t.user_id),
  ],
);
