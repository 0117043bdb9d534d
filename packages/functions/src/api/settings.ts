import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Settings } from "@wapos/core/settings/index";
import { SettingsLogo } from "@wapos/core/settings/logo";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const SettingsView = z
  .object({
    settings: Settings.View,
    logo_url: z.string().nullable().openapi({ description: "The shop logo for an hour, or null" }),
  })
  .openapi("Settings");

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

// POST /api/settings/logo – where to upload a new shop logo (then save shop.logo_key)
const logo = secureRoute("/api", {
  method: "post",
  path: "/settings/logo",
  tags: ["settings"],
  summary: "Get an upload URL for the shop logo",
  request: { body: { required: true, content: { "application/json": { schema: SettingsLogo.LogoUpload } } } },
  responses: {
    200: {
      description: "PUT the image to upload_url with its Content-Type within five minutes",
      content: {
        "application/json": {
          schema: z.object({ key: z.string(), upload_url: z.string(), max_bytes: z.number() }),
        },
      },
    },
    400: errorResponse("Not a PNG, JPEG or WebP"),
    ...GUARDED_ERRORS,
  },
});

async function view(settings: Awaited<ReturnType<typeof Settings.get>>) {
  return { settings, logo_url: await SettingsLogo.logoUrl(settings.shop.logo_key) };
}

export function settingsRoutes() {
  const app = new OpenAPIHono();
  app.openapi(read, async (c) => c.json(await view(await Settings.get()), 200));
  app.openapi(write, async (c) => c.json(await view(await SettingsLogo.save(c.req.valid("json"))), 200));
  app.openapi(logo, async (c) => c.json(await SettingsLogo.logoUpload(c.req.valid("json")), 200));
  return app;
}
