import { config } from "../config";
import { createApp, publicActor } from "../http/app";
import { secureRoute } from "../http/security";
import { auditRoutes } from "./audit";
import { authRoutes } from "./auth";
import { customerRoutes } from "./customers";
import { devRoutes } from "./dev";
import { einvoiceRoutes } from "./einvoice";
import { checkHealth, healthRoute } from "./health";
import { intakeFormRoutes } from "./intake-form";
import { settingsRoutes } from "./settings";
import { ticketRoutes } from "./tickets";
import { userRoutes } from "./users";
import { whatsappRoutes } from "./whatsapp";

/** The staff API, served under /api. Every route's access comes from api/permissions.ts. */
export function createApi() {
  const app = createApp("/api");
  app.use("*", publicActor);
  app.openapi(secureRoute("/api", healthRoute), async (c) => {
    const { report, status } = await checkHealth();
    return c.json(report, status);
  });
  app.route("/", authRoutes());
  app.route("/", settingsRoutes());
  app.route("/", userRoutes());
  app.route("/", auditRoutes());
  app.route("/", ticketRoutes());
  app.route("/", customerRoutes());
  app.route("/", intakeFormRoutes());
  app.route("/", whatsappRoutes());
  app.route("/", einvoiceRoutes());
  if (config.waMode() === "simulated") app.route("/", devRoutes());
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
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "WA-POS-CRM staff API", version: "0.2.0" },
  });
  return app;
}
