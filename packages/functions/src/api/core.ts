import { config } from "../config";
import type { StaffApp } from "./app";
import { auditRoutes } from "./audit";
import { customerRoutes } from "./customers";
import { devRoutes } from "./dev";
import { intakeFormRoutes } from "./intake-form";
import { settingsRoutes } from "./settings";
import { ticketRoutes } from "./tickets";
import { userRoutes } from "./users";
import { whatsappRoutes } from "./whatsapp";

/** The shop's day-to-day routes: the staff `api` Lambda in AWS (not auth, not e-invoices). */
export function mountCore(app: StaffApp) {
  app.route("/", settingsRoutes());
  app.route("/", userRoutes());
  app.route("/", auditRoutes());
  app.route("/", ticketRoutes());
  app.route("/", customerRoutes());
  app.route("/", intakeFormRoutes());
  app.route("/", whatsappRoutes());
  if (config.waMode() === "simulated") app.route("/", devRoutes());
}
