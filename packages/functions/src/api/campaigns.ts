import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Upload } from "@wapos/core/blob/upload";
import * as ContactImport from "@wapos/core/campaign/contacts";
import { Campaign } from "@wapos/core/campaign/index";
import { errorResponse, GUARDED_ERRORS, UploadTarget } from "../http/schemas";
import { secureRoute } from "../http/security";

const IdParam = z.object({ id: z.uuid() });
const json = (description: string, schema: z.ZodType = Campaign.View) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

// GET /api/campaigns – every campaign with its status, progress and health
const list = secureRoute("/api", {
  method: "get",
  path: "/campaigns",
  tags: ["campaigns"],
  summary: "Campaigns",
  responses: {
    200: json("Newest first", z.object({ campaigns: z.array(Campaign.View) })),
    ...GUARDED_ERRORS,
  },
});

// POST /api/campaigns – a draft: audience, one or two variants, the segment's daily cap
const create = secureRoute("/api", {
  method: "post",
  path: "/campaigns",
  tags: ["campaigns"],
  summary: "Create a campaign (draft)",
  request: { body: body(Campaign.CreateInput) },
  responses: { 201: json("The draft"), 400: errorResponse("request.invalid"), ...GUARDED_ERRORS },
});

// POST /api/campaigns/preview – who a draft would reach, who is excluded and why, and what they would read
const preview = secureRoute("/api", {
  method: "post",
  path: "/campaigns/preview",
  tags: ["campaigns"],
  summary: "Preview an audience and its messages",
  request: { body: body(Campaign.PreviewInput) },
  responses: {
    200: json("Counts, projected finish and sample messages", Campaign.Preview),
    400: errorResponse("request.invalid"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/campaigns/contacts/import – contacts with their opt-in evidence, a dry run first
const importContacts = secureRoute("/api", {
  method: "post",
  path: "/campaigns/contacts/import",
  tags: ["campaigns"],
  summary: "Import contacts with their WhatsApp opt-in",
  description:
    "CSV columns: phone, opt_in_source, opt_in_date, opt_in_wording (all required), name, language (en, ms), " +
    "tags (separated by ;). The report says per line whether the contact is added, merged with the customer " +
    "of that phone, or refused and why. Nothing is written on a dry run (the default); nobody is messaged.",
  request: { body: body(ContactImport.ImportInput) },
  responses: {
    200: json("What each line does", ContactImport.Report),
    400: errorResponse("request.invalid"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/campaigns/images – where to upload a variant's picture (then name its key in the variant)
const image = secureRoute("/api", {
  method: "post",
  path: "/campaigns/images",
  tags: ["campaigns"],
  summary: "Get an upload URL for a variant's picture",
  request: { body: body(Upload.UploadRequest) },
  responses: {
    200: json("PUT the picture to upload_url with exactly the stated size and Content-Type", UploadTarget),
    400: errorResponse("request.invalid; upload.too_large"),
    429: errorResponse("upload.rate_limited"),
    ...GUARDED_ERRORS,
  },
});

// GET /api/campaigns/:id
const get = secureRoute("/api", {
  method: "get",
  path: "/campaigns/{id}",
  tags: ["campaigns"],
  summary: "A campaign",
  request: { params: IdParam },
  responses: { 200: json("The campaign"), 404: errorResponse("campaign.not_found"), ...GUARDED_ERRORS },
});

// PATCH /api/campaigns/:id – a draft only
const update = secureRoute("/api", {
  method: "patch",
  path: "/campaigns/{id}",
  tags: ["campaigns"],
  summary: "Change a draft",
  request: { params: IdParam, body: body(Campaign.UpdateInput) },
  responses: {
    200: json("The draft"),
    400: errorResponse("request.invalid"),
    404: errorResponse("campaign.not_found"),
    409: errorResponse("campaign.invalid_state"),
    ...GUARDED_ERRORS,
  },
});

const lifecycleResponses = (conflicts: string) => ({
  200: json("The campaign"),
  400: errorResponse("request.invalid; campaign.invalid"),
  404: errorResponse("campaign.not_found"),
  409: errorResponse(conflicts),
  ...GUARDED_ERRORS,
});

/** A lifecycle step without a body: pause, resume, stop. */
function step(path: string, summary: string) {
  return secureRoute("/api", {
    method: "post",
    path: `/campaigns/{id}/${path}`,
    tags: ["campaigns"],
    summary,
    request: { params: IdParam },
    responses: lifecycleResponses("campaign.invalid_state"),
  });
}

// POST /api/campaigns/:id/schedule – resolves the audience into recipients; the tick sends from `at`
const schedule = secureRoute("/api", {
  method: "post",
  path: "/campaigns/{id}/schedule",
  tags: ["campaigns"],
  summary: "Schedule a draft",
  request: { params: IdParam, body: body(Campaign.ScheduleInput) },
  responses: lifecycleResponses("campaign.invalid_state; campaign.no_recipients"),
});
// POST /api/campaigns/:id/pause – withdraws what is on the bulk lane; nothing more goes out
const pause = step("pause", "Pause");
// POST /api/campaigns/:id/resume – sending again from the next tick
const resume = step("resume", "Resume");
// POST /api/campaigns/:id/stop – everyone still waiting is cancelled
const stop = step("stop", "Stop for good");
// POST /api/campaigns/:id/winner – the A/B winner to everyone still waiting
const winner = secureRoute("/api", {
  method: "post",
  path: "/campaigns/{id}/winner",
  tags: ["campaigns"],
  summary: "Send one variant to the rest",
  request: { params: IdParam, body: body(Campaign.WinnerInput) },
  responses: lifecycleResponses("campaign.invalid_state"),
});

// GET /api/campaigns/:id/metrics – queued, sent, delivered, read, replied, opted out, failed, per variant
const metrics = secureRoute("/api", {
  method: "get",
  path: "/campaigns/{id}/metrics",
  tags: ["campaigns"],
  summary: "Live metrics",
  request: { params: IdParam },
  responses: {
    200: json("The metrics", Campaign.Metrics),
    404: errorResponse("campaign.not_found"),
    ...GUARDED_ERRORS,
  },
});

// GET /api/campaigns/:id/export.csv – one line per customer of the audience
const exportCsv = secureRoute("/api", {
  method: "get",
  path: "/campaigns/{id}/export.csv",
  tags: ["campaigns"],
  summary: "Export the recipients and outcomes as CSV",
  request: { params: IdParam },
  responses: {
    200: { description: "text/csv" },
    404: errorResponse("campaign.not_found"),
    ...GUARDED_ERRORS,
  },
});

export function campaignRoutes() {
  const app = new OpenAPIHono();
  app.openapi(list, async (c) => c.json({ campaigns: await Campaign.list() }, 200));
  app.openapi(create, async (c) => c.json(await Campaign.create(c.req.valid("json")), 201));
  app.openapi(preview, async (c) => c.json(await Campaign.preview(c.req.valid("json")), 200));
  app.openapi(importContacts, async (c) =>
    c.json(await ContactImport.importContacts.force(c.req.valid("json")), 200),
  );
  app.openapi(image, async (c) => c.json(await Campaign.presignImage(c.req.valid("json")), 200));
  app.openapi(get, async (c) => c.json(await Campaign.get(c.req.valid("param").id), 200));
  app.openapi(update, async (c) =>
    c.json(await Campaign.update(c.req.valid("param").id, c.req.valid("json")), 200),
  );
  app.openapi(schedule, async (c) =>
    c.json(await Campaign.schedule(c.req.valid("param").id, c.req.valid("json")), 200),
  );
  app.openapi(pause, async (c) => c.json(await Campaign.pause(c.req.valid("param").id), 200));
  app.openapi(resume, async (c) => c.json(await Campaign.resume(c.req.valid("param").id), 200));
  app.openapi(stop, async (c) => c.json(await Campaign.stop(c.req.valid("param").id), 200));
  app.openapi(winner, async (c) =>
    c.json(await Campaign.pickWinner(c.req.valid("param").id, c.req.valid("json")), 200),
  );
  app.openapi(metrics, async (c) => c.json(await Campaign.metrics(c.req.valid("param").id), 200));
  app.openapi(exportCsv, async (c) => {
    const file = await Campaign.exportCsv(c.req.valid("param").id);
    return c.body(file.csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${file.filename}"`,
    });
  });
  return app;
}
