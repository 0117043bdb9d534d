import { handle } from "hono/aws-lambda";
import { createStaffApp } from "../api/app";
import { AUTH_GROUPS } from "../api/groups";
import { loadApiEnv } from "../env/api";

loadApiEnv();

/** Sign-in, refresh, logout, password change (ANY /api/auth/{proxy+}): the password checks load on first use. */
export const handler = handle(createStaffApp(AUTH_GROUPS, { health: false }));
