import { z } from "@hono/zod-openapi";

export const ErrorBody = z
  .object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    correlation_id: z.string().optional().describe("On internal errors: quote it when reporting the problem"),
  })
  .openapi("Error");

const json = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorBody } },
});

/** The error responses every guarded route can give, for the OpenAPI document. */
export const GUARDED_ERRORS = {
  401: json("Not logged in, or the session has ended"),
  403: json(
    "auth.forbidden (the role does not allow this), auth.csrf (a cookie-authenticated write without its CSRF header) or auth.password_change_required (signed in with a temporary password)",
  ),
} as const;

export const errorResponse = json;

/** Where to PUT one file (a photo, a logo): the key to name afterwards, the URL, its size limit and headers. */
export const UploadTarget = z
  .object({
    key: z.string(),
    upload_url: z.string(),
    max_bytes: z.number().int(),
    headers: z.record(z.string(), z.string()).describe("Send these headers with the PUT"),
  })
  .openapi("UploadTarget");
