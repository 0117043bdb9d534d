import { randomBytes } from "node:crypto";
import type * as z from "zod";
import type { Reason } from "./policy";

export type { Reason } from "./policy";

/**
 * argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane): about 60 ms here, slow enough to
 * make guessing expensive, fast enough for a login on a Lambda. hash-wasm is WebAssembly, so
 * the same code runs on Node 20, 22 and arm64 Lambda with nothing native to ship. Its 30 KB
 * (the module embeds its WebAssembly) load on the first hash or check, not at every cold start.
 */
export const PARAMS = { parallelism: 1, iterations: 2, memorySize: 19456, hashLength: 32 } as const;

export async function hash(password: string): Promise<string> {
  const { argon2id } = await import("hash-wasm");
  return argon2id({ ...PARAMS, password, salt: randomBytes(16), outputType: "encoded" });
}

export async function verify(password: string, encoded: string): Promise<boolean> {
  const { argon2Verify } = await import("hash-wasm");
  return argon2Verify({ password, hash: encoded });
}

/**
 * A hash with PARAMS of a random secret nobody kept. Login verifies against it for an unknown
 * email, a disabled or a locked account, so those cost the same work as a wrong password and
 * timing tells nothing. Fixed, so even the first such login after a cold start costs no extra hash.
 */
export const DECOY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$48rc/CEXtWSuA44KPg/iDg$Uo+WO+g8WSsL+uJFgq8eRJwq5eJ+qD40zyD1O7z5dXI";

/** A random password for invites and resets, shown once: 20 characters of base64url. */
export const temporary = () => randomBytes(15).toString("base64url");

/**
 * Why a password is refused (reason codes, most telling first); empty when it is accepted.
 * The policy's dictionaries are large, so they load here, on the first password set or
 * changed, never on a login or an ordinary request (and not at a Lambda's cold start).
 */
export async function policyIssues(
  password: string,
  user: { email: string; name?: string },
): Promise<{ reason: Reason; message: string }[]> {
  const policy = await import("./policy");
  return policy.check(password, user);
}

/** Checks `field` of an object against the policy, with the object's `email`; issues name the field and carry the reason. */
export const policyRefinement =
  (field: string) => async (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const user = { email: String(value.email ?? ""), name: typeof value.name === "string" ? value.name : "" };
    for (const { reason, message } of await policyIssues(String(value[field] ?? ""), user))
      ctx.addIssue({ code: "custom", path: [field], message, params: { reason } });
  };

/** A password field checked against the policy (use parseAsync); the email comes from the same object. */
export const withPolicy = <T extends z.ZodObject<{ email: z.ZodType<string> }>>(
  schema: T,
  field = "password",
) => schema.superRefine((value, ctx) => policyRefinement(field)(value as Record<string, unknown>, ctx));
