import { handle } from "hono/aws-lambda";
import { createStaffApp, serveDocument } from "../api/app";
import { CORE_GROUPS, STAFF_GROUPS } from "../api/groups";
import { loadApiEnv } from "../env/api";

loadApiEnv();

/**
 * The staff API's day-to-day routes (ANY /api/{proxy+}); /api/auth/*, /api/einvoice/* and the
 * counter's paths are Lambdas of their own. The OpenAPI document describes all of them.
 */
const app = createStaffApp(CORE_GROUPS);
serveDocument(app, STAFF_GROUPS);

export const handler = handle(app);
