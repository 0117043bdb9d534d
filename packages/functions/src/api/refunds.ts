import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Sale } from "@wapos/core/sale/index";
import { Refund } from "@wapos/core/sale/refund";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

// POST /api/invoices/:id/refund – give back money (and goods) against an invoice: a refund note
const refund = secureRoute("/api", {
  method: "post",
  path: "/invoices/{id}/refund",
  tags: ["sales"],
  summary: "Refund an invoice",
  description:
    "Whole (`all: true`) or by line, with restock or write-off. Admins always; cashiers when the settings allow it. Answers the refund note; the same idempotency key answers the same note.",
  request: {
    params: z.object({ id: z.uuid() }),
    body: { required: true, content: { "application/json": { schema: Refund.RefundInput } } },
  },
  responses: {
    201: { description: "The refund note", content: { "application/json": { schema: Sale.View } } },
    400: errorResponse(
      "request.invalid, refund.above_paid (details say what is left), refund.unknown_line, refund.payments_mismatch",
    ),
    404: errorResponse("invoice.not_found"),
    409: errorResponse("refund.not_paid"),
    ...GUARDED_ERRORS,
    403: errorResponse("refund.not_allowed, auth.forbidden"),
  },
});

export function refundRoutes() {
  const app = new OpenAPIHono();
  app.openapi(refund, async (c) =>
    c.json(await Refund.refund(c.req.valid("param").id, c.req.valid("json")), 201),
  );
  return app;
}
