import { systemActor } from "@wapos/core/actor";
import { config } from "../config";
import { actor, createApp } from "../http/app";
import { devRoutes } from "./dev";
import { checkHealth, healthRoute } from "./health";

/** The staff API, served under /api. */
export function createApi() {
  const app = createApp("/api");
  app.use(
    "*",
    actor(() => systemActor("api")),
  );
  app.openapi(healthRoute, async (c) => {
    const { report, status } = await checkHealth();
    return c.json(report, status);
  });
  if (config.waMode() === "simulated") app.route("/", devRoutes());
  app.openAPIRegistry.registerComponent("securitySchemes", "devToken", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "WA-POS-CRM staff API", version: "0.1.0" },
  });
  return app;
}
