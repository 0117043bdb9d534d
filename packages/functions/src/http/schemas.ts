import { z } from "@hono/zod-openapi";

export const ErrorBody = z
  .object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi("Error");

const json = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorBody } },
});

/** The error responses every guarded route can give, for the OpenAPI document. */
export const GUARDED_ERRORS = {
  401: json("Not logged in, or the session is not valid"),
  403: json("The role does not allow this, or a cookie-authenticated write without its CSRF header"),
} as const;

export const errorResponse = json;
