import { zValidator } from "@hono/zod-validator";
import { Phone } from "@wapos/core/util/phone";
import { bearerMatches } from "@wapos/core/util/token";
import { type Context, Hono, type Next } from "hono";
import * as z from "zod";
import type { Gateway } from "./gateway";
import { SimulatedTransport } from "./simulated";

/**
 * The gateway's own small HTTP surface: /health for the container health check, and in
 * simulated mode /sim/inbound, which the staff API's dev endpoint forwards to.
 */
export function createControlApp(gateway: Gateway, options: { controlToken?: string }) {
  const app = new Hono();
  app.get("/health", (c) => {
    const body = {
      state: gateway.state,
      since: gateway.since.toISOString(),
      mode: gateway.transport.mode,
      healthy: gateway.healthy,
      last_error: gateway.lastError ?? null,
    };
    // See Gateway.healthy: only failures a container restart can cure fail the check.
    return c.json(body, gateway.healthy ? 200 : 503);
  });
  const devToken = async (c: Context, next: Next) => {
    if (!bearerMatches(c.req.header("authorization"), options.controlToken))
      return c.json({ code: "auth.required", message: "Dev token required" }, 401);
    await next();
  };
  app.post("/sim/link", devToken, async (c) => {
    const transport = gateway.transport;
    if (!(transport instanceof SimulatedTransport))
      return c.json({ code: "whatsapp.not_simulated", message: "Not the simulated transport" }, 409);
    await transport.link();
    return c.json({ state: gateway.state }, 200);
  });
  app.post(
    "/sim/inbound",
    devToken,
    zValidator(
      "json",
      z.object({
        from: Phone,
        text: z.string().min(1).max(4096),
        from_shop_phone: z.boolean().default(false),
      }),
      (result, c) => {
        if (!result.success)
          return c.json({ code: "request.invalid", message: "from and text are required" }, 400);
      },
    ),
    async (c) => {
      const transport = gateway.transport;
      if (!(transport instanceof SimulatedTransport))
        return c.json({ code: "whatsapp.not_simulated", message: "Not the simulated transport" }, 409);
      const { from, text, from_shop_phone } = c.req.valid("json");
      // from_shop_phone: typed by staff on the shop's own phone in the chat with `from`.
      const messageId = from_shop_phone
        ? await transport.typeOnShopPhone(from, text)
        : await transport.receive(from, text);
      return c.json({ message_id: messageId }, 202);
    },
  );
  return app;
}
