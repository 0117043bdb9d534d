import { OpenAPIHono } from "@hono/zod-openapi";
import { Assistant } from "@wapos/core/assistant/index";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

// POST /api/ai/reply – what the assistant would answer, without sending or deciding anything
const reply = secureRoute("/api", {
  method: "post",
  path: "/ai/reply",
  tags: ["assistant"],
  summary: "Try the assistant",
  description:
    "Runs the assistant's answer for `question` as if the chat's customer (`thread_id`) or a customer from the book (`customer_id`) had asked it on WhatsApp, from the shop's records only; with neither, as a number the shop does not know. Nothing is sent, and a YES or NO decides nothing.",
  request: { body: { required: true, content: { "application/json": { schema: Assistant.TryInput } } } },
  responses: {
    200: {
      description: "The answer it would give",
      content: { "application/json": { schema: Assistant.TryReply } },
    },
    400: errorResponse("Invalid input"),
    404: errorResponse("customer.not_found; thread.not_found"),
    ...GUARDED_ERRORS,
  },
});

export function aiRoutes() {
  const app = new OpenAPIHono();
  app.openapi(reply, async (c) => c.json(await Assistant.tryReply(c.req.valid("json")), 200));
  return app;
}
