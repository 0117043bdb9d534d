import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Upload } from "@wapos/core/blob/upload";
import { Intake } from "@wapos/core/intake/index";
import { Invoice } from "@wapos/core/invoice/index";
import { Message } from "@wapos/core/message/index";
import { Settings } from "@wapos/core/settings/index";
import { Ticket } from "@wapos/core/ticket/index";
import { useClock } from "@wapos/core/util/clock";
import { startOfDay } from "@wapos/core/util/zone";
import type { Context } from "hono";
import { errorResponse, GUARDED_ERRORS, UploadTarget } from "../http/schemas";
import { secureRoute } from "../http/security";
import { TicketView } from "./ticket-view";

const IdParam = z.object({ id: z.uuid() });
const Json = z.record(z.string(), z.unknown());
const ok = (description: string, schema: z.ZodType = Json) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { "application/json": { schema } } },
});
const Kpi = z.object({
  new: z.number().int(),
  ready: z.number().int(),
  awaiting_approval: z.number().int(),
  overdue: z.number().int(),
});
const STEP_ERRORS = {
  400: errorResponse("Invalid input"),
  404: errorResponse("ticket.not_found"),
  409: errorResponse("ticket.transition_not_allowed: details.allowed lists the steps the ticket allows"),
  ...GUARDED_ERRORS,
};

/** Photo URLs for the browser, an hour long: keys never leave the API without one. */
async function withPhotoUrls<T extends { photo_keys: string[] }>(items: T[]) {
  return Promise.all(
    items.map(async (item) => ({
      ...item,
      photos: await Promise.all(
        item.photo_keys.map(async (key) => ({ key, url: await Upload.viewUrl(key) })),
      ),
    })),
  );
}

/** A ticket as the dashboard shows it: the ticket, its timeline, its invoice and the steps it allows now. */
export async function ticketView(id: string) {
  const row = await Ticket.detail(id);
  const [{ events, messages }, invoice, changes, parts] = await Promise.all([
    Ticket.timeline(id),
    Invoice.forTicket(id),
    Intake.customerChangesFor(id),
    Ticket.partsUsed(id),
  ]);
  return {
    ticket: Ticket.toPublic(row),
    customer_changes: changes,
    allowed: Ticket.allowed(row.ticket),
    events: await withPhotoUrls(events.map(Ticket.eventPublic)),
    messages: messages.map(Message.toPublic),
    parts: parts.map((p) => ({
      id: p.id,
      product_id: p.product_id,
      name: p.name,
      sku: p.sku,
      qty: p.qty,
      unit_price: p.unit_price,
      note: p.note,
      created_at: p.created_at.toISOString(),
    })),
    invoice: invoice ? Invoice.toPublic(invoice, await Invoice.items(invoice.id)) : null,
  };
}

const TAGS = ["tickets"];

// GET /api/tickets/kanban – the board, a page per column
const kanban = secureRoute("/api", {
  method: "get",
  path: "/tickets/kanban",
  tags: TAGS,
  summary: "The board, a page per column",
  description:
    "Columns NEW, IN_PROGRESS, READY and CLOSED (last 7 days), oldest first, `limit` cards each. " +
    "For a column's next page, pass its `status` and its `next` cursor as `after`.",
  request: { query: Ticket.KanbanInput },
  responses: {
    200: ok(
      "A page of each column, each column's count and the cursor of its next page",
      z.object({
        columns: z.partialRecord(Ticket.Public.shape.status, z.array(Ticket.Public)),
        counts: z.partialRecord(Ticket.Public.shape.status, z.number().int()),
        next: z.partialRecord(Ticket.Public.shape.status, z.uuid().nullable()),
      }),
    ),
    400: errorResponse("Invalid input"),
    ...GUARDED_ERRORS,
  },
});

// GET /api/tickets/search?q= – by number, phone, name, IMEI/serial or note text
const search = secureRoute("/api", {
  method: "get",
  path: "/tickets/search",
  tags: TAGS,
  summary: "Search tickets",
  request: { query: Ticket.SearchInput },
  responses: {
    200: ok("Matches, newest first", z.object({ tickets: z.array(Ticket.Public) })),
    400: errorResponse("Invalid input"),
    ...GUARDED_ERRORS,
  },
});

// GET /api/tickets/kpis – today / 7 days / 30 days, for the home page
const kpis = secureRoute("/api", {
  method: "get",
  path: "/tickets/kpis",
  tags: TAGS,
  summary: "Ticket figures",
  responses: {
    200: ok(
      "New, ready, awaiting approval and overdue per window",
      z.object({ today: Kpi, days_7: Kpi, days_30: Kpi }),
    ),
    ...GUARDED_ERRORS,
  },
});

// GET /api/tickets/:id – the ticket with its timeline
const get = secureRoute("/api", {
  method: "get",
  path: "/tickets/{id}",
  tags: TAGS,
  summary: "A ticket and its timeline",
  request: { params: IdParam },
  responses: { 200: ok("The ticket", TicketView), 404: errorResponse("ticket.not_found"), ...GUARDED_ERRORS },
});

const PatchInput = z
  .object({
    assignee_id: Ticket.AssignInput.shape.assignee_id.optional(),
    priority: Ticket.PriorityInput.shape.priority.optional(),
  })
  .refine((v) => v.assignee_id !== undefined || v.priority !== undefined, "Send assignee_id or priority");

// PATCH /api/tickets/:id – assignee and priority
const patch = secureRoute("/api", {
  method: "patch",
  path: "/tickets/{id}",
  tags: TAGS,
  summary: "Assign or set priority",
  request: { params: IdParam, ...body(PatchInput) },
  responses: { 200: ok("The ticket", TicketView), ...STEP_ERRORS },
});

// PATCH /api/tickets/:id/estimate – price and ETA; the customer is asked to approve
const estimate = secureRoute("/api", {
  method: "patch",
  path: "/tickets/{id}/estimate",
  tags: TAGS,
  summary: "Set the estimate",
  request: { params: IdParam, ...body(Ticket.EstimateInput) },
  responses: { 200: ok("The ticket", TicketView), ...STEP_ERRORS },
});

const answer = (kind: "approve" | "decline") =>
  secureRoute("/api", {
    method: "post",
    path: `/tickets/{id}/${kind}`,
    tags: TAGS,
    summary: kind === "approve" ? "Record the customer's approval" : "Record the customer's decline",
    description:
      "Staff recording an answer the customer gave in person or by phone. Customers answer with their link on the public API (POST /api/public/tickets/{token}/approve).",
    request: { params: IdParam },
    responses: { 200: ok("The ticket", TicketView), ...STEP_ERRORS },
  });

// POST /api/tickets/:id/customer-changes – accept or dismiss what the intake typed, per field
const customerChanges = secureRoute("/api", {
  method: "post",
  path: "/tickets/{id}/customer-changes",
  tags: TAGS,
  summary: "Accept or dismiss the intake's customer details",
  description:
    "An intake never rewrites a customer on file; what it typed differently waits on the ticket. Accepted fields update the customer (an accepted WhatsApp opt-in records the intake's consent); every decision is audited.",
  request: { params: IdParam, ...body(Intake.CustomerChangesDecision) },
  responses: {
    200: ok("The ticket", TicketView),
    400: errorResponse("Invalid input"),
    404: errorResponse("ticket.not_found"),
    409: errorResponse("ticket.no_customer_changes: a field named is not waiting"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/tickets/:id/ready – completion photos → READY, invoice, WhatsApp
const ready = secureRoute("/api", {
  method: "post",
  path: "/tickets/{id}/ready",
  tags: TAGS,
  summary: "Mark ready",
  request: { params: IdParam, ...body(Ticket.ReadyInput) },
  responses: { 200: ok("The ticket", TicketView), ...STEP_ERRORS },
});

// POST /api/tickets/:id/pickup – payments → invoice paid, CLOSED (or closed unpaid, with a reason)
const pickup = secureRoute("/api", {
  method: "post",
  path: "/tickets/{id}/pickup",
  tags: TAGS,
  summary: "Picked up and paid",
  description:
    "Applies the payments to the repair's invoice (split across methods; cash last, rounded to 5 sen when it settles the bill, with change) and closes the ticket when nothing is left to pay. " +
    "Short of that it is refused with `ticket.balance_due` and `details.due`, and nothing is written, unless `unpaid_reason` says why the device goes unpaid (close reason picked_up_unpaid, audited). " +
    "A retry with the same `idempotency_key` pays nothing twice.",
  request: { params: IdParam, ...body(Ticket.PickupInput) },
  responses: {
    200: ok("The ticket", TicketView),
    ...STEP_ERRORS,
    409: errorResponse(
      "ticket.transition_not_allowed; ticket.balance_due: details.due is what is left; payment.nothing_due",
    ),
  },
});

const CloseInput = z.object({ note: z.string().trim().max(2000).optional() });
// POST /api/tickets/:id/close – returned unrepaired
const close = secureRoute("/api", {
  method: "post",
  path: "/tickets/{id}/close",
  tags: TAGS,
  summary: "Return unrepaired",
  request: { params: IdParam, ...body(CloseInput) },
  responses: { 200: ok("The ticket", TicketView), ...STEP_ERRORS },
});

// POST /api/tickets/:id/notes – a note and/or photos, at any stage
const notes = secureRoute("/api", {
  method: "post",
  path: "/tickets/{id}/notes",
  tags: TAGS,
  summary: "Add a note or photos",
  request: { params: IdParam, ...body(Ticket.NoteInput) },
  responses: { 200: ok("The ticket", TicketView), ...STEP_ERRORS },
});

// POST /api/tickets/:id/photos – where to upload a photo (then name it in notes or ready)
const photos = secureRoute("/api", {
  method: "post",
  path: "/tickets/{id}/photos",
  tags: TAGS,
  summary: "Get a photo upload URL",
  request: { params: IdParam, ...body(Ticket.PhotoUpload) },
  responses: {
    200: ok("PUT the photo to upload_url with exactly the stated size and Content-Type", UploadTarget),
    429: errorResponse("upload.rate_limited"),
    ...STEP_ERRORS,
  },
});

// GET /api/tickets/:id/passcode – the device passcode, assigned technician and admins only
const passcode = secureRoute("/api", {
  method: "get",
  path: "/tickets/{id}/passcode",
  tags: TAGS,
  summary: "Read the device passcode",
  request: { params: IdParam },
  responses: {
    200: ok("The passcode or null", z.object({ passcode: z.string().nullable() })),
    404: errorResponse("ticket.not_found"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/tickets/:id/call-customer/done – staff phoned the customer; clears the flag
const callCustomerDone = secureRoute("/api", {
  method: "post",
  path: "/tickets/{id}/call-customer/done",
  tags: TAGS,
  summary: "Called the customer",
  description:
    'Clears the ticket\'s "call the customer" flag (raised when a WhatsApp message did not reach them), with an optional note for the timeline.',
  request: { params: IdParam, ...body(Ticket.CallCustomerDoneInput) },
  responses: {
    200: ok("The ticket", TicketView),
    400: errorResponse("Invalid input"),
    404: errorResponse("ticket.not_found"),
    409: errorResponse("ticket.call_customer_not_flagged: the ticket has no flag to clear"),
    ...GUARDED_ERRORS,
  },
});

const PartParam = z.object({ id: z.uuid(), partId: z.uuid() });

// POST /api/tickets/:id/parts – a part taken from stock for the repair
const usePart = secureRoute("/api", {
  method: "post",
  path: "/tickets/{id}/parts",
  tags: TAGS,
  summary: "Use a part",
  description:
    "Takes the part from stock (`stock.insufficient` names it when short) at its catalogue price now; READY bills it. Only while the ticket is NEW or IN_PROGRESS.",
  request: { params: IdParam, ...body(Ticket.PartInput) },
  responses: {
    200: ok("The ticket", TicketView),
    ...STEP_ERRORS,
    404: errorResponse("ticket.not_found; product.not_found"),
    409: errorResponse("ticket.transition_not_allowed (READY or CLOSED); stock.insufficient"),
  },
});

// DELETE /api/tickets/:id/parts/:partId – the part goes back on the shelf
const returnPart = secureRoute("/api", {
  method: "delete",
  path: "/tickets/{id}/parts/{partId}",
  tags: TAGS,
  summary: "Return a part unused",
  description:
    "`partId` is the part's id in the ticket view's `parts`. Only before the invoice is issued (READY).",
  request: { params: PartParam },
  responses: {
    200: ok("The ticket", TicketView),
    ...STEP_ERRORS,
    404: errorResponse("ticket.not_found; ticket.part_not_found"),
  },
});

// POST /api/tickets/:id/deposit – money toward the repair before pickup
const deposit = secureRoute("/api", {
  method: "post",
  path: "/tickets/{id}/deposit",
  tags: TAGS,
  summary: "Take a deposit",
  description:
    "Before READY the deposit goes onto the repair's draft invoice (no more in all than the estimate); at READY it is a payment toward the issued invoice. It counts toward what is due at pickup. A retry with the same `idempotency_key` records nothing twice.",
  request: { params: IdParam, ...body(Ticket.DepositInput) },
  responses: {
    200: ok("The ticket", TicketView),
    ...STEP_ERRORS,
    400: errorResponse("Invalid input; payment.above_balance"),
  },
});

export function ticketRoutes() {
  const app = new OpenAPIHono();
  const view = async (c: Context, id: string) => c.json(await ticketView(id), 200);
  app.openapi(kanban, async (c) => {
    return c.json(await Ticket.kanban(c.req.valid("query")), 200);
  });
  app.openapi(search, async (c) => c.json({ tickets: await Ticket.search(c.req.valid("query")) }, 200));
  app.openapi(kpis, async (c) => {
    const zone = (await Settings.section("shop")).time_zone;
    return c.json(await Ticket.kpis(startOfDay(useClock().now(), zone)), 200);
  });
  app.openapi(get, async (c) => view(c, c.req.valid("param").id));
  app.openapi(patch, async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    if (input.assignee_id !== undefined) await Ticket.assign(id, input.assignee_id);
    if (input.priority) await Ticket.setPriority(id, input.priority);
    return view(c, id);
  });
  app.openapi(estimate, async (c) => {
    const { id } = c.req.valid("param");
    await Ticket.estimate(id, c.req.valid("json"));
    return view(c, id);
  });
  for (const kind of ["approve", "decline"] as const)
    app.openapi(answer(kind), async (c) => {
      const { id } = c.req.valid("param");
      await Ticket.answer(id, kind === "approve");
      return view(c, id);
    });
  app.openapi(customerChanges, async (c) => {
    const { id } = c.req.valid("param");
    await Intake.decideCustomerChanges(id, c.req.valid("json"));
    return view(c, id);
  });
  app.openapi(ready, async (c) => {
    const { id } = c.req.valid("param");
    await Ticket.ready(id, c.req.valid("json"));
    return view(c, id);
  });
  app.openapi(pickup, async (c) => {
    const { id } = c.req.valid("param");
    await Ticket.pickup(id, c.req.valid("json"));
    return view(c, id);
  });
  app.openapi(close, async (c) => {
    const { id } = c.req.valid("param");
    await Ticket.closeUnrepaired(id, c.req.valid("json").note);
    return view(c, id);
  });
  app.openapi(notes, async (c) => {
    const { id } = c.req.valid("param");
    await Ticket.note(id, c.req.valid("json"));
    return view(c, id);
  });
  app.openapi(photos, async (c) => {
    const { id } = c.req.valid("param");
    await Ticket.getOrThrow(id);
    return c.json(await Ticket.presignPhoto(id, c.req.valid("json")), 200);
  });
  app.openapi(callCustomerDone, async (c) => {
    const { id } = c.req.valid("param");
    await Ticket.callCustomerDone(id, c.req.valid("json"));
    return view(c, id);
  });
  app.openapi(usePart, async (c) => {
    const { id } = c.req.valid("param");
    await Ticket.usePart(id, c.req.valid("json"));
    return view(c, id);
  });
  app.openapi(returnPart, async (c) => {
    const { id, partId } = c.req.valid("param");
    await Ticket.returnPart(id, partId);
    return view(c, id);
  });
  app.openapi(deposit, async (c) => {
    const { id } = c.req.valid("param");
    await Ticket.deposit(id, c.req.valid("json"));
    return view(c, id);
  });
  app.openapi(passcode, async (c) => {
    const { id } = c.req.valid("param");
    return c.json({ passcode: await Ticket.revealPasscode(id) }, 200);
  });
  return app;
}
