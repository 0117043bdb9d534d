import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Settings } from "@wapos/core/settings/index";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const SettingsView = z.object({ settings: Settings.View }).openapi("Settings");

// GET /api/settings – every section; secrets only as {set, last4}
const read = secureRoute("/api", {
  method: "get",
  path: "/settings",
  tags: ["settings"],
  summary: "Read the shop's settings",
  responses: {
    200: { description: "Settings", content: { "application/json": { schema: SettingsView } } },
    ...GUARDED_ERRORS,
  },
});

// PUT /api/settings – save whole sections; a secret is replaced by a string, cleared by null, kept when left out
const write = secureRoute("/api", {
  method: "put",
  path: "/settings",
  tags: ["settings"],
  summary: "Save settings sections",
  request: { body: { required: true, content: { "application/json": { schema: Settings.Update } } } },
  responses: {
    200: { description: "Saved", content: { "application/json": { schema: SettingsView } } },
    400: errorResponse("request.invalid: issues name each refused field"),
    ...GUARDED_ERRORS,
  },
});

export function settingsRoutes() {
  const app = new OpenAPIHono();
  app.openapi(read, async (c) => c.json({ settings: await Settings.get() }, 200));
  app.openapi(write, async (c) => c.json({ settings: await Settings.update(c.req.valid("json")) }, 200));
  return app;
}
