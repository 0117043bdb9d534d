import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { withActor } from "@wapos/core/actor";
import { VisibleError } from "@wapos/core/error";
import { Link } from "@wapos/core/link/index";
import { Quote } from "@wapos/core/quote/index";
import { Settings } from "@wapos/core/settings/index";
import * as Format from "@wapos/core/template/format";
import type { Context } from "hono";
import { errorResponse } from "../http/schemas";
import { clientIp } from "../http/security";

const Token = z.object({ token: z.string().min(10).max(2000).describe("The link's id (/q/<token>)") });
const Amount = z.string().describe('A decimal string, e.g. "180.00"');

const QuoteView = z
  .object({
    number: z.string(),
    status: z.enum(["draft", "sent", "accepted", "declined", "expired", "converted"]),
    can_answer: z.boolean().describe("Whether Accept and Decline still apply (sent and not past its date)"),
    language: z.enum(["en", "ms"]).describe("The customer's language"),
    currency: z.string(),
    lines: z.array(
      z.object({
        description: z.string(),
        qty: z.string(),
        unit_price: Amount,
        discount: Amount,
        tax_rate: z.string(),
        tax: Amount,
        line_total: Amount,
      }),
    ),
    subtotal: Amount,
    discount_total: Amount,
    tax_total: Amount,
    total: Amount,
    notes: z.string().nullable(),
    valid_until: z.string().nullable(),
    decided_at: z.string().nullable(),
    shop: z.object({ name: z.string(), phone: z.string(), address: z.string(), time_zone: z.string() }),
  })
  .openapi("QuoteView");

// GET /api/public/quotes/:token – what a quote link shows: that quote and nothing else
const read = createRoute({
  method: "get",
  path: "/quotes/{token}",
  tags: ["quotes"],
  summary: "A customer's view of their quote",
  request: { params: Token },
  responses: {
    200: { description: "The quote", content: { "application/json": { schema: QuoteView } } },
    404: errorResponse("link.invalid: tampered with or expired; says nothing more"),
  },
});

const Decided = z.object({ number: z.string(), status: QuoteView.shape.status }).openapi("QuoteDecision");
const decideRoute = (kind: "accept" | "decline") =>
  createRoute({
    method: "post",
    path: `/quotes/{token}/${kind}`,
    tags: ["quotes"],
    summary: kind === "accept" ? "The customer accepts the quote" : "The customer declines the quote",
    description:
      "With the link's token in the path; recorded with the caller's address and user agent. The same answer again is 200; JSON (or no body) answers 200, a plain HTML form post is redirected (303) back to /q/<token>.",
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
      200: { description: "Answered", content: { "application/json": { schema: Decided } } },
      303: { description: "Form post: back to /q/<token> (with ?error=<code> when refused)" },
      404: errorResponse("link.invalid"),
      409: errorResponse("quote.expired, quote.already_decided (the other answer was given)"),
    },
  });

/** The quote a link opens, with its customer, or `link.invalid` (telling nothing more). */
async function opened(token: string) {
  const id = await Link.verifyQuote(token);
  const quote = await Quote.view(id).catch(() => undefined);
  if (!quote) throw new VisibleError("link.invalid", "This link is not valid.");
  return quote;
}

/** The customer's page: the lines, totals, valid-until and status. Never the customer's phone or staff names. */
export async function quoteView(token: string): Promise<z.infer<typeof QuoteView>> {
  const quote = await opened(token);
  const settings = await Settings.get();
  return {
    number: quote.number,
    status: quote.status,
    can_answer: quote.status === "sent",
    language: quote.customer.language,
    currency: quote.currency,
    lines: quote.lines.map(({ product_id: _, ...line }) => line),
    subtotal: quote.subtotal,
    discount_total: quote.discount_total,
    tax_total: quote.tax_total,
    total: quote.total,
    notes: quote.notes,
    valid_until: quote.valid_until,
    decided_at: quote.decided_at,
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

/** The customer's answer, as the customer (the audit row says who), with the request's evidence. */
async function decideByLink(c: Context, token: string, accept: boolean) {
  const form = isFormPost(c);
  const back = `/q/${encodeURIComponent(token)}`;
  try {
    const quote = await opened(token);
    const row = await withActor({ type: "customer", properties: { phone: quote.customer.phone } }, () =>
      Quote.decide(quote.id, accept, { ip: clientIp(c), userAgent: c.req.header("user-agent") }),
    );
    if (form) return c.redirect(`${back}?answered=${accept ? "accept" : "decline"}`, 303);
    return c.json({ number: row.number, status: row.status }, 200);
  } catch (error) {
    if (!form || !(error instanceof VisibleError)) throw error;
    return c.redirect(`${back}?error=${encodeURIComponent(error.code)}`, 303);
  }
}

export function quoteRoutes() {
  const app = new OpenAPIHono();
  app.openapi(read, async (c) => c.json(await quoteView(c.req.valid("param").token), 200));
  for (const kind of ["accept", "decline"] as const)
    app.openapi(
      decideRoute(kind),
      (c) => decideByLink(c, c.req.valid("param").token, kind === "accept") as never,
    );
  return app;
}
