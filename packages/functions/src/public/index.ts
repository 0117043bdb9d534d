import { createRoute, z } from "@hono/zod-openapi";
import { subscribeAll } from "@wapos/core/subscriptions";
import { loadOnce } from "@wapos/core/util/lazy";
import { createApp, createFrame, publicActor } from "../http/app";
import { mountLazily, mountNow, type RouteGroup } from "../http/route-groups";

const BASE = "/api/public";

/** The public routes by what a customer does, each loaded by its first request (http/route-groups.ts). */
const PUBLIC_GROUPS: RouteGroup[] = [
  { segments: ["intake"], load: async () => [(await import("./intake")).intakeRoutes()] },
  { segments: ["tickets"], load: async () => [(await import("./status")).statusRoutes()] },
  { segments: ["einvoice"], load: async () => [(await import("./einvoice")).einvoiceRequestRoutes()] },
  { segments: ["quotes"], load: async () => [(await import("./quotes")).quoteRoutes()] },
];

// GET /api/public/ping – liveness for the public function, tells nothing about the shop
const ping = createRoute({
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
});

/** The public API for customers (intake, status links, e-invoice requests, quotes), served under /api/public. */
export function createPublicApi() {
  // A customer's action may one day raise an event (a notice refused by the consent rule): subscribe as every entry point does.
  subscribeAll();
  const app = createApp(BASE);
  app.use("*", publicActor);
  app.openapi(ping, (c) => c.json({ ok: true as const }, 200));
  mountLazily(app, PUBLIC_GROUPS, () => createFrame(BASE));
  const document = loadOnce(wholeDocument);
  app.get("/openapi.json", async (c) => c.json(await document()));
  return app;
}

/** The public API's OpenAPI document, every group loaded. */
async function wholeDocument() {
  const whole = createFrame(BASE);
  whole.openapi(ping, (c) => c.json({ ok: true as const }, 200));
  await mountNow(whole, PUBLIC_GROUPS);
  return whole.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "WA-POS-CRM public API", version: "0.1.0" },
  });
}
