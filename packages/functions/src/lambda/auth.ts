import { handle } from "hono/aws-lambda";
import { createStaffApp } from "../api/app";
import { authRoutes } from "../api/auth";
import { loadApiEnv } from "../env/api";

loadApiEnv();

/** Sign-in, refresh, logout, password change (ANY /api/auth/{proxy+}): the password checks load on first use. */
export const handler = handle(createStaffApp((app) => app.route("/", authRoutes()), { health: false }));
