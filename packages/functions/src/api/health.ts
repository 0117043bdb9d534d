import { createRoute, z } from "@hono/zod-openapi";
import { Health } from "@wapos/core/health/index";

const Status = z
  .enum(["ok", "warn", "error"])
  .describe("ok; warn: working, but someone should look (dead letters); error: broken");

const Component = z
  .object({
    status: Status,
    latency_ms: z.number(),
    detail: z.record(z.string(), z.unknown()).optional(),
    error: z.string().optional(),
  })
  .openapi("HealthComponent");

export const HealthReport = z
  .object({
    status: Status,
    components: z.object({
      database: Component,
      queues: Component,
      dead_letters: Component.describe("detail: messages in each queue's dead-letter queue"),
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
  summary: "Database, queues and their dead letters, blob store and WhatsApp gateway, each checked",
  responses: {
    200: {
      description: "No component failed (status warn: messages wait in a dead-letter queue)",
      content: { "application/json": { schema: HealthReport } },
    },
    503: {
      description: "At least one component failed",
      content: { "application/json": { schema: HealthReport } },
    },
  },
});

export const checkHealth = async () => {
  const report = HealthReport.parse(await Health.check());
  return { report, status: report.status === "error" ? (503 as const) : (200 as const) };
};
