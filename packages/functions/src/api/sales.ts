import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Sale } from "@wapos/core/sale/index";
import { Receipt } from "@wapos/core/sale/receipt";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const ok = (description: string, schema: z.ZodType = Sale.View) => ({
  description,
  content: { "application/json": { schema } },
});
const SALE_ERRORS = {
  400: errorResponse("request.invalid, sale.unknown_product, sale.invalid, payment.above_balance"),
  403: errorResponse("sale.discount_needs_approval, sale.approval_invalid, auth.forbidden"),
  409: errorResponse("stock.insufficient (details name the item and what is left)"),
};

// POST /api/checkout – the counter: a sale and its payments in one transaction, answered with the invoice
const checkout = secureRoute("/api", {
  method: "post",
  path: "/checkout",
  tags: ["sales"],
  summary: "Sell and take payment",
  request: { body: { required: true, content: { "application/json": { schema: Sale.CheckoutInput } } } },
  responses: { 201: ok("The paid (or part-paid) invoice"), ...SALE_ERRORS, ...GUARDED_ERRORS },
});

// POST /api/invoices – issue an invoice to be paid now or later
const issue = secureRoute("/api", {
  method: "post",
  path: "/invoices",
  tags: ["sales"],
  summary: "Issue an invoice",
  request: { body: { required: true, content: { "application/json": { schema: Sale.IssueInput } } } },
  responses: { 201: ok("The invoice"), ...SALE_ERRORS, ...GUARDED_ERRORS },
});

// GET /api/invoices?q=&status=&customer_id= – the latest invoices
const list = secureRoute("/api", {
  method: "get",
  path: "/invoices",
  tags: ["sales"],
  summary: "Find invoices",
  request: { query: Sale.ListInput },
  responses: { 200: ok("Invoices", z.object({ invoices: z.array(Sale.View) })), ...GUARDED_ERRORS },
});

// GET /api/invoices/:id – one invoice with its lines, tax and payments
const get = secureRoute("/api", {
  method: "get",
  path: "/invoices/{id}",
  tags: ["sales"],
  summary: "An invoice",
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: ok("The invoice"), 404: errorResponse("invoice.not_found"), ...GUARDED_ERRORS },
});

// POST /api/payments – a payment toward an invoice (a deposit, the balance, one part of a split)
const pay = secureRoute("/api", {
  method: "post",
  path: "/payments",
  tags: ["sales"],
  summary: "Take a payment",
  request: { body: { required: true, content: { "application/json": { schema: Sale.PayInput } } } },
  responses: {
    201: ok("The invoice"),
    400: errorResponse("request.invalid, payment.above_balance"),
    404: errorResponse("invoice.not_found"),
    409: errorResponse("payment.nothing_due"),
    ...GUARDED_ERRORS,
  },
});

// GET /api/invoices/:id/pdf – the invoice (or refund note) as an A4 PDF
const pdf = secureRoute("/api", {
  method: "get",
  path: "/invoices/{id}/pdf",
  tags: ["sales"],
  summary: "An invoice as an A4 PDF",
  request: { params: z.object({ id: z.uuid() }) },
  responses: {
    200: { description: "application/pdf" },
    404: errorResponse("invoice.not_found"),
    ...GUARDED_ERRORS,
  },
});

// GET /api/invoices/:id/receipt – what the counter prints: the sale, the shop's header, width, footer and QR link
const receipt = secureRoute("/api", {
  method: "get",
  path: "/invoices/{id}/receipt",
  tags: ["sales"],
  summary: "A receipt to print",
  request: { params: z.object({ id: z.uuid() }) },
  responses: {
    200: ok("The receipt", Receipt.Info),
    404: errorResponse("invoice.not_found"),
    ...GUARDED_ERRORS,
  },
});

export function saleRoutes() {
  const app = new OpenAPIHono();
  app.openapi(checkout, async (c) => c.json(await Sale.checkout(c.req.valid("json")), 201));
  app.openapi(issue, async (c) => c.json(await Sale.issue(c.req.valid("json")), 201));
  app.openapi(list, async (c) => c.json({ invoices: await Sale.list(c.req.valid("query")) }, 200));
  app.openapi(get, async (c) => c.json(await Sale.view(c.req.valid("param").id), 200));
  app.openapi(pay, async (c) => c.json(await Sale.pay(c.req.valid("json")), 201));
  app.openapi(pdf, async (c) => {
    const view = await Sale.view(c.req.valid("param").id);
    // pdfkit loads with the first document asked for, not at the counter's cold start.
    const { ofInvoice, render } = await import("@wapos/core/sale/pdf");
    const bytes = await render(ofInvoice(view));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${view.number}.pdf"`,
    });
  });
  app.openapi(receipt, async (c) => c.json(await Receipt.get(c.req.valid("param").id), 200));
  return app;
}
