import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, ref, timestamps, utc } from "../db/columns";

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
    /** Set while the password is one an admin or the first start handed out: it must be replaced first. */
    must_change_password: boolean("must_change_password").notNull().default(false),
    failed_logins: integer("failed_logins").notNull().default(0),
    locked_until: utc("locked_until"),
    last_login_at: utc("last_login_at"),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`)],
);

/**
 * Sessions: one row per login, named by every access token issued in it (`sid`), so ending the
 * row ends those tokens at once. Holds the current refresh token only as a SHA-256 hash; it is
 * rotated on every use. Logging out, a password change, refresh-token reuse and disabling the
 * user revoke rows.
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

/**
 * Refresh tokens already traded in (SHA-256 hashes). One presented again was copied: every
 * session of its user ends.
 */
export const authRefreshUsedTable = pgTable(
  "auth_refresh_used",
  {
    token_hash: text("token_hash").primaryKey(),
    session_id: ref("session_id", () => authSessionTable.id).notNull(),
    ...createdAt,
  },
  (t) => [index("auth_refresh_used_session_idx").on(t.session_id)],
);
