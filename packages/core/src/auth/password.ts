import { randomBytes } from "node:crypto";
import { argon2id, argon2Verify } from "hash-wasm";
import type * as z from "zod";

/**
 * argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane): about 60 ms here, slow enough to
 * make guessing expensive, fast enough for a login on a Lambda. hash-wasm is WebAssembly, so
 * the same code runs on Node 20, 22 and arm64 Lambda with nothing native to ship.
 */
const PARAMS = { parallelism: 1, iterations: 2, memorySize: 19456, hashLength: 32 } as const;

export async function hash(password: string): Promise<string> {
  return argon2id({ ...PARAMS, password, salt: randomBytes(16), outputType: "encoded" });
}

export async function verify(password: string, encoded: string): Promise<boolean> {
  return argon2Verify({ password, hash: encoded });
}

/** A hash of nothing anyone knows: verified against when the email is unknown, so timing tells nothing. */
let decoy: Promise<string> | undefined;
export const decoyHash = () => {
  decoy ??= hash(randomBytes(24).toString("hex"));
  return decoy;
};

export const MIN_LENGTH = 12;

/**
 * Mozilla's list of common passwords, loaded on first use: it decodes a quarter megabyte, which
 * should not slow every cold start of the API for the rare request that sets a password.
 */
let common: Promise<{ test(password: string): boolean }> | undefined;
const commonPasswords = () => {
  common ??= import("fxa-common-password-list").then((module) => module.default);
  return common;
};

/** The password policy: long, not the email, not a commonly used password (Mozilla's list). */
export async function policyIssues(password: string, email: string): Promise<string[]> {
  const issues: string[] = [];
  if (password.length < MIN_LENGTH) issues.push(`Use at least ${MIN_LENGTH} characters`);
  const lower = password.toLowerCase();
  const mail = email.toLowerCase();
  if (lower === mail || lower === mail.split("@")[0]) issues.push("Do not use your email address");
  if ((await commonPasswords()).test(password)) issues.push("This password is too common; choose another");
  return issues;
}

/** Checks `field` of an object against the policy, with the object's `email`; issues name the field. */
export const policyRefinement =
  (field: string) => async (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    for (const message of await policyIssues(String(value[field] ?? ""), String(value.email ?? "")))
      ctx.addIssue({ code: "custom", path: [field], message });
  };

/** A password field checked against the policy (use parseAsync); the email comes from the same object. */
export const withPolicy = <T extends z.ZodObject<{ email: z.ZodType<string> }>>(
  schema: T,
  field = "password",
) => schema.superRefine((value, ctx) => policyRefinement(field)(value as Record<string, unknown>, ctx));

/** A random password for invites and resets, shown once: 20 characters of base64url. */
export const temporary = () => randomBytes(15).toString("base64url");
