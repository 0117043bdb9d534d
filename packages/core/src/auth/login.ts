import { eq, sql } from "drizzle-orm";
import * as z from "zod";
import { withActor } from "../actor";
import { Audit } from "../audit/index";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { RateLimit } from "../ratelimit/index";
import { useClock } from "../util/clock";
import { userTable } from "./auth.sql";
import { DECOY_HASH, verify } from "./password";
import { type Issued, type Meta, openSession } from "./session";

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

/**
 * Checks an email and password and opens a session. Refuses with `auth.rate_limited` past the
 * per-address limit, and otherwise with `auth.invalid_credentials`: for a wrong password, an
 * unknown email, a disabled account and a locked one (even with the right password) alike, after
 * the same password-hash verification, so neither the answer nor its timing tells which. Staff
 * see a lock on the Users page; the person at the login form does not.
 */
export async function login(input: z.input<typeof LoginInput>, meta: Meta = {}): Promise<Issued> {
  const { email, password } = LoginInput.parse(input);
  const limit = await RateLimit.hit(
    `login:ip:${RateLimit.addressKey(meta.ip)}`,
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
  const now = useClock().now();
  const locked = user?.locked_until && user.locked_until > now;
  const stored = user?.status === "active" && !locked ? user.password_hash : null;
  const right = await verify(password, stored ?? DECOY_HASH);
  const invalid = new VisibleError("auth.invalid_credentials", "Wrong email or password.");
  if (!user || !stored) throw invalid;

  return withActor({ type: "user", properties: { userId: user.id, role: user.role } }, async () => {
    if (!right) {
      await countFailure(user.id, now);
      throw invalid;
    }
    return createTransaction(async (tx) => {
      await tx
        .update(userTable)
        .set({ failed_logins: 0, locked_until: null, last_login_at: now })
        .where(eq(userTable.id, user.id));
      await Audit.record({ entity: "user", entity_id: user.id, action: "login" });
      return openSession(user, meta);
    });
  });
}

/** Counts a wrong password; the fifth in a row locks the account (audited, shown to admins). */
async function countFailure(userId: string, now: Date) {
  await createTransaction(async (tx) => {
    const [counted] = await tx
      .update(userTable)
      .set({ failed_logins: sql`${userTable.failed_logins} + 1` })
      .where(eq(userTable.id, userId))
      .returning({ failed: userTable.failed_logins });
    if (counted!.failed < MAX_FAILED_LOGINS) {
      await Audit.record({ entity: "user", entity_id: userId, action: "login_failed" });
      return;
    }
    const until = new Date(now.getTime() + LOCK_MINUTES * 60 * 1000);
    await tx.update(userTable).set({ failed_logins: 0, locked_until: until }).where(eq(userTable.id, userId));
    await Audit.record({
      entity: "user",
      entity_id: userId,
      action: "locked",
      diff: { locked_until: { from: null, to: until.toISOString() } },
    });
  });
}

/**
 * An admin's approval given on someone else's screen (a discount above the cashier's limit):
 * the admin's own email and password, checked as a login is (the same lock after five wrong
 * passwords, the same decoy timing), without opening a session. Answers the admin's id.
 */
export async function confirmAdmin(input: z.input<typeof LoginInput>): Promise<string> {
  const { email, password } = LoginInput.parse(input);
  const [user] = await useTransaction((tx) =>
    tx.select().from(userTable).where(sql`lower(${userTable.email}) = ${email.toLowerCase()}`),
  );
  const now = useClock().now();
  const locked = user?.locked_until && user.locked_until > now;
  const stored = user?.status === "active" && user.role === "admin" && !locked ? user.password_hash : null;
  const right = await verify(password, stored ?? DECOY_HASH);
  if (user && stored && !right) await countFailure(user.id, now);
  if (!user || !stored || !right)
    throw new VisibleError("sale.approval_invalid", "That is not an admin's email and password.");
  return user.id;
}
