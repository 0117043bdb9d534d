import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { VisibleError } from "@wapos/core/error";
import { Intake } from "@wapos/core/intake/index";
import { Settings } from "@wapos/core/settings/index";
import { SettingsLogo } from "@wapos/core/settings/logo";
import type { Context } from "hono";
import { ZodError } from "zod";
import { errorResponse } from "../http/schemas";
import { clientIp } from "../http/security";

/** The most a form posted without JavaScript may carry: five phone photos. */
export const FORM_POST_MAX_BYTES = 45 * 1024 * 1024;

const Json = z.record(z.string(), z.unknown());

// GET /api/public/intake – the form to answer, a photo upload session and the shop's name
const form = createRoute({
  method: "get",
  path: "/intake",
  tags: ["intake"],
  summary: "The intake form",
  responses: {
    200: { description: "Form, upload session, shop", content: { "application/json": { schema: Json } } },
  },
});

// POST /api/public/intake/photos – where to upload one photo of this form
const photo = createRoute({
  method: "post",
  path: "/intake/photos",
  tags: ["intake"],
  summary: "Get a photo upload URL",
  request: { body: { required: true, content: { "application/json": { schema: Intake.PhotoUpload } } } },
  responses: {
    200: {
      description: "PUT the photo to upload_url with its Content-Type",
      content: { "application/json": { schema: Json } },
    },
    400: errorResponse("Invalid input, or the form expired"),
  },
});

/** The form's fields from a plain HTML form post (no JavaScript): strings, "on" checkboxes, files. */
async function fromFormPost(c: Context) {
  const data = await c.req.formData();
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const custom: Record<string, string | boolean> = {};
  for (const [name, value] of data.entries())
    if (name.startsWith("custom.") && typeof value === "string")
      custom[name.slice(7)] = value === "on" ? true : value;
  const uploadSession = text("upload_session") ?? "";
  type Upload = { size: number; type: string; arrayBuffer(): Promise<ArrayBuffer> };
  const files = data
    .getAll("photos")
    .filter((v) => typeof v !== "string" && v.size > 0) as unknown as Upload[];
  const photoKeys = [];
  for (const file of files)
    photoKeys.push(
      await Intake.storePostedPhoto(uploadSession, {
        body: new Uint8Array(await file.arrayBuffer()),
        type: file.type,
      }),
    );
  return {
    form_version: text("form_version"),
    language: text("language"),
    name: text("name"),
    phone: text("phone"),
    email: text("email"),
    address: text("address"),
    device: {
      category: text("device.category"),
      brand: text("device.brand"),
      model: text("device.model"),
      serial: text("device.serial"),
      imei: text("device.imei"),
    },
    problem: text("problem"),
    accessories: text("accessories"),
    condition: text("condition"),
    passcode: text("passcode"),
    custom,
    photo_keys: photoKeys,
    upload_session: uploadSession,
    terms_accepted: text("terms_accepted") === "on" ? true : undefined,
    whatsapp_opt_in: text("whatsapp_opt_in") === "on",
    website: text("website"),
  };
}

/** Where a browser without JavaScript lands: the confirmation, or the form again with what was wrong. */
function redirectAfterPost(
  c: Context,
  outcome: { ticket_number: string; status_token: string } | { error: unknown },
) {
  if ("ticket_number" in outcome)
    return c.redirect(
      `/intake/done?n=${encodeURIComponent(outcome.ticket_number)}&t=${encodeURIComponent(outcome.status_token)}`,
      303,
    );
  const error = outcome.error;
  const fields =
    error instanceof ZodError
      ? [...new Set(error.issues.map((issue) => issue.path.join(".")))]
      : error instanceof VisibleError
        ? [String((error.details as { path?: string } | undefined)?.path ?? "")]
        : [];
  const code =
    error instanceof VisibleError ? error.code : error instanceof ZodError ? "request.invalid" : "internal";
  return c.redirect(
    `/intake?error=${encodeURIComponent(code)}&fields=${encodeURIComponent(fields.filter(Boolean).join(","))}`,
    303,
  );
}

export function intakeRoutes() {
  const app = new OpenAPIHono();
  app.openapi(form, async (c) => {
    const [current, settings, uploadSession] = await Promise.all([
      Intake.currentForm(),
      Settings.get(),
      Intake.uploadSession(),
    ]);
    return c.json(
      {
        form: { version: current.version, definition: current.definition },
        upload_session: uploadSession,
        shop: {
          name: settings.shop.name,
          phone: settings.shop.phone,
          logo_url: await SettingsLogo.logoUrl(settings.shop.logo_key as string | undefined),
        },
      },
      200,
    );
  });
  app.openapi(photo, async (c) => c.json(await Intake.presignPhoto(c.req.valid("json")), 200));
  // POST /api/public/intake – JSON from the page, or a plain form post when JavaScript is off
  app.post("/intake", async (c) => {
    const meta = { ip: clientIp(c), userAgent: c.req.header("user-agent") };
    const type = c.req.header("content-type") ?? "";
    if (type.startsWith("application/json")) {
      const body = await c.req.json();
      const result = await Intake.submit(body, meta);
      return c.json({ ticket_number: result.ticket_number, status_url: result.status_url }, 201);
    }
    try {
      return redirectAfterPost(c, await Intake.submit(await fromFormPost(c), meta));
    } catch (error) {
      return redirectAfterPost(c, { error });
    }
  });
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/api/public/intake",
    tags: ["intake"],
    summary: "Submit a repair request",
    description:
      "JSON (from the page) answers 201 {ticket_number, status_url}. A form post (multipart, JavaScript off) is redirected (303) to the confirmation page, or back to the form naming the fields.",
    request: { body: { required: true, content: { "application/json": { schema: Intake.Submission } } } },
    responses: {
      201: { description: "Created", content: { "application/json": { schema: Json } } },
      303: { description: "Form post: to /intake/done, or back to /intake?error=…&fields=…" },
      400: errorResponse("request.invalid or photo.not_uploaded, naming the field; nothing is written"),
      429: errorResponse("auth.rate_limited"),
    },
  });
  return app;
}
