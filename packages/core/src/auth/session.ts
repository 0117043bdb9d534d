import { and, eq, gt, isNull, or, type SQL } from "drizzle-orm";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { useClock } from "../util/clock";
import { authRefreshUsedTable, authSessionTable, userTable } from "./auth.sql";
import {
  hashToken,
  newRefreshToken,
  REFRESH_TTL_SECONDS,
  type Role,
  signAccess,
  verifyAccess,
} from "./token";

export type Meta = { ip?: string; userAgent?: string };

/** The signed-in staff member, as the API shows them. */
export type StaffUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Signed in with a temporary password: only changing it, /me and logging out are allowed. */
  must_change_password: boolean;
};

export const toStaff = (row: typeof userTable.$inferSelect): StaffUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  must_change_password: row.must_change_password,
});

const tokens = async (user: typeof userTable.$inferSelect, sessionId: string, refreshToken: string) => {
  const access = await signAccess(user, sessionId, useClock().now());
  return {
    user: toStaff(user),
    sessionId,
    accessToken: access.token,
    accessExpiresAt: access.expiresAt,
    refreshToken,
  };
};

export type Issued = Awaited<ReturnType<typeof tokens>>;

/** Opens a session for a user whose credentials were just checked; in the caller's transaction. */
export async function openSession(user: typeof userTable.$inferSelect, meta: Meta = {}): Promise<Issued> {
  const now = useClock().now();
  const refresh = newRefreshToken();
  const [session] = await useTransaction((tx) =>
    tx
      .insert(authSessionTable)
      .values({
        user_id: user.id,
        token_hash: refresh.hash,
        expires_at: new Date(now.getTime() + REFRESH_TTL_SECONDS * 1000),
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300),
      })
      .returning({ id: authSessionTable.id }),
  );
  return tokens(user, session!.id, refresh.token);
}

const invalidToken = () => new VisibleError("auth.invalid_token", "The session has ended. Log in again.");

/**
 * Trades a refresh token for a new access token and a new refresh token in the same session
 * (rotation). A refresh token used twice means it was copied: every session of that user ends.
 */
export async function refresh(refreshToken: string, meta: Meta = {}): Promise<Issued> {
  // No token matches nothing: refused without asking the database.
  if (!refreshToken) throw invalidToken();
  const now = useClock().now();
  const tokenHash = hashToken(refreshToken);
  // The revocation on reuse must commit, so the transaction returns instead of throwing.
  const outcome = await createTransaction(async (tx) => {
    const [current] = await tx
      .select({ session: authSessionTable, user: userTable })
      .from(authSessionTable)
      .innerJoin(userTable, eq(userTable.id, authSessionTable.user_id))
      .where(eq(authSessionTable.token_hash, tokenHash))
      .for("update", { of: authSessionTable });
    if (!current) {
      const [reused] = await tx
        .select({ userId: authSessionTable.user_id })
        .from(authRefreshUsedTable)
        .innerJoin(authSessionTable, eq(authSessionTable.id, authRefreshUsedTable.session_id))
        .where(eq(authRefreshUsedTable.token_hash, tokenHash));
      if (reused) await revokeAll(reused.userId);
      return undefined;
    }
    const { session, user } = current;
    if (session.revoked_at || session.expires_at <= now || user.status !== "active") return undefined;
    const next = newRefreshToken();
    await tx.insert(authRefreshUsedTable).values({ token_hash: tokenHash, session_id: session.id });
    await tx
      .update(authSessionTable)
      .set({
        token_hash: next.hash,
        expires_at: new Date(now.getTime() + REFRESH_TTL_SECONDS * 1000),
        ip: meta.ip ?? session.ip,
        user_agent: meta.userAgent?.slice(0, 300) ?? session.user_agent,
      })
      .where(eq(authSessionTable.id, session.id));
    return tokens(user, session.id, next.token);
  });
  if (!outcome) throw invalidToken();
  return outcome;
}

/**
 * Ends the session a refresh token or an access token belongs to (the dashboard sends both,
 * an API client may have only its access token). Unknown or invalid tokens are ignored.
 */
export async function logout(given: { refreshToken?: string; accessToken?: string }) {
  const which: SQL[] = [];
  if (given.refreshToken) which.push(eq(authSessionTable.token_hash, hashToken(given.refreshToken)));
  if (given.accessToken) {
    const named = await verifyAccess(given.accessToken, useClock().now()).catch(() => undefined);
    if (named)
      which.push(and(eq(authSessionTable.id, named.sessionId), eq(authSessionTable.user_id, named.userId))!);
  }
  if (!which.length) return;
  await useTransaction((tx) =>
    tx
      .update(authSessionTable)
      .set({ revoked_at: useClock().now() })
      .where(and(or(...which), isNull(authSessionTable.revoked_at))),
  );
}

/**
 * The active user an access token belongs to, while the session it names is live;
 * `auth.invalid_token` otherwise. One statement: the user and the session are read together,
 * fresh, so logging out, a password change, refresh-token reuse, disabling or demoting a user
 * take effect on the next request.
 */
export async function authenticate(accessToken: string): Promise<StaffUser> {
  const now = useClock().now();
  const { userId, sessionId } = await verifyAccess(accessToken, now);
  const [user] = await useTransaction((tx) =>
    tx
      .select({
        id: userTable.id,
        email: userTable.email,
        name: userTable.name,
        role: userTable.role,
        must_change_password: userTable.must_change_password,
      })
      .from(userTable)
      .innerJoin(
        authSessionTable,
        and(
          eq(authSessionTable.id, sessionId),
          eq(authSessionTable.user_id, userTable.id),
          isNull(authSessionTable.revoked_at),
          gt(authSessionTable.expires_at, now),
        ),
      )
      .where(and(eq(userTable.id, userId), eq(userTable.status, "active"))),
  );
  if (!user) throw invalidToken();
  return user;
}

/** Ends every open session of a user (disabled, password changed or reset, refresh token reused). */
export async function revokeAll(userId: string) {
  const now = useClock().now();
  await useTransaction((tx) =>
    tx
      .update(authSessionTable)
      .set({ revoked_at: now })
      .where(
        and(
          eq(authSessionTable.user_id, userId),
          isNull(authSessionTable.revoked_at),
          gt(authSessionTable.expires_at, now),
        ),
      ),
  );
}
