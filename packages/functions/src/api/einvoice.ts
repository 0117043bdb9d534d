import { OpenAPIHono, z } from "@hono/zod-openapi";
import { BuyerRequest } from "@wapos/core/einvoice/flow/buyer";
import type { listRuns } from "@wapos/core/einvoice/flow/runs";
import { einvoiceStatus } from "@wapos/core/invoice/invoice.sql";
import { Settings } from "@wapos/core/settings/index";
import * as Dates from "@wapos/core/util/dates";
import { inputError } from "@wapos/core/util/issues";
import { startOfDay } from "@wapos/core/util/zone";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const Status = z.enum(einvoiceStatus.enumValues);
const Reason = z.object({
  source: z.enum(["preflight", "lhdn"]),
  code: z.string(),
  message: z.object({ en: z.string(), ms: z.string() }),
  path: z.string().optional(),
  lhdn_codes: z.array(z.string()).optional(),
});
const InvoiceView = z
  .object({
    id: z.string(),
    number: z.string(),
    kind: z.enum(["invoice", "credit_note", "debit_note", "refund_note"]),
    total: z.string(),
    currency: z.string(),
    issued_at: z.string().nullable(),
    status: z.string(),
    einvoice_status: Status,
    einvoice_uuid: z.string().nullable(),
    validation_link: z.string().nullable(),
    buyer_name: z.string().nullable(),
    errors: z.array(Reason),
    can_cancel: z.boolean(),
    cancel_deadline: z.string().nullable(),
    has_document: z.boolean(),
  })
  .openapi("EinvoiceInvoice");
const RunView = z
  .object({
    id: z.string(),
    period: z.string(),
    status: Status,
    invoice_count: z.number(),
    total: z.string(),
    einvoice_uuid: z.string().nullable(),
    validation_link: z.string().nullable(),
    errors: z.array(Reason),
  })
  .openapi("EinvoiceRun");
const Readiness = z.object({
  ready: z.boolean(),
  can_submit: z.boolean(),
  gaps: z.array(z.object({ field: z.string(), message: z.object({ en: z.string(), ms: z.string() }) })),
});
const Id = z.object({ id: z.uuid() });
const Month = z.object({ month: Dates.Month });
const Day = Dates.Day;

const tag = { tags: ["e-invoice"] };
const routes = {
  readiness: secureRoute("/api", {
    method: "get",
    path: "/einvoice/readiness",
    ...tag,
    summary: "What is missing before the shop can submit e-invoices",
    responses: { 200: json(Readiness, "Gaps, in English and Malay"), ...GUARDED_ERRORS },
  }),
  list: secureRoute("/api", {
    method: "get",
    path: "/einvoice/invoices",
    ...tag,
    summary: "Invoices with their e-invoice state and reasons",
    request: { query: z.object({ status: Status.optional() }) },
    responses: { 200: json(z.object({ invoices: z.array(InvoiceView) }), "Invoices"), ...GUARDED_ERRORS },
  }),
  request: secureRoute("/api", {
    method: "post",
    path: "/einvoice/invoices/{id}/request",
    ...tag,
    summary: "Issue the buyer's own e-invoice with their details",
    request: {
      params: Id,
      body: {
        required: true,
        content: { "application/json": { schema: z.object({ buyer: BuyerRequest }) } },
      },
    },
    responses: {
      202: json(InvoiceView, "Queued"),
      400: errorResponse("Invalid input"),
      404: errorResponse("invoice.not_found"),
      409: errorResponse("einvoice.already_consolidated or einvoice.already_issued"),
      ...GUARDED_ERRORS,
    },
  }),
  resubmit: secureRoute("/api", {
    method: "post",
    path: "/einvoice/invoices/{id}/resubmit",
    ...tag,
    summary: "Queue the e-invoice again after fixing what was refused",
    request: { params: Id },
    responses: {
      202: json(InvoiceView, "Queued"),
      400: errorResponse("einvoice.no_buyer"),
      404: errorResponse("invoice.not_found"),
      409: errorResponse("einvoice.already_consolidated or einvoice.already_issued"),
      ...GUARDED_ERRORS,
    },
  }),
  cancel: secureRoute("/api", {
    method: "post",
    path: "/einvoice/invoices/{id}/cancel",
    ...tag,
    summary: "Cancel a valid e-invoice within LHDN's 72 hours",
    request: {
      params: Id,
      body: {
        required: true,
        content: { "application/json": { schema: z.object({ reason: z.string().trim().min(3).max(300) }) } },
      },
    },
    responses: {
      200: json(InvoiceView, "Cancelled"),
      400: errorResponse("Invalid input"),
      404: errorResponse("invoice.not_found"),
      409: errorResponse("einvoice.cancel_window_over, einvoice.incorrect_state or einvoice.not_configured"),
      ...GUARDED_ERRORS,
    },
  }),
  document: secureRoute("/api", {
    method: "get",
    path: "/einvoice/invoices/{id}/document",
    ...tag,
    summary: "The invoice's e-invoice document (signed JSON as submitted, or its XML)",
    request: { params: Id, query: z.object({ format: z.enum(["json", "xml"]).default("json") }) },
    responses: {
      200: { description: "The document file" },
      400: errorResponse("The document does not pass the pre-flight check"),
      404: errorResponse("invoice.not_found"),
      ...GUARDED_ERRORS,
    },
  }),
  runs: secureRoute("/api", {
    method: "get",
    path: "/einvoice/runs",
    ...tag,
    summary: "Monthly consolidated e-invoices",
    responses: { 200: json(z.object({ runs: z.array(RunView) }), "Runs, oldest first"), ...GUARDED_ERRORS },
  }),
  consolidate: secureRoute("/api", {
    method: "post",
    path: "/einvoice/runs",
    ...tag,
    summary: "Consolidate a month's sales whose buyers asked for no e-invoice",
    request: { body: { required: true, content: { "application/json": { schema: Month } } } },
    responses: {
      200: json(RunView, "The run, with LHDN's verdict when it came in time"),
      400: errorResponse("Invalid input"),
      409: errorResponse("einvoice.consolidation_refused"),
      ...GUARDED_ERRORS,
    },
  }),
  export: secureRoute("/api", {
    method: "get",
    path: "/einvoice/export",
    ...tag,
    summary: "Every stored e-invoice document of a period, as a zip (portal mode)",
    request: { query: z.object({ from: Day, to: Day }) },
    responses: {
      200: { description: "application/zip" },
      400: errorResponse("Invalid input"),
      ...GUARDED_ERRORS,
    },
  }),
};

/**
 * The e-invoice engine (documents, code lists, validation, signing, the MyInvois client): loaded
 * by the first request that needs it, not at the function's cold start.
 */
const engine = async () => {
  const [{ Einvoice }, runs, exports] = await Promise.all([
    import("@wapos/core/einvoice/index"),
    import("@wapos/core/einvoice/flow/runs"),
    import("@wapos/core/einvoice/flow/export"),
  ]);
  return { Einvoice, ...runs, ...exports };
};

async function runView(run: Awaited<ReturnType<typeof listRuns>>[number]) {
  const { Einvoice } = await engine();
  return {
    id: run.id,
    period: run.period,
    status: run.status,
    invoice_count: run.invoice_count,
    total: run.total,
    einvoice_uuid: run.einvoice_uuid,
    validation_link: await Einvoice.validationLink(run.einvoice_uuid, run.einvoice_long_id),
    errors: (run.einvoice_errors ?? []) as z.infer<typeof Reason>[],
  };
}

const one = async (id: string) => {
  const { Einvoice } = await engine();
  return Einvoice.view(await Einvoice.get(id));
};

export function einvoiceRoutes() {
  const app = new OpenAPIHono();
  app.openapi(routes.readiness, async (c) => c.json(await (await engine()).Einvoice.readiness(), 200));
  app.openapi(routes.list, async (c) => {
    const { Einvoice } = await engine();
    const rows = await Einvoice.list({ status: c.req.valid("query").status });
    return c.json({ invoices: await Promise.all(rows.map(Einvoice.view)) }, 200);
  });
  app.openapi(routes.request, async (c) => {
    const { id } = c.req.valid("param");
    await (await engine()).Einvoice.request({ invoice_id: id, buyer: c.req.valid("json").buyer });
    return c.json(await one(id), 202);
  });
  app.openapi(routes.resubmit, async (c) => {
    const { id } = c.req.valid("param");
    await (await engine()).Einvoice.resubmit(id);
    return c.json(await one(id), 202);
  });
  app.openapi(routes.cancel, async (c) => {
    const { id } = c.req.valid("param");
    await (await engine()).Einvoice.cancel({ invoice_id: id, reason: c.req.valid("json").reason });
    return c.json(await one(id), 200);
  });
  app.openapi(routes.document, async (c) => {
    const { id } = c.req.valid("param");
    const { format } = c.req.valid("query");
    const file = await (await engine()).exportOne(id);
    return c.body(format === "xml" ? file.xml : file.json, 200, {
      "content-type": format === "xml" ? "application/xml" : "application/json",
      "content-disposition": `attachment; filename="${file.name}.${format}"`,
    });
  });
  app.openapi(routes.runs, async (c) =>
    c.json({ runs: await Promise.all((await (await engine()).listRuns()).map(runView)) }, 200),
  );
  app.openapi(routes.consolidate, async (c) =>
    c.json(await runView(await (await engine()).consolidate(c.req.valid("json"))), 200),
  );
  app.openapi(routes.export, async (c) => {
    const { from, to } = c.req.valid("query");
    if (from > to) throw inputError([{ path: ["to"], message: "The end date is before the start date" }]);
    // Whole days in the shop's time zone: 1 October starts at midnight in Kuala Lumpur, not in UTC.
    const timeZone = (await Settings.section("shop")).time_zone;
    const day = (date: string, plus = 0) => {
      const noon = new Date(`${date}T12:00:00Z`);
      noon.setUTCDate(noon.getUTCDate() + plus);
      return startOfDay(noon, timeZone);
    };
    const zip = await (await engine()).exportPeriod({ from: day(from), to: day(to, 1) });
    return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="einvoices-${from}-${to}.zip"`,
    });
  });
  return app;
}
