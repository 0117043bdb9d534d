import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { withActor } from "@wapos/core/actor";
import { Upload } from "@wapos/core/blob/upload";
import * as Einvoice from "@wapos/core/einvoice/flow/request";
import { VisibleError } from "@wapos/core/error";
import { Invoice } from "@wapos/core/invoice/index";
import { Link } from "@wapos/core/link/index";
import { Money } from "@wapos/core/money/index";
import { Settings } from "@wapos/core/settings/index";
import * as Format from "@wapos/core/template/format";
import { label } from "@wapos/core/ticket/base";
import { detail, timeline } from "@wapos/core/ticket/queries";
import { answer } from "@wapos/core/ticket/transitions";
import type { Context } from "hono";
import { errorResponse } from "../http/schemas";

const Token = z.object({
  token: z.string().min(10).max(2000).describe("The link's id (/s/<token>); older links are signed tokens"),
});
const Amount = z.string().describe('A decimal string, e.g. "180.00"');
const StatusView = z
  .object({
    ticket_id: z.string(),
    number: z.string(),
    status: z.enum(["NEW", "IN_PROGRESS", "READY", "CLOSED"]),
    approval: z.enum(["pending", "approved", "declined"]).nullable(),
    can_answer: z.boolean(),
    language: z.enum(["en", "ms"]).describe("The language the customer chose"),
    device: z.string(),
    problem: z.string(),
    estimate: z.object({ price: Amount, currency: z.string() }).nullable(),
    eta_ready_at: z.string().nullable(),
    ready_at: z.string().nullable(),
    closed_at: z.string().nullable(),
    photos: z.array(z.object({ url: z.string() })),
    invoice: z
      .object({
        number: z.string(),
        status: z.string(),
        currency: z.string(),
        subtotal: Amount,
        listed_subtotal: Amount.describe(
          "The lines at their listed prices: listed_subtotal − discount_given (+ tax_total when SST is on top) = total",
        ),
        discount_given: Amount,
        prices_include_tax: z.boolean(),
        tax_total: Amount,
        total: Amount,
        amount_paid: Amount,
        balance: Amount.describe("What is still to pay: total less paid"),
        issued_at: z.string().nullable(),
        einvoice_validation_link: z.string().nullable(),
        einvoice_request_url: z.string(),
        lines: z.array(
          z.object({
            description: z.string(),
            qty: z.string(),
            unit_price: Amount,
            tax_rate: z.string(),
            tax_amount: Amount,
            line_total: Amount,
          }),
        ),
      })
      .nullable(),
    shop: z.object({ name: z.string(), phone: z.string(), address: z.string(), time_zone: z.string() }),
  })
  .openapi("StatusView");

// GET /api/public/tickets/:token – what a customer's link shows: their ticket and nothing else
const status = createRoute({
  method: "get",
  path: "/tickets/{token}",
  tags: ["status"],
  summary: "A customer's view of their ticket",
  request: { params: Token },
  responses: {
    200: {
      description: "The ticket as the customer may see it",
      content: { "application/json": { schema: StatusView } },
    },
    404: errorResponse("link.invalid: tampered with or expired; says nothing more"),
  },
});

const Answered = z
  .object({ status: StatusView.shape.status, approval: StatusView.shape.approval })
  .openapi("EstimateAnswer");
const answerRoute = (kind: "approve" | "decline") =>
  createRoute({
    method: "post",
    path: `/tickets/{token}/${kind}`,
    tags: ["status"],
    summary: kind === "approve" ? "The customer approves the estimate" : "The customer declines the estimate",
    description:
      "With the link's token in the path. JSON (or no body) answers 200; a plain HTML form post (the status page without JavaScript) is redirected (303) back to the status page.",
    request: {
      params: Token,
      body: {
        required: false,
        content: {
          "application/json": { schema: z.object({}).strict() },
          "application/x-www-form-urlencoded": { schema: z.object({}).catchall(z.string()) },
        },
      },
    },
    responses: {
      200: { description: "Answered", content: { "application/json": { schema: Answered } } },
      303: { description: "Form post: back to /s/<token> (with ?error=<code> when refused)" },
      404: errorResponse("link.invalid"),
      409: errorResponse("ticket.transition_not_allowed: the estimate changed or was already answered"),
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
  const { ticket, device, customer } = row;
  const [{ events }, invoice, settings] = await Promise.all([
    timeline(id),
    Invoice.forTicket(id),
    Settings.get(),
  ]);
  const completion =
    ticket.status === "READY" || ticket.status === "CLOSED"
      ? events.filter((e) => e.type === "READY").flatMap((e) => e.photo_keys)
      : [];
  return {
    ticket_id: ticket.id,
    number: label(ticket.number),
    status: ticket.status,
    approval: ticket.approval,
    can_answer: ticket.status === "IN_PROGRESS" && ticket.approval === "pending",
    language: customer.language,
    device: `${device.brand} ${device.model}`,
    problem: ticket.problem,
    estimate: ticket.price_estimate ? { price: ticket.price_estimate, currency: ticket.currency } : null,
    eta_ready_at: ticket.eta_ready_at?.toISOString() ?? null,
    ready_at: ticket.ready_at?.toISOString() ?? null,
    closed_at: ticket.closed_at?.toISOString() ?? null,
    photos: await Promise.all(completion.map(async (key) => ({ url: await Upload.viewUrl(key) }))),
    // A draft holds deposits only: the customer sees the invoice once it is issued at READY.
    invoice:
      invoice && invoice.status !== "draft"
        ? {
            ...Invoice.toPublic(invoice, await Invoice.items(invoice.id)),
            balance: Money.text(Invoice.amountDue(invoice)),
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
      address: Format.address(settings.shop),
      time_zone: settings.shop.time_zone,
    },
  };
}

const isFormPost = (c: Context) =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(
    c.req.header("content-type") ?? "",
  );

/**
 * The customer's answer to the estimate, with their link: only the ticket the link opens.
 * Recorded as the customer, so the ticket's timeline and audit say who answered.
 */
async function answerByLink(c: Context, token: string, approve: boolean) {
  const form = isFormPost(c);
  const back = `/s/${encodeURIComponent(token)}`;
  try {
    const id = await Link.verifyTicket(token);
    const { customer } = await detail(id).catch(() => {
      throw new VisibleError("link.invalid", "This link is not valid.");
    });
    const { ticket } = await withActor({ type: "customer", properties: { phone: customer.phone } }, () =>
      answer(id, approve),
    );
    if (form) return c.redirect(`${back}?answered=${approve ? "approve" : "decline"}`, 303);
    return c.json({ status: ticket.status, approval: ticket.approval }, 200);
  } catch (error) {
    if (!form || !(error instanceof VisibleError)) throw error;
    return c.redirect(`${back}?error=${encodeURIComponent(error.code)}`, 303);
  }
}

export function statusRoutes() {
  const app = new OpenAPIHono();
  app.openapi(status, async (c) => c.json(await statusView(c.req.valid("param").token), 200));
  for (const kind of ["approve", "decline"] as const)
    app.openapi(
      answerRoute(kind),
      (c) => answerByLink(c, c.req.valid("param").token, kind === "approve") as never,
    );
  return app;
}
