import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { BuyerRequest } from "@wapos/core/einvoice/flow/buyer";
import { PUBLIC_STATES, publicState } from "@wapos/core/einvoice/flow/public-state";
import * as Einvoice from "@wapos/core/einvoice/flow/request";
import { VisibleError } from "@wapos/core/error";
import { Link } from "@wapos/core/link/index";
import { Settings } from "@wapos/core/settings/index";
import { errorResponse } from "../http/schemas";

const Token = z.object({ token: z.string().min(10).max(2000) });
const View = z
  .object({
    shop: z.object({ name: z.string() }),
    invoice: z.object({
      number: z.string(),
      issued_at: z.string().nullable(),
      total: z.string(),
      currency: z.string(),
    }),
    state: z
      .enum(PUBLIC_STATES)
      .describe(
        "open: the buyer may ask (or correct their details); preparing: the shop is preparing it; submitted: LHDN is checking it; valid; needs_shop: refused for a reason the shop must fix; cancelled; consolidated: in the month's consolidated e-invoice",
      ),
    validation_link: z.string().nullable(),
  })
  .openapi("EinvoiceRequestView");

// GET /api/public/einvoice/:token – the receipt a buyer scanned, and whether they can still ask for an e-invoice
const show = createRoute({
  method: "get",
  path: "/einvoice/{token}",
  tags: ["e-invoice"],
  summary: "A receipt's e-invoice request page",
  request: { params: Token },
  responses: {
    200: {
      description: "The receipt and its e-invoice state",
      content: { "application/json": { schema: View } },
    },
    404: errorResponse("link.invalid: tampered with or expired; says nothing more"),
  },
});

// POST /api/public/einvoice/:token – the buyer asks for their own e-invoice
const ask = createRoute({
  method: "post",
  path: "/einvoice/{token}",
  tags: ["e-invoice"],
  summary: "Ask for an e-invoice with the buyer's details (before the month is consolidated)",
  request: {
    params: Token,
    body: { required: true, content: { "application/json": { schema: BuyerRequest } } },
  },
  responses: {
    202: {
      description: "Requested",
      content: { "application/json": { schema: z.object({ state: z.literal("preparing") }) } },
    },
    400: errorResponse("Invalid input, naming the field"),
    404: errorResponse("link.invalid"),
    409: errorResponse("einvoice.already_consolidated or einvoice.already_issued"),
  },
});

async function invoiceOf(token: string) {
  const id = await Link.verifyInvoice(token);
  return Einvoice.get(id).catch(() => {
    throw new VisibleError("link.invalid", "This link is not valid.");
  });
}

/** What the buyer may see: the receipt's number, date and total, never anyone's details. */
export async function requestView(token: string) {
  const invoice = await invoiceOf(token);
  const shop = await Settings.section("shop");
  return {
    shop: { name: shop.name },
    invoice: {
      number: invoice.number,
      issued_at: invoice.issued_at?.toISOString() ?? null,
      total: invoice.total,
      currency: invoice.currency,
    },
    state: publicState(invoice),
    validation_link: await Einvoice.validationLink(invoice.einvoice_uuid, invoice.einvoice_long_id),
  } as const;
}

export function einvoiceRequestRoutes() {
  const app = new OpenAPIHono();
  app.openapi(show, async (c) => c.json(await requestView(c.req.valid("param").token), 200));
  app.openapi(ask, async (c) => {
    const invoice = await invoiceOf(c.req.valid("param").token);
    await Einvoice.request({ invoice_id: invoice.id, buyer: c.req.valid("json") });
    return c.json({ state: "preparing" as const }, 202);
  });
  return app;
}
