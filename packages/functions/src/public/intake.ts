import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { VisibleError } from "@wapos/core/error";
import { Intake } from "@wapos/core/intake/index";
import { Settings } from "@wapos/core/settings/index";
import { SettingsLogo } from "@wapos/core/settings/logo";
import type { Context } from "hono";
import { ZodError } from "zod";
import { errorResponse, UploadTarget } from "../http/schemas";
import { clientIp } from "../http/security";

const Bilingual = z.object({ en: z.string(), ms: z.string() });
const PostForm = z
  .object({
    url: z.string().describe("POST a multipart form here: every field below, then `file` last"),
    fields: z.record(z.string(), z.string()),
  })
  .openapi("StoragePostForm");
const IntakeView = z
  .object({
    form: z.object({
      version: z.number().int(),
      definition: Intake.Definition.extend({ consent_text: Bilingual, terms_text: Bilingual }),
    }),
    upload_session: z.string().describe("Send back with photo uploads and the submission"),
    photos: z.array(z.object({ key: z.string(), url: z.string() })).describe("Photos of this filling so far"),
    photo_post: PostForm.nullable().describe("One photo straight to storage, without JavaScript"),
    shop: z.object({ name: z.string(), phone: z.string(), logo_url: z.string().nullable() }),
  })
  .openapi("IntakeForm");

// GET /api/public/intake – the form to answer (texts naming the shop), a session and the photo forms
const form = createRoute({
  method: "get",
  path: "/intake",
  tags: ["intake"],
  summary: "The intake form",
  request: {
    query: z.object({
      upload_session: z
        .string()
        .max(2000)
        .optional()
        .describe("Continue this filling (after a photo upload)"),
      photos: z
        .union([z.string().max(300), z.array(z.string().max(300)).max(10)])
        .optional()
        .describe("Photos this filling uploaded so far"),
    }),
  },
  responses: {
    200: { description: "Form, session, shop", content: { "application/json": { schema: IntakeView } } },
    400: errorResponse("request.invalid"),
    429: errorResponse("upload.rate_limited"),
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
      description: "PUT the photo to upload_url with exactly the stated size and Content-Type",
      content: { "application/json": { schema: UploadTarget } },
    },
    400: errorResponse("request.invalid, upload.too_large, or the form expired (photo.not_uploaded)"),
    429: errorResponse("upload.rate_limited"),
  },
});

const Created = z.object({ ticket_number: z.string(), status_url: z.string() }).openapi("IntakeCreated");
/** The same answers as a plain HTML form posts them (no JavaScript): flat names, "on" checkboxes. */
const FormPost = z
  .object({
    form_version: z.string(),
    upload_session: z.string(),
    language: z.string(),
    name: z.string(),
    phone: z.string(),
    "device.category": z.string(),
    "device.brand": z.string(),
    "device.model": z.string(),
    problem: z.string(),
    terms_accepted: z.literal("on"),
    whatsapp_opt_in: z.literal("on"),
    photo_keys: z.array(z.string()),
  })
  .partial()
  .catchall(z.string())
  .openapi("IntakeFormPost");

/** The form's fields from a plain HTML form post (no JavaScript). Files are never read: photos go to storage. */
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
    photo_keys: data.getAll("photo_keys").filter((v): v is string => typeof v === "string"),
    upload_session: text("upload_session"),
    terms_accepted: text("terms_accepted") === "on" ? true : undefined,
    whatsapp_opt_in: text("whatsapp_opt_in") === "on",
    website: text("website"),
  };
}

/**
 * Where a browser without JavaScript lands: the confirmation, or the form again naming what
 * was wrong, with the same filling's photos kept.
 */
function redirectAfterPost(
  c: Context,
  outcome: { ticket_number: string; status_token: string } | { error: unknown },
  answers?: { upload_session?: string; photo_keys: string[] },
) {
  if ("ticket_number" in outcome)
    return c.redirect(
      `/intake/done?${new URLSearchParams({ n: outcome.ticket_number, t: outcome.status_token })}`,
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
  const query = new URLSearchParams({ error: code, fields: fields.filter(Boolean).join(",") });
  if (answers?.upload_session && code !== "internal") {
    query.set("s", answers.upload_session);
    for (const key of answers.photo_keys) query.append("p", key);
  }
  return c.redirect(`/intake?${query}`, 303);
}

const meta = (c: Context) => ({ ip: clientIp(c), userAgent: c.req.header("user-agent") });

export function intakeRoutes() {
  const app = new OpenAPIHono();
  app.openapi(form, async (c) => {
    const query = c.req.valid("query");
    const photos = query.photos === undefined ? [] : [query.photos].flat();
    const [view, settings] = await Promise.all([
      Intake.open(meta(c), { uploadSession: query.upload_session, photos }),
      Settings.get(),
    ]);
    return c.json(
      {
        ...view,
        shop: {
          name: settings.shop.name,
          phone: settings.shop.phone,
          logo_url: await SettingsLogo.logoUrl(settings.shop.logo_key),
        },
      },
      200,
    );
  });
  app.openapi(photo, async (c) => c.json(await Intake.presignPhoto(c.req.valid("json"), meta(c)), 200));
  // POST /api/public/intake – JSON from the page, or a plain form post when JavaScript is off
  app.post("/intake", async (c) => {
    const type = c.req.header("content-type") ?? "";
    if (/^application\/json\s*(;|$)/i.test(type)) {
      const body = await c.req.json().catch(() => {
        throw new VisibleError("request.malformed_json", "The request body is not valid JSON.");
      });
      const result = await Intake.submit(body, meta(c));
      return c.json({ ticket_number: result.ticket_number, status_url: result.status_url }, 201);
    }
    if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i.test(type))
      throw new VisibleError("request.invalid", "Send JSON or an HTML form.");
    const answers = await fromFormPost(c).catch(() => {
      throw new VisibleError("request.invalid", "The form could not be read.");
    });
    try {
      return redirectAfterPost(c, await Intake.submit(answers, meta(c)));
    } catch (error) {
      return redirectAfterPost(c, { error }, answers);
    }
  });
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/intake",
    tags: ["intake"],
    summary: "Submit a repair request",
    description:
      "JSON (from the page) answers 201 {ticket_number, status_url}. An HTML form post (JavaScript off; photos already in storage through photo_post) is redirected (303) to the confirmation page, or back to the form naming the fields.",
    request: {
      body: {
        required: true,
        content: {
          "application/json": { schema: Intake.Submission },
          "application/x-www-form-urlencoded": { schema: FormPost },
        },
      },
    },
    responses: {
      201: { description: "Created", content: { "application/json": { schema: Created } } },
      303: { description: "Form post: to /intake/done, or back to /intake?error=…&fields=…" },
      400: errorResponse(
        "request.invalid, photo.not_uploaded, upload.too_large, upload.wrong_type or upload.invalid_key, naming the field; nothing is written",
      ),
      429: errorResponse("auth.rate_limited"),
    },
  });
  return app;
}
