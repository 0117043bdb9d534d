import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { Blob } from "@wapos/core/blob/index";
import * as Einvoice from "@wapos/core/einvoice/flow/request";
import { VisibleError } from "@wapos/core/error";
import { Invoice } from "@wapos/core/invoice/index";
import { Link } from "@wapos/core/link/index";
import { Settings } from "@wapos/core/settings/index";
import { label } from "@wapos/core/ticket/base";
import { detail, timeline } from "@wapos/core/ticket/queries";
import { errorResponse } from "../http/schemas";

// GET /api/public/tickets/:token – what a customer's link shows: their ticket and nothing else
const status = createRoute({
  method: "get",
  path: "/tickets/{token}",
  tags: ["status"],
  summary: "A customer's view of their ticket",
  request: { params: z.object({ token: z.string().min(10).max(2000) }) },
  responses: {
    200: {
      description: "The ticket as the customer may see it",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
    },
    404: errorResponse("link.invalid: tampered with or expired; says nothing more"),
  },
});

/**
 * The customer's page: status, the estimate to approve or decline, the ready time, completion
 * photos once ready, and the invoice. Never the passcode, notes or staff names.
 */
export async function statusView(token: string) {
  const id = await Link.verifyTicket(token);
  const row = await detail(id).catch(() => undefined);
  if (!row) throw new VisibleError("link.invalid", "This link is not valid.");
  const { ticket, device } = row;
  const [{ events }, invoice, settings] = await Promise.all([
    timeline(id),
    Invoice.forTicket(id),
    Settings.get(),
  ]);
  const completion =
    ticket.status === "READY" || ticket.status === "CLOSED"
      ? events.filter((e) => e.type === "READY").flatMap((e) => e.photo_keys)
      : [];
  const store = Blob.useStore();
  return {
    ticket_id: ticket.id,
    number: label(ticket.number),
    status: ticket.status,
    approval: ticket.approval,
    can_answer: ticket.status === "IN_PROGRESS" && ticket.approval === "pending",
    device: `${device.brand} ${device.model}`,
    problem: ticket.problem,
    estimate: ticket.price_estimate ? { price: ticket.price_estimate, currency: ticket.currency } : null,
    eta_ready_at: ticket.eta_ready_at?.toISOString() ?? null,
    ready_at: ticket.ready_at?.toISOString() ?? null,
    closed_at: ticket.closed_at?.toISOString() ?? null,
    photos: await Promise.all(
      completion.map(async (key) => ({ url: await store.presignGet(key, { expiresIn: 3600 }) })),
    ),
    invoice: invoice
      ? {
          ...Invoice.toPublic(invoice, await Invoice.items(invoice.id)),
          // The receipt's e-invoice: LHDN's validation link once valid, else where to ask for one.
          einvoice_validation_link: await Einvoice.validationLink(
            invoice.einvoice_uuid,
            invoice.einvoice_long_id,
          ),
          einvoice_request_url: Link.einvoiceRequestUrl(await Link.signInvoice(invoice.id)),
        }
      : null,
    shop: {
      name: settings.shop.name,
      phone: settings.shop.phone,
      address: settings.shop.address,
      time_zone: settings.shop.time_zone,
    },
  };
}

export function statusRoutes() {
  const app = new OpenAPIHono();
  app.openapi(status, async (c) => c.json(await statusView(c.req.valid("param").token), 200));
  return app;
}
