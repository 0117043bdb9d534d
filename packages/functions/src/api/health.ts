import { createRoute, z } from "@hono/zod-openapi";
import { Health } from "@wapos/core/health/index";

const Component = z
  .object({
    status: z.enum(["ok", "error"]),
    latency_ms: z.number(),
    detail: z.record(z.string(), z.unknown()).optional(),
    error: z.string().optional(),
  })
  .openapi("HealthComponent");

export const HealthReport = z
  .object({
    status: z.enum(["ok", "error"]),
    components: z.object({
      database: Component,
      queues: Component,
      blob_store: Component,
      whatsapp_gateway: Component,
    }),
  })
  .openapi("HealthReport");

// GET /api/health – each component the product depends on, checked one by one
export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["platform"],
  summary: "Database, queues, blob store and WhatsApp gateway, each checked",
  responses: {
    200: { description: "Every component is ok", content: { "application/json": { schema: HealthReport } } },
    503: {
      description: "At least one component failed",
      content: { "application/json": { schema: HealthReport } },
    },
  },
});

export const checkHealth = async () => {
  const report = HealthReport.parse(await Health.check());
  return { report, status: report.status === "ok" ? (200 as const) : (503 as const) };
};
