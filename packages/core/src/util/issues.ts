import * as z from "zod";

export type Issue = { path: (string | number)[]; message: string };

/**
 * A ZodError for checks made outside a schema (they need the database or another field), so
 * they reach the caller exactly like schema issues: 400 request.invalid naming each field.
 * Made by zod itself: a hand-built `new ZodError()` is not an `Error` that frameworks catch.
 */
export function inputError(issues: Issue[]): z.ZodError {
  const result = z
    .unknown()
    .superRefine((_, ctx) => {
      for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    })
    .safeParse(undefined);
  return result.error!;
}
