import { createRoute, z } from "@hono/zod-openapi";
import { subscribeAll } from "@wapos/core/subscriptions";
import { createApp, publicActor } from "../http/app";
import { einvoiceRequestRoutes } from "./einvoice";
import { intakeRoutes } from "./intake";
import { quoteRoutes } from "./quotes";
import { statusRoutes } from "./status";

/** The public API for customers (intake, status links), served under /api/public. */
export function createPublicApi() {
  // A customer's action may one day raise an event (a notice refused by the consent rule): subscribe as every entry point does.
  subscribeAll();
  const app = createApp("/api/public");
  app.use("*", publicActor);
  // GET /api/public/ping – liveness for the public function, tells nothing about the shop
  app.openapi(
    createRoute({
      method: "get",
      path: "/ping",
      tags: ["public"],
      summary: "Liveness of the public API",
      responses: {
        200: {
          description: "Alive",
          content: { "application/json": { schema: z.object({ ok: z.literal(true) }) } },
        },
      },
    }),
    (c) => c.json({ ok: true as const }, 200),
  );
  app.route("/", intakeRoutes());
  app.route("/", statusRoutes());
  app.route("/", einvoiceRequestRoutes());
  app.route("/", quoteRoutes());
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "WA-POS-CRM public API", version: "0.1.0" },
  });
  return app;
}
