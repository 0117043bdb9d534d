import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import * as z from "zod";
import { systemActor, withActor } from "../actor";
import { Audit } from "../audit/index";
import { userTable } from "../auth/auth.sql";
import { Auth } from "../auth/index";
import { hash, temporary, withPolicy } from "../auth/password";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { fn } from "../util/fn";

export * as User from "./index";

export const Role = z.enum(["admin", "tech", "cashier"]);
export type Row = typeof userTable.$inferSelect;

/** The API shape: never the password hash or the failure counter. Only admins see it, lock included. */
export function toPublic(row: Row) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    last_login_at: row.last_login_at?.toISOString() ?? null,
    locked_until: row.locked_until?.toISOString() ?? null,
    must_change_password: row.must_change_password,
    created_at: row.created_at.toISOString(),
  };
}

export const list = () =>
  useTransaction((tx) =>
    tx.select().from(userTable).where(sql`${userTable.deleted_at} is null`).orderBy(asc(userTable.name)),
  );

async function getOrThrow(id: string) {
  const [row] = await useTransaction((tx) => tx.select().from(userTable).where(eq(userTable.id, id)));
  if (!row) throw new VisibleError("users.not_found", "No such user.");
  return row;
}

async function insert(input: {
  email: string;
  name: string;
  role: Row["role"];
  password: string;
  temporary: boolean;
}) {
  return createTransaction(async (tx) => {
    const [taken] = await tx
      .select({ id: userTable.id })
      .from(userTable)
      .where(sql`lower(${userTable.email}) = ${input.email.toLowerCase()}`);
    if (taken) throw new VisibleError("users.email_taken", "Another account uses this email.");
    const [row] = await tx
      .insert(userTable)
      .values({
        email: input.email,
        name: input.name,
        role: input.role,
        status: "active",
        password_hash: await hash(input.password),
        must_change_password: input.temporary,
      })
      .returning();
    await Audit.record({
      entity: "user",
      entity_id: row!.id,
      action: "create",
      diff: {
        email: { from: null, to: row!.email },
        name: { from: null, to: row!.name },
        role: { from: null, to: row!.role },
      },
    });
    return row!;
  });
}

export const CreateInput = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(120),
  role: Role,
});

/**
 * Creates an account with a temporary password, returned once for the admin to hand over; the
 * new user must choose their own at first login (the admin should not know it).
 */
export const create = fn(CreateInput, async (input) => {
  const password = temporary();
  const row = await insert({ ...input, password, temporary: true });
  return { user: row, temporaryPassword: password };
});

export const UpdateInput = z
  .object({
    role: Role.optional(),
    status: z.enum(["active", "disabled"]).optional(),
    name: z.string().trim().min(1).max(120).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Send role, status or name");

/**
 * Changes a user's role, status or name. Refuses (`users.last_admin`) a change that would leave
 * no active admin; disabling a user ends their sessions at once.
 */
export async function update(id: string, input: z.input<typeof UpdateInput>) {
  const patch = UpdateInput.parse(input);
  return createTransaction(async (tx) => {
    const before = await getOrThrow(id);
    const losesAdmin =
      before.role === "admin" &&
      before.status === "active" &&
      ((patch.role && patch.role !== "admin") || patch.status === "disabled");
    if (losesAdmin) {
      // Lock the admin rows first, so two admins demoting each other at once cannot both succeed.
      await tx.select({ id: userTable.id }).from(userTable).where(eq(userTable.role, "admin")).for("update");
      const [{ others }] = (await tx
        .select({ others: count() })
        .from(userTable)
        .where(and(eq(userTable.role, "admin"), eq(userTable.status, "active"), ne(userTable.id, id)))) as [
        { others: number },
      ];
      if (others === 0)
        throw new VisibleError("users.last_admin", "The shop must keep at least one active admin.");
    }
    const [after] = await tx.update(userTable).set(patch).where(eq(userTable.id, id)).returning();
    if (patch.status === "disabled") await Auth.revokeAll(id);
    const diff = Audit.diffOf(
      { role: before.role, status: before.status, name: before.name },
      { role: after!.role, status: after!.status, name: after!.name },
    );
    await Audit.record({ entity: "user", entity_id: id, action: "update", diff });
    return after!;
  });
}

/**
 * Sets a new temporary password (to be changed at the next login), unlocks the account and ends
 * its sessions; returns the password once.
 */
export async function resetPassword(id: string) {
  return createTransaction(async (tx) => {
    await getOrThrow(id);
    const password = temporary();
    await tx
      .update(userTable)
      .set({
        password_hash: await hash(password),
        must_change_password: true,
        failed_logins: 0,
        locked_until: null,
      })
      .where(eq(userTable.id, id));
    await Auth.revokeAll(id);
    await Audit.record({ entity: "user", entity_id: id, action: "reset_password" });
    return { temporaryPassword: password };
  });
}

const FirstAdminInput = z.object({
  email: z.email(),
  password: z.string(),
  name: z.string().default("Admin"),
});
/** The first admin from ADMIN_EMAIL / ADMIN_PASSWORD: a chosen password must meet the policy. */
export const FirstAdmin = withPolicy(FirstAdminInput);

/**
 * On the first start (no users yet) creates the admin: from ADMIN_EMAIL / ADMIN_PASSWORD when
 * given (the password must meet the policy; the operator chose it, so it is kept), else with a
 * generated password that is returned to be printed once and must be changed at first login.
 * Does nothing when any user exists.
 */
export async function ensureFirstAdmin(input: { email?: string; password?: string }) {
  const [{ n }] = (await useTransaction((tx) => tx.select({ n: count() }).from(userTable))) as [
    { n: number },
  ];
  if (n > 0) return undefined;
  const email = input.email ?? "admin@localhost.localdomain";
  const generated = input.password ? undefined : temporary();
  const admin = generated
    ? FirstAdminInput.parse({ email, password: generated })
    : await FirstAdmin.parseAsync({ email, password: input.password });
  const row = await withActor(systemActor("first-start"), () =>
    insert({
      email: admin.email,
      name: admin.name,
      role: "admin",
      password: admin.password,
      temporary: generated !== undefined,
    }),
  );
  return { user: row, generatedPassword: generated };
}
