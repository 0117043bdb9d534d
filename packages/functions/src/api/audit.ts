import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Audit } from "@wapos/core/audit/index";
import { GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const Entry = z
  .object({
    id: z.string(),
    entity: z.string(),
    entity_id: z.string(),
    action: z.string(),
    diff: z.record(z.string(), z.unknown()),
    actor_type: z.string(),
    actor_id: z.string().nullable(),
    actor_name: z.string().nullable(),
    correlation_id: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("AuditEntry");

// GET /api/audit – who changed what, newest first, filtered
const list = secureRoute("/api", {
  method: "get",
  path: "/audit",
  tags: ["audit"],
  summary: "Read the audit log",
  request: { query: Audit.Filter },
  responses: {
    200: {
      description: "A page of entries; pass next_cursor as cursor for the next",
      content: {
        "application/json": {
          schema: z.object({ entries: z.array(Entry), next_cursor: z.string().nullable() }),
        },
      },
    },
    ...GUARDED_ERRORS,
  },
});

export function auditRoutes() {
  const app = new OpenAPIHono();
  app.openapi(list, async (c) => c.json(await Audit.list(c.req.valid("query")), 200));
  return app;
}
