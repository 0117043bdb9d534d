import type { OpenAPIHono } from "@hono/zod-openapi";
import { subscribeAll } from "@wapos/core/subscriptions";
import { createApp, publicActor } from "../http/app";
import { secureRoute } from "../http/security";
import { checkHealth, healthRoute } from "./health";

export type StaffApp = ReturnType<typeof createApp>;

/**
 * The staff API's frame under /api, with the route groups `mount` adds. The local runtime and
 * the tests mount every group in one app (index.ts); in AWS each concern is its own Lambda
 * (packages/functions/src/lambda), mounting only its groups, so the login function never
 * loads the e-invoice engine and the reverse. Every route's access comes from permissions.ts.
 */
export function createStaffApp(mount: (app: StaffApp) => void, options: { health?: boolean } = {}) {
  // Staff actions (a consent withdrawn, a message cancelled) raise events tickets react to.
  subscribeAll();
  const app = createApp("/api");
  app.use("*", publicActor);
  if (options.health !== false)
    app.openapi(secureRoute("/api", healthRoute), async (c) => {
      const { report, status } = await checkHealth();
      return c.json(report, status);
    });
  mount(app);
  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "wapos_session",
    description:
      "Set by POST /api/auth/login; writes also need the x-csrf-token header (the wapos_csrf cookie)",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  return app;
}

/** The staff API's OpenAPI document, at /api/openapi.json. */
export function serveDocument(app: OpenAPIHono | StaffApp) {
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "WA-POS-CRM staff API", version: "0.2.0" },
  });
}
