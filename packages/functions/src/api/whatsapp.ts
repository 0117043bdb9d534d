import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Connection } from "@wapos/core/whatsapp/connection";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const State = z.enum(["connecting", "open", "closed", "needs_pairing"]);

const ConnectionView = z
  .object({
    state: State,
    since: z.string().nullable(),
    /** Why the connection is not open, in words. */
    last_error: z.string().nullable(),
    mode: z.string().nullable(),
    gateway_running: z.boolean(),
    heartbeat_at: z.string().nullable(),
    /** The pairing QR's text while the session waits to be linked. */
    qr: z.string().nullable(),
    pairing_code: z.string().nullable(),
    linked_phone: z.string().nullable(),
    alert: z.string().nullable(),
    alert_at: z.string().nullable(),
    metrics: z
      .object({
        started_at: z.string(),
        state_changes: z.number(),
        reconnects: z.number(),
        connected_ms: z.number(),
        watchdog_restarts: z.number(),
      })
      .nullable(),
  })
  .openapi("WhatsAppConnection");

const ConnectionStatus = z.object({ state: State, alert: z.string().nullable() }).openapi("WhatsAppStatus");
const Requested = z.object({ requested: z.literal(true) });

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

// GET /api/whatsapp/connection – the shop's WhatsApp session as the gateway last reported it
const get = secureRoute("/api", {
  method: "get",
  path: "/whatsapp/connection",
  tags: ["whatsapp"],
  summary: "The WhatsApp connection: state, QR or pairing code, linked number, metrics",
  responses: { 200: json(ConnectionView, "The connection"), ...GUARDED_ERRORS },
});

// GET /api/whatsapp/status – whether WhatsApp works, for every staff member's banner
const status = secureRoute("/api", {
  method: "get",
  path: "/whatsapp/status",
  tags: ["whatsapp"],
  summary: "The connection's state and alert only",
  responses: { 200: json(ConnectionStatus, "The state"), ...GUARDED_ERRORS },
});

// POST /api/whatsapp/connection/pairing-code – ask the gateway for a code to link the shop's number
const pairingCode = secureRoute("/api", {
  method: "post",
  path: "/whatsapp/connection/pairing-code",
  tags: ["whatsapp"],
  summary: "Request a pairing code for the shop's number (audited)",
  request: {
    body: { required: true, content: { "application/json": { schema: Connection.PairingCodeInput } } },
  },
  responses: {
    202: json(Requested, "Left for the gateway; the code appears in the connection within seconds"),
    400: errorResponse("Invalid input"),
    409: errorResponse("whatsapp.already_linked or whatsapp.gateway_not_running"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/whatsapp/connection/logout – unlink the shop's number so it can be paired again
const logout = secureRoute("/api", {
  method: "post",
  path: "/whatsapp/connection/logout",
  tags: ["whatsapp"],
  summary: "Unlink the shop's number (audited); the connection then shows a new QR",
  responses: {
    202: json(Requested, "Left for the gateway"),
    409: errorResponse("whatsapp.gateway_not_running"),
    ...GUARDED_ERRORS,
  },
});

export function whatsappRoutes() {
  const app = new OpenAPIHono();
  app.openapi(get, async (c) => c.json(ConnectionView.parse(await Connection.get()), 200));
  app.openapi(status, async (c) => c.json(ConnectionStatus.parse(await Connection.status()), 200));
  app.openapi(pairingCode, async (c) => {
    await Connection.requestPairingCode(c.req.valid("json"));
    return c.json({ requested: true as const }, 202);
  });
  app.openapi(logout, async (c) => {
    await Connection.requestLogout();
    return c.json({ requested: true as const }, 202);
  });
  return app;
}
