import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { systemActor, withActor } from "@wapos/core/actor";
import { VisibleError } from "@wapos/core/error";
import { Message } from "@wapos/core/message/index";
import { Phone } from "@wapos/core/util/phone";
import { bearerMatches } from "@wapos/core/util/token";
import type { MiddlewareHandler } from "hono";
import { config } from "../config";

/**
 * Dev endpoints: only mounted when WhatsApp is simulated, and only for holders of the dev
 * token printed at start. The accounts module replaces the token with the admin role.
 */
const requireDevToken: MiddlewareHandler = async (c, next) => {
  if (!bearerMatches(c.req.header("authorization"), config.devToken())) {
    throw new VisibleError(
      "auth.required",
      "Send the dev token printed at start as 'Authorization: Bearer <token>'.",
    );
  }
  await withActor(systemActor("dev"), () => next());
};

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

const ErrorBody = z.object({ code: z.string(), message: z.string() }).openapi("Error");
const errors = {
  400: { description: "Invalid input", content: { "application/json": { schema: ErrorBody } } },
  401: { description: "Missing or wrong dev token", content: { "application/json": { schema: ErrorBody } } },
};
const security = [{ devToken: [] }];

const InboundBody = z.object({
  from: Phone,
  text: z.string().min(1).max(4096),
});

// POST /api/dev/wa/inbound – a message as if the customer sent it from WhatsApp
const inboundRoute = createRoute({
  method: "post",
  path: "/dev/wa/inbound",
  tags: ["dev"],
  security,
  summary: "Inject an inbound WhatsApp message into the simulated transport",
  request: { body: { required: true, content: { "application/json": { schema: InboundBody } } } },
  responses: {
    202: {
      description: "Handed to the gateway, which puts it on wa-inbound",
      content: { "application/json": { schema: z.object({ message_id: z.string() }) } },
    },
    ...errors,
    503: { description: "Gateway not reachable", content: { "application/json": { schema: ErrorBody } } },
  },
});

const OutboundBody = z.object({
  to: Phone,
  text: z.string().min(1).max(4096),
});

// POST /api/dev/wa/outbound – queue a message to a customer through the real outbound path
const outboundRoute = createRoute({
  method: "post",
  path: "/dev/wa/outbound",
  tags: ["dev"],
  security,
  summary: "Queue an outbound text on wa-outbound-tx",
  request: { body: { required: true, content: { "application/json": { schema: OutboundBody } } } },
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: ChatMessage } } },
    ...errors,
  },
});

// GET /api/dev/wa/messages?phone= – the chat with one number, both ways, with statuses
const messagesRoute = createRoute({
  method: "get",
  path: "/dev/wa/messages",
  tags: ["dev"],
  security,
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

export function devRoutes() {
  const app = new OpenAPIHono();
  app.use("/dev/*", requireDevToken);
  app.openapi(inboundRoute, async (c) => {
    const body = c.req.valid("json");
    const response = await fetch(`${config.gatewayUrl()}/sim/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${config.devToken()}` },
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
    const { message_id } = (await response.json()) as { message_id: string };
    return c.json({ message_id }, 202);
  });
  app.openapi(outboundRoute, async (c) => {
    const { to, text } = c.req.valid("json");
    const row = await Message.send({ to, text, lane: "tx", author: "staff" });
    return c.json(Message.toPublic(row), 202);
  });
  app.openapi(messagesRoute, async (c) => {
    const { phone } = c.req.valid("query");
    const rows = await Message.listChat({ phone });
    return c.json({ messages: rows.map(Message.toPublic) }, 200);
  });
  return app;
}
