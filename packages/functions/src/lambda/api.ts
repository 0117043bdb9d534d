import type { OpenAPIHono } from "@hono/zod-openapi";
import { handle } from "hono/aws-lambda";
import { createStaffApp } from "../api/app";
import { mountCore } from "../api/core";
import { loadApiEnv } from "../env/api";

loadApiEnv();

/**
 * The staff API's day-to-day routes (ANY /api/{proxy+}); /api/auth/* and /api/einvoice/* are
 * Lambdas of their own. The OpenAPI document describes all of them, so it is built from the
 * whole app, loaded only when the document is asked for.
 */
let whole: Promise<OpenAPIHono> | undefined;
const app = createStaffApp(mountCore);
app.get("/openapi.json", async (c) => {
  whole ??= import("../api/index").then((m) => m.createApi() as unknown as OpenAPIHono);
  return (await whole).fetch(c.req.raw);
});

export const handler = handle(app);
