import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Upload } from "@wapos/core/blob/upload";
import { Inbox } from "@wapos/core/inbox/index";
import { errorResponse, GUARDED_ERRORS, UploadTarget } from "../http/schemas";
import { secureRoute } from "../http/security";

const IdParam = z.object({ id: z.uuid() });
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { "application/json": { schema } } },
});
const notFound = { 404: errorResponse("thread.not_found") };
const Thread = Inbox.ThreadSummary;

// GET /api/inbox/threads – the chats, flagged for staff first, then the most recent
const list = secureRoute("/api", {
  method: "get",
  path: "/inbox/threads",
  tags: ["inbox"],
  summary: "The WhatsApp chats: who, the last message and who said it, unread, flagged, paused",
  responses: {
    200: json(z.object({ threads: z.array(Thread) }), "Flagged first, then newest"),
    ...GUARDED_ERRORS,
  },
});

// GET /api/inbox/threads/:id – one chat's newest messages, oldest first
const get = secureRoute("/api", {
  method: "get",
  path: "/inbox/threads/{id}",
  tags: ["inbox"],
  summary: "A chat: its messages with who spoke, delivery status and media",
  request: { params: IdParam },
  responses: {
    200: json(Inbox.Conversation, "The chat"),
    ...notFound,
    ...GUARDED_ERRORS,
  },
});

// GET /api/inbox/threads/:id/customer – the customer's repairs and invoices, beside the chat
const customer = secureRoute("/api", {
  method: "get",
  path: "/inbox/threads/{id}/customer",
  tags: ["inbox"],
  summary: "The chat's customer with their newest repairs and invoices",
  request: { params: IdParam },
  responses: {
    200: json(Inbox.CustomerSide, "Null customer: a number the shop does not know"),
    ...notFound,
    ...GUARDED_ERRORS,
  },
});

/** POST /api/inbox/threads/:id/{read,takeover,hand-back}: a step on the chat, answered with the chat. */
const step = (action: "read" | "takeover" | "hand-back", summary: string) =>
  secureRoute("/api", {
    method: "post",
    path: `/inbox/threads/{id}/${action}`,
    tags: ["inbox"],
    summary,
    request: { params: IdParam },
    responses: { 200: json(Thread, "The chat"), ...notFound, ...GUARDED_ERRORS },
  });
const read = step("read", "Count the chat as read");
const takeover = step(
  "takeover",
  "Take the chat over: the assistant is silent in it for the pause (audited)",
);
const handBack = step("hand-back", "Give the chat back to the assistant now (audited)");

// POST /api/inbox/threads/:id/reply – staff answer; the assistant pauses in the chat
const reply = secureRoute("/api", {
  method: "post",
  path: "/inbox/threads/{id}/reply",
  tags: ["inbox"],
  summary: "Reply as staff",
  description:
    "Sends the text (or a photo uploaded for the chat, with the text as its caption) on the transactional lane as staff, pauses the assistant in the chat for the settings' pause (assistant.pause_hours) with the sender as the one who took it over, clears the chat's 'needs staff' flag and counts it as read.",
  request: { params: IdParam, ...body(Inbox.ReplyInput) },
  responses: {
    201: json(Inbox.Replied, "Queued to send"),
    400: errorResponse(
      "Invalid input; upload.invalid_key, photo.not_uploaded, upload.wrong_type, upload.too_large",
    ),
    ...notFound,
    409: errorResponse("inbox.opted_out: the customer opted out of WhatsApp"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/inbox/threads/:id/photos – where to upload a photo to send in the chat
const photo = secureRoute("/api", {
  method: "post",
  path: "/inbox/threads/{id}/photos",
  tags: ["inbox"],
  summary: "Get an upload URL for a photo to send (then name its key in the reply)",
  request: { params: IdParam, ...body(Upload.UploadRequest) },
  responses: {
    200: json(UploadTarget, "PUT the photo to upload_url with exactly the stated size and Content-Type"),
    400: errorResponse("Invalid input; upload.too_large"),
    ...notFound,
    429: errorResponse("upload.rate_limited"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/inbox/threads/:id/links – a repair's status or invoice link, to paste into a reply
const link = secureRoute("/api", {
  method: "post",
  path: "/inbox/threads/{id}/links",
  tags: ["inbox"],
  summary: "The customer's link to one of their repairs (its status page, or its invoice)",
  request: { params: IdParam, ...body(Inbox.LinkInput) },
  responses: {
    200: json(Inbox.CustomerLink, "The link"),
    400: errorResponse("Invalid input"),
    404: errorResponse("thread.not_found; ticket.not_found (not this customer's repair)"),
    ...GUARDED_ERRORS,
  },
});

export function inboxRoutes() {
  const app = new OpenAPIHono();
  app.openapi(list, async (c) => c.json({ threads: await Inbox.threads() }, 200));
  app.openapi(get, async (c) => c.json(await Inbox.conversation(c.req.valid("param").id), 200));
  app.openapi(customer, async (c) => c.json(await Inbox.customerSide(c.req.valid("param").id), 200));
  app.openapi(read, async (c) => c.json(await Inbox.markRead(c.req.valid("param").id), 200));
  app.openapi(takeover, async (c) => c.json(await Inbox.takeover(c.req.valid("param").id), 200));
  app.openapi(handBack, async (c) => c.json(await Inbox.handBack(c.req.valid("param").id), 200));
  app.openapi(reply, async (c) =>
    c.json(await Inbox.reply({ ...c.req.valid("json"), thread_id: c.req.valid("param").id }), 201),
  );
  app.openapi(photo, async (c) =>
    c.json(await Inbox.presignPhoto({ ...c.req.valid("json"), thread_id: c.req.valid("param").id }), 200),
  );
  app.openapi(link, async (c) =>
    c.json(await Inbox.linkFor({ ...c.req.valid("json"), thread_id: c.req.valid("param").id }), 200),
  );
  return app;
}
