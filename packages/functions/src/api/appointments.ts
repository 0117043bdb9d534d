import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Appointment } from "@wapos/core/appointment/index";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const IdParam = z.object({ id: z.uuid() });
const ok = (description: string, schema: z.ZodType = Appointment.View) => ({
  description,
  content: { "application/json": { schema } },
});

// GET /api/appointments?from&to – the bookings of a day or a week, any status, in time order
const list = secureRoute("/api", {
  method: "get",
  path: "/appointments",
  tags: ["appointments"],
  summary: "Appointments",
  description:
    "Appointments starting on the days from `from` to `to` (inclusive, the shop's zone, up to 31 days).",
  request: { query: Appointment.ListInput },
  responses: {
    200: ok("Appointments in time order", z.object({ appointments: z.array(Appointment.View) })),
    400: errorResponse("request.invalid"),
    ...GUARDED_ERRORS,
  },
});

// GET /api/appointments/slots?day= – the day's free slots under the opening hours
const slots = secureRoute("/api", {
  method: "get",
  path: "/appointments/slots",
  tags: ["appointments"],
  summary: "Free slots of a day",
  request: { query: Appointment.freeSlots.schema },
  responses: {
    200: ok("The free slots, none past", Appointment.DaySlots),
    400: errorResponse("request.invalid"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/appointments – staff book a slot for a customer or a phone
const book = secureRoute("/api", {
  method: "post",
  path: "/appointments",
  tags: ["appointments"],
  summary: "Book an appointment",
  request: { body: { required: true, content: { "application/json": { schema: Appointment.BookInput } } } },
  responses: {
    201: ok("The booking"),
    400: errorResponse("request.invalid; appointment.not_a_slot"),
    404: errorResponse("customer.not_found"),
    409: errorResponse("appointment.slot_taken"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/appointments/:id/move – to another free slot; the reminder moves with it
const move = secureRoute("/api", {
  method: "post",
  path: "/appointments/{id}/move",
  tags: ["appointments"],
  summary: "Move an appointment",
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: Appointment.MoveInput } } },
  },
  responses: {
    200: ok("The moved booking"),
    400: errorResponse("request.invalid; appointment.not_a_slot"),
    404: errorResponse("appointment.not_found"),
    409: errorResponse("appointment.slot_taken; appointment.not_booked"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/appointments/:id/cancel – frees the slot and drops the reminder
const cancel = secureRoute("/api", {
  method: "post",
  path: "/appointments/{id}/cancel",
  tags: ["appointments"],
  summary: "Cancel an appointment",
  request: { params: IdParam },
  responses: {
    200: ok("The cancelled booking"),
    404: errorResponse("appointment.not_found"),
    409: errorResponse("appointment.not_booked"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/appointments/:id/done – the customer came; no reminder goes out
const done = secureRoute("/api", {
  method: "post",
  path: "/appointments/{id}/done",
  tags: ["appointments"],
  summary: "Mark an appointment done",
  request: { params: IdParam },
  responses: {
    200: ok("The finished booking"),
    404: errorResponse("appointment.not_found"),
    409: errorResponse("appointment.not_booked"),
    ...GUARDED_ERRORS,
  },
});

export function appointmentRoutes() {
  const app = new OpenAPIHono();
  app.openapi(list, async (c) => c.json({ appointments: await Appointment.list(c.req.valid("query")) }, 200));
  app.openapi(slots, async (c) => c.json(await Appointment.freeSlots(c.req.valid("query")), 200));
  app.openapi(book, async (c) => c.json(await Appointment.book(c.req.valid("json")), 201));
  app.openapi(move, async (c) =>
    c.json(await Appointment.move(c.req.valid("param").id, c.req.valid("json")), 200),
  );
  app.openapi(cancel, async (c) => c.json(await Appointment.cancel(c.req.valid("param").id), 200));
  app.openapi(done, async (c) => c.json(await Appointment.done(c.req.valid("param").id), 200));
  return app;
}
