import { OpenAPIHono, z } from "@hono/zod-openapi";
import { VisibleError } from "@wapos/core/error";
import { Money } from "@wapos/core/money/index";
import { PaymentQr } from "@wapos/core/payment-qr/index";
import { Sale } from "@wapos/core/sale/index";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const PaymentQrView = z.object({
  /** The text to draw as a QR code: the shop's DuitNow QR carrying this amount (tag 54). */
  payload: z.string(),
  amount: Money.Text,
  merchant_name: z.string().nullable(),
});

// GET /api/invoices/:id/payment-qr – the shop's DuitNow QR for what is still due on a sale
const paymentQr = secureRoute("/api", {
  method: "get",
  path: "/invoices/{id}/payment-qr",
  tags: ["sales"],
  summary: "The DuitNow QR for an invoice's amount due",
  request: { params: z.object({ id: z.uuid() }) },
  responses: {
    200: { description: "The QR", content: { "application/json": { schema: PaymentQrView } } },
    400: errorResponse("payment_qr.amount_invalid (nothing is due)"),
    404: errorResponse("invoice.not_found"),
    409: errorResponse("payment_qr.not_configured, payment_qr.amount_not_allowed (not ringgit)"),
    ...GUARDED_ERRORS,
  },
});

// GET /api/payment-qr?amount= – the shop's DuitNow QR for an amount, shown at the counter before the sale is posted
const forAmount = secureRoute("/api", {
  method: "get",
  path: "/payment-qr",
  tags: ["sales"],
  summary: "The DuitNow QR for an amount",
  request: { query: z.object({ amount: Money.Price }) },
  responses: {
    200: { description: "The QR", content: { "application/json": { schema: PaymentQrView } } },
    400: errorResponse("request.invalid, payment_qr.amount_invalid"),
    409: errorResponse("payment_qr.not_configured, payment_qr.amount_not_allowed (not ringgit)"),
    ...GUARDED_ERRORS,
  },
});

export function paymentQrRoutes() {
  const app = new OpenAPIHono();
  app.openapi(paymentQr, async (c) => {
    const sale = await Sale.view(c.req.valid("param").id);
    if (Money.parse(sale.amount_due).lte(Money.ZERO))
      throw new VisibleError("payment_qr.amount_invalid", `Nothing is due on ${sale.number}.`);
    return c.json(PaymentQrView.parse(await PaymentQr.forShop(sale.amount_due)), 200);
  });
  app.openapi(forAmount, async (c) =>
    c.json(PaymentQrView.parse(await PaymentQr.forShop(c.req.valid("query").amount)), 200),
  );
  return app;
}
