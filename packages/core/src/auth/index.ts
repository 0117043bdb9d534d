import { and, eq, gt, isNull, sql } from "drizzle-orm";
import * as z from "zod";
import { withActor } from "../actor";
import { Audit } from "../audit/index";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { RateLimit } from "../ratelimit/index";
import { useClock } from "../util/clock";
import { authSessionTable, userTable } from "./auth.sql";
import { decoyHash, hash, policyRefinement, verify } from "./password";
import {
  hashToken,
  newRefreshToken,
  REFRESH_TTL_SECONDS,
  type Role,
  signAccess,
  verifyAccess,
} from "./token";

export * as Auth from "./index";
export type { Role } from "./token";
export { ACCESS_TTL_SECONDS, REFRESH_TTL_SECONDS } from "./token";

/** Five wrong passwords lock the account for fifteen minutes, whatever is tried meanwhile. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Per client address, across all accounts: slows password spraying without locking anyone out. */
export const LOGIN_ATTEMPTS_PER_IP = 20;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

export const LoginInput = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});

export type Meta = { ip?: string; userAgent?: string };

export type StaffUser = { id: string; email: string; name: string; role: Role };
const toStaff = (row: typeof userTable.$inferSelect): StaffUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
});

async function issueSession(user: typeof userTable.$inferSelect, meta: Meta) {
  const now = useClock().now();
  const refresh = newRefreshToken();
  await useTransaction((tx) =>
    tx.insert(authSessionTable).values({
      user_id: user.id,
      token_hash: refresh.hash,
      expires_at: new Date(now.getTime() + REFRESH_TTL_SECONDS * 1000),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300),
    }),
  );
  const access = await signAccess(user, now);
  return {
    user: toStaff(user),
    accessToken: access.token,
    accessExpiresAt: access.expiresAt,
    refreshToken: refresh.token,
  };
}

/**
 * Checks an email and password and opens a session. Refuses with `auth.rate_limited` past
 * the per-address limit, `auth.locked` while the account is locked (even for the right
 * password), and `auth.invalid_credentials` otherwise, without saying whether the email exists.
 */
export async function login(input: z.input<typeof LoginInput>, meta: Meta = {}) {
  const { email, password } = LoginInput.parse(input);
  const limit = await RateLimit.hit(
    `login:ip:${meta.ip ?? "unknown"}`,
    LOGIN_ATTEMPTS_PER_IP,
    LOGIN_WINDOW_SECONDS,
  );
  if (!limit.allowed)
    throw new VisibleError("auth.rate_limited", "Too many login attempts from this address.", {
      retry_after: limit.retryAfterSeconds,
    });

  const [user] = await useTransaction((tx) =>
    tx.select().from(userTable).where(sql`lower(${userTable.email}) = ${email.toLowerCase()}`),
  );
  const invalid = () => new VisibleError("auth.invalid_credentials", "Wrong email or password.");
  if (user?.status !== "active" || !user.password_hash) {
    await verify(password, await decoyHash());
    throw invalid();
  }
  const now = useClock().now();
  const locked = (until: Date) =>
    new VisibleError("auth.locked", `Too many failed attempts. Try again after ${until.toISOString()}.`, {
      locked_until: until.toISOString(),
    });
  if (user.locked_until && user.locked_until > now) throw locked(user.locked_until);

  return withActor({ type: "user", properties: { userId: user.id, role: user.role } }, async () => {
    if (!(await verify(password, user.password_hash!))) {
      const lockedUntil = await createTransaction(async (tx) => {
        const [counted] = await tx
          .update(userTable)
          .set({ failed_logins: sql`${userTable.failed_logins} + 1` })
          .where(eq(userTable.id, user.id))
          .returning({ failed: userTable.failed_logins });
        if (counted!.failed < MAX_FAILED_LOGINS) {
          await Audit.record({ entity: "user", entity_id: user.id, action: "login_failed" });
          return undefined;
        }
        const until = new Date(now.getTime() + LOCK_MINUTES * 60 * 1000);
        await tx
          .update(userTable)
          .set({ failed_logins: 0, locked_until: until })
          .where(eq(userTable.id, user.id));
        await Audit.record({
          entity: "user",
          entity_id: user.id,
          action: "locked",
          diff: { locked_until: { from: null, to: until.toISOString() } },
        });
        return until;
      });
      throw lockedUntil ? locked(lockedUntil) : invalid();
    }
    return createTransaction(async (tx) => {
      await tx
        .update(userTable)
        .set({ failed_logins: 0, locked_until: null, last_login_at: now })
        .where(eq(userTable.id, user.id));
      await Audit.record({ entity: "user", entity_id: user.id, action: "login" });
      return issueSession(user, meta);
    });
  });
}

/**
 * Trades a refresh token for a new access token and a new refresh token (rotation). A
 * refresh token used twice means it was copied: every session of that user is revoked.
 */
export async function refresh(refreshToken: string, meta: Meta = {}) {
  const now = useClock().now();
  const invalid = () => new VisibleError("auth.invalid_token", "The session has ended. Log in again.");
  // The revocation on reuse must commit, so the transaction returns instead of throwing.
  const outcome = await createTransaction(async (tx) => {
    const [session] = await tx
      .select()
      .from(authSessionTable)
      .where(eq(authSessionTable.token_hash, hashToken(refreshToken)))
      .for("update");
    if (!session || session.expires_at <= now) return undefined;
    if (session.revoked_at) {
      await tx
        .update(authSessionTable)
        .set({ revoked_at: now })
        .where(and(eq(authSessionTable.user_id, session.user_id), isNull(authSessionTable.revoked_at)));
      return undefined;
    }
    const [user] = await tx.select().from(userTable).where(eq(userTable.id, session.user_id));
    if (user?.status !== "active") return undefined;
    await tx.update(authSessionTable).set({ revoked_at: now }).where(eq(authSessionTable.id, session.id));
    return issueSession(user, meta);
  });
  if (!outcome) throw invalid();
  return outcome;
}

/** Ends the session the refresh token belongs to. Unknown tokens are ignored. */
export async function logout(refreshToken: string | undefined) {
  if (!refreshToken) return;
  await useTransaction((tx) =>
    tx
      .update(authSessionTable)
      .set({ revoked_at: useClock().now() })
      .where(
        and(eq(authSessionTable.token_hash, hashToken(refreshToken)), isNull(authSessionTable.revoked_at)),
      ),
  );
}

/** The active user an access token belongs to; `auth.invalid_token` otherwise. Read fresh, so disabling or demoting a user takes effect at once. */
export async function authenticate(accessToken: string): Promise<StaffUser> {
  const userId = await verifyAccess(accessToken, useClock().now());
  const [user] = await useTransaction((tx) =>
    tx
      .select()
      .from(userTable)
      .where(and(eq(userTable.id, userId), eq(userTable.status, "active"))),
  );
  if (!user) throw new VisibleError("auth.invalid_token", "The session token is not valid.");
  return toStaff(user);
}

export const ChangePasswordInput = z.object({
  current_password: z.string().min(1).max(1024),
  new_password: z.string().min(1).max(1024),
});

/**
 * A signed-in user changes their own password: the current one must be right and the new one
 * meet the policy (issues on `new_password`). Every other session ends; a fresh one is returned.
 */
export async function changePassword(
  userId: string,
  input: z.input<typeof ChangePasswordInput>,
  meta: Meta = {},
) {
  const { current_password, new_password } = ChangePasswordInput.parse(input);
  const [user] = await useTransaction((tx) => tx.select().from(userTable).where(eq(userTable.id, userId)));
  if (user?.status !== "active" || !user.password_hash)
    throw new VisibleError("auth.invalid_token", "Log in again.");
  if (!(await verify(current_password, user.password_hash)))
    throw new VisibleError("auth.wrong_password", "The current password is not right.");
  await z
    .object({ email: z.string(), new_password: z.string() })
    .superRefine(policyRefinement("new_password"))
    .parseAsync({ email: user.email, new_password });
  return createTransaction(async (tx) => {
    await tx
      .update(userTable)
      .set({ password_hash: await hash(new_password) })
      .where(eq(userTable.id, user.id));
    await revokeAll(user.id);
    await Audit.record({ entity: "user", entity_id: user.id, action: "password_changed" });
    return issueSession(user, meta);
  });
}

/** Revokes every open session of a user (disabled, password reset). */
export async function revokeAll(userId: string) {
  await useTransaction((tx) =>
    tx
      .update(authSessionTable)
      .set({ revoked_at: useClock().now() })
      .where(
        and(
          eq(authSessionTable.user_id, userId),
          isNull(authSessionTable.revoked_at),
          gt(authSessionTable.expires_at, useClock().now()),
        ),
      ),
  );
}
