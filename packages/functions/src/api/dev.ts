import { OpenAPIHono, z } from "@hono/zod-openapi";
import { VisibleError } from "@wapos/core/error";
import { Message } from "@wapos/core/message/index";
import { Phone } from "@wapos/core/util/phone";
import { config } from "../config";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

/**
 * Dev endpoints: mounted only when WhatsApp is simulated, for admins. `inbound` makes a
 * message arrive as if a customer sent it; the other two use the real outbound path and log.
 */
const ChatMessage = z
  .object({
    id: z.string(),
    wa_message_id: z.string(),
    phone: z.string(),
    direction: z.enum(["in", "out"]),
    author: z.enum(["customer", "staff", "bot", "system"]),
    kind: z.string(),
    text: z.string().nullable(),
    status: z.string(),
    status_at: z.string(),
    failure_reason: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("ChatMessage");

const errors = { 400: errorResponse("Invalid input"), ...GUARDED_ERRORS };

const InboundBody = z.object({
  from: Phone,
  text: z.string().min(1).max(4096),
  /** As if staff typed it on the shop's own phone in the chat with `from` (the assistant then steps back). */
  from_shop_phone: z.boolean().default(false),
});

// POST /api/dev/wa/inbound – a message as if the customer sent it from WhatsApp
const inboundRoute = secureRoute("/api", {
  method: "post",
  path: "/dev/wa/inbound",
  tags: ["dev"],
  summary: "Inject an inbound WhatsApp message into the simulated transport",
  request: { body: { required: true, content: { "application/json": { schema: InboundBody } } } },
  responses: {
    202: {
      description: "Handed to the gateway, which puts it on wa-inbound",
      content: { "application/json": { schema: z.object({ message_id: z.string() }) } },
    },
    ...errors,
    503: errorResponse("The gateway is not reachable"),
  },
});

const OutboundBody = z.object({
  to: Phone,
  text: z.string().min(1).max(4096),
});

// POST /api/dev/wa/outbound – queue a message to a customer through the real outbound path
const outboundRoute = secureRoute("/api", {
  method: "post",
  path: "/dev/wa/outbound",
  tags: ["dev"],
  summary: "Queue an outbound text on wa-outbound-tx",
  request: { body: { required: true, content: { "application/json": { schema: OutboundBody } } } },
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: ChatMessage } } },
    ...errors,
  },
});

// GET /api/dev/wa/messages?phone= – the chat with one number, both ways, with statuses
const messagesRoute = secureRoute("/api", {
  method: "get",
  path: "/dev/wa/messages",
  tags: ["dev"],
  summary: "List the chat with one phone number",
  request: { query: z.object({ phone: Phone }) },
  responses: {
    200: {
      description: "Oldest first",
      content: { "application/json": { schema: z.object({ messages: z.array(ChatMessage) }) } },
    },
    ...errors,
  },
});

// POST /api/dev/wa/link – the simulated shop phone scans the QR: the session is linked again
const linkRoute = secureRoute("/api", {
  method: "post",
  path: "/dev/wa/link",
  tags: ["dev"],
  summary: "Link the simulated shop phone again after an unlink (as if the QR was scanned)",
  responses: {
    200: {
      description: "Linked",
      content: { "application/json": { schema: z.object({ state: z.string() }) } },
    },
    ...errors,
    503: errorResponse("The gateway is not reachable"),
  },
});

// POST /api/dev/campaigns/tick – the governor's tick now, instead of at the next minute
const campaignTickRoute = secureRoute("/api", {
  method: "post",
  path: "/dev/campaigns/tick",
  tags: ["dev"],
  summary: "Run the campaigns' tick now (simulated WhatsApp only)",
  description:
    "Runs the same job the scheduler sends every minute (core/src/campaign), so a demo or a test " +
    "need not wait for the minute. The governor still decides what may go.",
  responses: { 204: { description: "The tick ran" }, ...GUARDED_ERRORS },
});

/** Calls the gateway's control endpoint; a gateway that is not simulated answers 409. */
async function callGateway(path: string, body: unknown) {
  const response = await fetch(`${config.gatewayUrl()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${config.gatewayToken()}` },
    body: JSON.stringify(body),
  }).catch((error: unknown) => {
    throw new VisibleError("whatsapp.gateway_unavailable", "The WhatsApp gateway is not reachable.", {
      cause: String(error),
    });
  });
  if (response.status === 409)
    throw new VisibleError("whatsapp.not_simulated", "The gateway is not running the simulated transport.");
  if (!response.ok)
    throw new VisibleError("whatsapp.gateway_unavailable", `The gateway answered ${response.status}.`);
  return response.json();
}

export function devRoutes() {
  const app = new OpenAPIHono();
  app.openapi(inboundRoute, async (c) => {
    const { message_id } = (await callGateway("/sim/inbound", c.req.valid("json"))) as { message_id: string };
    return c.json({ message_id }, 202);
  });
  app.openapi(linkRoute, async (c) => {
    const { state } = (await callGateway("/sim/link", {})) as { state: string };
    return c.json({ state }, 200);
  });
  app.openapi(campaignTickRoute, async (c) => {
    const { runTick } = await import("@wapos/core/campaign/index");
    await runTick();
    return c.body(null, 204);
  });
  app.openapi(outboundRoute, async (c) => {
    const { to, text } = c.req.valid("json");
    const row = await Message.send({ purpose: "staff", to, text, lane: "tx", author: "staff" });
    return c.json(Message.toPublic(row), 202);
  });
  app.openapi(messagesRoute, async (c) => {
    const { phone } = c.req.valid("query");
    const rows = await Message.listChat({ phone });
    return c.json({ messages: rows.map(Message.toPublic) }, 200);
  });
  return app;
}
