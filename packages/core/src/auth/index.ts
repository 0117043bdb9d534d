import { eq } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { userTable } from "./auth.sql";
import { hash, policyRefinement, verify } from "./password";
import { type Meta, openSession, revokeAll } from "./session";

export * as Auth from "./index";
export {
  confirmAdmin,
  LOCK_MINUTES,
  LOGIN_ATTEMPTS_PER_IP,
  LOGIN_WINDOW_SECONDS,
  LoginInput,
  login,
  MAX_FAILED_LOGINS,
} from "./login";
export {
  authenticate,
  type Issued,
  logout,
  type Meta,
  openSession,
  refresh,
  revokeAll,
  type StaffUser,
} from "./session";
export type { Role } from "./token";
export { ACCESS_TTL_SECONDS, REFRESH_TTL_SECONDS } from "./token";

export const ChangePasswordInput = z.object({
  current_password: z.string().min(1).max(1024),
  new_password: z.string().min(1).max(1024),
});

/**
 * A signed-in user changes their own password: the current one must be right, the new one must
 * differ from it and meet the policy (issues on `new_password`, each with its reason code). It
 * ends every session of the user, the one asking included, and returns a fresh session for the
 * one asking: that device stays signed in, every other device must log in again. A temporary
 * password stops being one.
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
    .object({ email: z.string(), name: z.string(), current: z.string(), new_password: z.string() })
    .superRefine((value, ctx) => {
      if (value.new_password === value.current)
        ctx.addIssue({
          code: "custom",
          path: ["new_password"],
          message: "Choose a password other than the current one",
          params: { reason: "password.unchanged" },
        });
    })
    .superRefine(policyRefinement("new_password"))
    .parseAsync({ email: user.email, name: user.name, current: current_password, new_password });
  return createTransaction(async (tx) => {
    const [changed] = await tx
      .update(userTable)
      .set({ password_hash: await hash(new_password), must_change_password: false })
      .where(eq(userTable.id, user.id))
      .returning();
    await revokeAll(user.id);
    await Audit.record({ entity: "user", entity_id: user.id, action: "password_changed" });
    return openSession(changed!, meta);
  });
}
