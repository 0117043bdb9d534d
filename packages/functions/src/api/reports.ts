import { OpenAPIHono } from "@hono/zod-openapi";
import { SalesReport } from "@wapos/core/report/sales";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const TAGS = ["reports"];
const BAD_PERIOD = errorResponse("request.invalid (a period, or from and to at most 366 days apart)");

// GET /api/reports/sales?period=today|7d|30d or ?from=&to= – the owner's figures for whole shop days
const sales = secureRoute("/api", {
  method: "get",
  path: "/reports/sales",
  tags: TAGS,
  summary: "Sales report",
  request: { query: SalesReport.Input },
  responses: {
    200: {
      description: "Figures, top items, payment methods, cashiers and days of the period",
      content: { "application/json": { schema: SalesReport.Report } },
    },
    400: BAD_PERIOD,
    ...GUARDED_ERRORS,
  },
});

// GET /api/reports/sales.csv?… – the same period, one row per invoice, for a spreadsheet
const salesCsv = secureRoute("/api", {
  method: "get",
  path: "/reports/sales.csv",
  tags: TAGS,
  summary: "Sales report as CSV",
  request: { query: SalesReport.Input },
  responses: {
    200: { description: "text/csv, one row per invoice and refund note" },
    400: BAD_PERIOD,
    ...GUARDED_ERRORS,
  },
});

export function reportRoutes() {
  const app = new OpenAPIHono();
  app.openapi(sales, async (c) => c.json(await SalesReport.sales(c.req.valid("query")), 200));
  app.openapi(salesCsv, async (c) => {
    const file = await SalesReport.csv(c.req.valid("query"));
    return c.body(file.body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${file.fileName}"`,
    });
  });
  return app;
}
