import type { OpenAPIHono } from "@hono/zod-openapi";
import { subscribeAll } from "@wapos/core/subscriptions";
import { loadOnce } from "@wapos/core/util/lazy";
import { createApp, createFrame, publicActor } from "../http/app";
import { mountLazily, mountNow, type RouteGroup } from "../http/route-groups";
import { secureRoute } from "../http/security";
import { checkHealth, healthRoute } from "./health";

export type StaffApp = ReturnType<typeof createApp>;

/**
 * The staff API under /api, serving the given route groups (api/groups.ts), each loaded by the
 * first request to one of its paths. The local runtime and the tests serve every group from one
 * app (index.ts); in AWS each concern is its own Lambda (packages/functions/src/lambda) with
 * only its groups, so the login function never loads the e-invoice engine and the reverse.
 * Every route's access comes from permissions.ts.
 */
export function createStaffApp(groups: readonly RouteGroup[], options: { health?: boolean } = {}) {
  // Staff actions (a consent withdrawn, a message cancelled) raise events tickets react to.
  subscribeAll();
  const app = createApp("/api");
  app.use("*", publicActor);
  if (options.health !== false) mountHealth(app);
  mountLazily(app, groups, () => createFrame("/api"));
  return app;
}

function mountHealth(app: OpenAPIHono) {
  app.openapi(secureRoute("/api", healthRoute), async (c) => {
    const { report, status } = await checkHealth();
    return c.json(report, status);
  });
}

/**
 * The staff API's OpenAPI document at /api/openapi.json, describing every group (not only those
 * the serving app has): built, with all of them loaded, the first time it is asked for.
 */
export function serveDocument(app: StaffApp, groups: readonly RouteGroup[]) {
  const document = loadOnce(() => wholeDocument(groups));
  app.get("/openapi.json", async (c) => c.json(await document()));
}

async function wholeDocument(groups: readonly RouteGroup[]) {
  const whole = createFrame("/api");
  mountHealth(whole);
  await mountNow(whole, groups);
  whole.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "wapos_session",
    description:
      "Set by POST /api/auth/login; writes also need the x-csrf-token header (the wapos_csrf cookie)",
  });
  whole.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  return whole.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "WA-POS-CRM staff API", version: "0.2.0" },
  });
}
