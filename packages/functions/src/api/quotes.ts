import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Quote } from "@wapos/core/quote/index";
import { Sale } from "@wapos/core/sale/index";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const ok = (description: string, schema: z.ZodType = Quote.View) => ({
  description,
  content: { "application/json": { schema } },
});
const IdParam = z.object({ id: z.uuid() });

// GET /api/quotes?q=&status=&customer_id= – the latest quotes (those past their date read as expired)
const list = secureRoute("/api", {
  method: "get",
  path: "/quotes",
  tags: ["quotes"],
  summary: "Find quotes",
  request: { query: Quote.ListInput },
  responses: { 200: ok("Quotes", z.object({ quotes: z.array(Quote.View) })), ...GUARDED_ERRORS },
});

// POST /api/quotes – a quote priced as a sale of the same cart would be
const create = secureRoute("/api", {
  method: "post",
  path: "/quotes",
  tags: ["quotes"],
  summary: "Make a quote",
  request: { body: { required: true, content: { "application/json": { schema: Quote.CreateInput } } } },
  responses: {
    201: ok("The quote (draft until sent)"),
    400: errorResponse("request.invalid, sale.unknown_product, sale.invalid"),
    404: errorResponse("customer.not_found"),
    ...GUARDED_ERRORS,
    403: errorResponse("sale.discount_needs_approval, sale.approval_invalid, auth.forbidden, auth.csrf"),
  },
});

// GET /api/quotes/:id – one quote with its lines and the customer's decision
const get = secureRoute("/api", {
  method: "get",
  path: "/quotes/{id}",
  tags: ["quotes"],
  summary: "A quote",
  request: { params: IdParam },
  responses: { 200: ok("The quote"), 404: errorResponse("quote.not_found"), ...GUARDED_ERRORS },
});

// GET /api/quotes/:id/pdf – the quote as an A4 PDF
const pdf = secureRoute("/api", {
  method: "get",
  path: "/quotes/{id}/pdf",
  tags: ["quotes"],
  summary: "A quote as an A4 PDF",
  request: { params: IdParam },
  responses: {
    200: { description: "application/pdf" },
    404: errorResponse("quote.not_found"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/quotes/:id/send – WhatsApp the customer the quote's link
const send = secureRoute("/api", {
  method: "post",
  path: "/quotes/{id}/send",
  tags: ["quotes"],
  summary: "Send the quote on WhatsApp",
  request: { params: IdParam },
  responses: {
    200: ok("The quote, sent"),
    404: errorResponse("quote.not_found"),
    409: errorResponse("quote.expired, quote.not_open, quote.no_whatsapp"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/quotes/:id/convert – the quote becomes an invoice at the quoted prices
const convert = secureRoute("/api", {
  method: "post",
  path: "/quotes/{id}/convert",
  tags: ["quotes"],
  summary: "Convert the quote to an invoice",
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: Quote.ConvertInput } } },
  },
  responses: {
    201: ok("The invoice", Sale.View),
    400: errorResponse("request.invalid, sale.unknown_product (a quoted product no longer for sale)"),
    404: errorResponse("quote.not_found"),
    409: errorResponse("quote.expired, quote.not_open, stock.insufficient"),
    ...GUARDED_ERRORS,
  },
});

export function quoteRoutes() {
  const app = new OpenAPIHono();
  app.openapi(list, async (c) => c.json({ quotes: await Quote.list(c.req.valid("query")) }, 200));
  app.openapi(create, async (c) => c.json(await Quote.create(c.req.valid("json")), 201));
  app.openapi(get, async (c) => c.json(await Quote.view(c.req.valid("param").id), 200));
  app.openapi(pdf, async (c) => {
    const quote = await Quote.view(c.req.valid("param").id);
    const { ofQuote, render } = await import("@wapos/core/sale/pdf");
    return c.body((await render(ofQuote(quote))) as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${quote.number}.pdf"`,
    });
  });
  app.openapi(send, async (c) => c.json(await Quote.send(c.req.valid("param").id), 200));
  app.openapi(convert, async (c) =>
    c.json(await Quote.convert(c.req.valid("param").id, c.req.valid("json")), 201),
  );
  return app;
}
