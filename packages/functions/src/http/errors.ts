import { VisibleError } from "@wapos/core/error";
import { log, useCorrelationId } from "@wapos/core/log";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError, type z } from "zod";

export type Issue = { path: string; message: string; code: string };

/** A rule's own issue ("custom") carries its reason code (`params.reason`, e.g. `password.weak`) as its code. */
const codeOf = (issue: z.core.$ZodIssue) =>
  issue.code === "custom" && typeof issue.params?.reason === "string" ? issue.params.reason : issue.code;

export const toIssues = (issues: readonly z.core.$ZodIssue[]): Issue[] =>
  issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
    code: codeOf(issue),
  }));

export const invalid = (c: Context, issues: readonly z.core.$ZodIssue[]) => refuse(c, toIssues(issues));

/** A 400 request.invalid listing each refused field; `message` repeats the first. */
export function refuse(c: Context, list: Issue[]) {
  const first = list[0];
  return c.json(
    {
      code: "request.invalid",
      message: first ? `${first.path}: ${first.message}` : "The request is not valid",
      issues: list,
    },
    400,
  );
}

/**
 * The one error funnel for every HTTP entry point: VisibleError → its kind's status with
 * {code, message}; ZodError → 400 with the issues; anything else is logged with the
 * correlation id and becomes 500 {code:"internal"}, so no internal detail leaks.
 */
export function onError(error: Error, c: Context) {
  if (error instanceof VisibleError) {
    const retryAfter = (error.details as { retry_after?: number } | undefined)?.retry_after;
    if (retryAfter) c.header("Retry-After", String(retryAfter));
    const body = {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    };
    return c.json(body, error.status);
  }
  if (error instanceof ZodError) return invalid(c, error.issues);
  if (error instanceof HTTPException) return fromHttpException(error, c);
  log.error("unhandled error", error, { method: c.req.method, path: c.req.path });
  return c.json(
    { code: "internal", message: "Something went wrong on our side.", correlation_id: useCorrelationId() },
    500,
  );
}

function fromHttpException(error: HTTPException, c: Context) {
  if (error.status === 400 && /malformed json/i.test(error.message)) {
    return c.json({ code: "request.malformed_json", message: "The request body is not valid JSON." }, 400);
  }
  if (error.status === 413) {
    return c.json({ code: "request.too_large", message: "The request body is too large." }, 413);
  }
  const code =
    error.status === 401 ? "auth.required" : error.status === 403 ? "auth.forbidden" : "request.invalid";
  return c.json(
    { code, message: error.message || "The request is not valid" },
    error.status as ContentfulStatusCode,
  );
}

export function notFound(c: Context) {
  return c.json({ code: "route.not_found", message: `No route for ${c.req.method} ${c.req.path}` }, 404);
}
