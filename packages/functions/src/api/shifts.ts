import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Shift } from "@wapos/core/shift/index";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const IdParam = z.object({ id: z.uuid() });
const ok = (description: string, schema: z.ZodType = Shift.Report) => ({
  description,
  content: { "application/json": { schema } },
});

// POST /api/shifts – open the drawer with a float
const open = secureRoute("/api", {
  method: "post",
  path: "/shifts",
  tags: ["shifts"],
  summary: "Open a shift",
  request: { body: { required: true, content: { "application/json": { schema: Shift.OpenInput } } } },
  responses: {
    201: ok("The open shift"),
    400: errorResponse("request.invalid"),
    409: errorResponse("shift.already_open (details.shift_id)"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/shifts/:id/close – close it with the counted cash: expected and variance fixed
const close = secureRoute("/api", {
  method: "post",
  path: "/shifts/{id}/close",
  tags: ["shifts"],
  summary: "Close a shift",
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: Shift.CloseInput } } },
  },
  responses: {
    200: ok("The closed shift's report"),
    400: errorResponse("request.invalid"),
    404: errorResponse("shift.not_found"),
    409: errorResponse("shift.closed"),
    ...GUARDED_ERRORS,
  },
});

// GET /api/shifts/current – the open shift's running report, or null
const current = secureRoute("/api", {
  method: "get",
  path: "/shifts/current",
  tags: ["shifts"],
  summary: "The open shift",
  responses: {
    200: ok("The open shift, or null", z.object({ shift: Shift.Report.nullable() })),
    ...GUARDED_ERRORS,
  },
});

// GET /api/shifts?limit= – the latest shifts with their reports
const list = secureRoute("/api", {
  method: "get",
  path: "/shifts",
  tags: ["shifts"],
  summary: "Shifts",
  request: { query: Shift.ListInput },
  responses: {
    200: ok("Shifts, newest first", z.object({ shifts: z.array(Shift.Report) })),
    ...GUARDED_ERRORS,
  },
});

// GET /api/shifts/:id – one shift's report
const get = secureRoute("/api", {
  method: "get",
  path: "/shifts/{id}",
  tags: ["shifts"],
  summary: "A shift's report",
  request: { params: IdParam },
  responses: { 200: ok("The shift's report"), 404: errorResponse("shift.not_found"), ...GUARDED_ERRORS },
});

export function shiftRoutes() {
  const app = new OpenAPIHono();
  app.openapi(open, async (c) => c.json(await Shift.open(c.req.valid("json")), 201));
  app.openapi(close, async (c) =>
    c.json(await Shift.close(c.req.valid("param").id, c.req.valid("json")), 200),
  );
  app.openapi(current, async (c) => c.json({ shift: await Shift.current() }, 200));
  app.openapi(list, async (c) => c.json({ shifts: await Shift.list(c.req.valid("query")) }, 200));
  app.openapi(get, async (c) => c.json(await Shift.get(c.req.valid("param").id), 200));
  return app;
}
