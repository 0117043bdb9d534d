import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Consent } from "@wapos/core/consent/index";
import { Customer } from "@wapos/core/customer/index";
import { Invoice } from "@wapos/core/invoice/index";
import { Message } from "@wapos/core/message/index";
import { Ticket } from "@wapos/core/ticket/index";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";
import { CustomerList, CustomerPage } from "./customer-view";

const IdParam = z.object({ id: z.uuid() });
const ok = (description: string, schema: z.ZodType = CustomerPage) => ({
  description,
  content: { "application/json": { schema } },
});

// GET /api/customers?q= – the customer book, searched by name, phone or email
const list = secureRoute("/api", {
  method: "get",
  path: "/customers",
  tags: ["customers"],
  summary: "Find customers",
  request: { query: Customer.search.schema },
  responses: { 200: ok("Customers", CustomerList), ...GUARDED_ERRORS },
});

// GET /api/customers/:id – devices, tickets, invoices, consents with evidence, messages
const get = secureRoute("/api", {
  method: "get",
  path: "/customers/{id}",
  tags: ["customers"],
  summary: "A customer's page",
  request: { params: IdParam },
  responses: { 200: ok("The customer"), 404: errorResponse("customer.not_found"), ...GUARDED_ERRORS },
});

// PATCH /api/customers/:id – edit details (audited)
const update = secureRoute("/api", {
  method: "patch",
  path: "/customers/{id}",
  tags: ["customers"],
  summary: "Edit a customer",
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: Customer.UpdateInput } } },
  },
  responses: {
    200: ok("The customer"),
    400: errorResponse("Invalid input"),
    404: errorResponse("customer.not_found"),
    ...GUARDED_ERRORS,
  },
});

const MergeInput = z.object({ into_id: z.uuid() });
// POST /api/customers/:id/merge – merge this duplicate into another customer (audited)
const merge = secureRoute("/api", {
  method: "post",
  path: "/customers/{id}/merge",
  tags: ["customers"],
  summary: "Merge a duplicate",
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: MergeInput } } },
  },
  responses: { 200: ok("The customer kept"), 404: errorResponse("customer.not_found"), ...GUARDED_ERRORS },
});

/** POST /api/customers/:id/whatsapp-consent/{withdraw,restore}: staff act on the customer's request (audited). */
const consentRoute = (action: "withdraw" | "restore") =>
  secureRoute("/api", {
    method: "post",
    path: `/customers/{id}/whatsapp-consent/${action}`,
    tags: ["customers"],
    summary:
      action === "withdraw"
        ? "Stop WhatsApp messages to a customer"
        : "Restore a customer's WhatsApp messages",
    request: {
      params: IdParam,
      body: { required: true, content: { "application/json": { schema: Consent.StaffChangeInput } } },
    },
    responses: {
      200: ok("The customer"),
      400: errorResponse("Invalid input"),
      404: errorResponse("customer.not_found"),
      ...GUARDED_ERRORS,
    },
  });
const withdraw = consentRoute("withdraw");
const restore = consentRoute("restore");

async function page(id: string) {
  const { customer, devices, consents } = await Customer.profile(id);
  const [tickets, messages] = await Promise.all([
    Ticket.forCustomer(id),
    Message.listChat({ phone: customer.phone }),
  ]);
  const invoices = (await Promise.all(tickets.map((t) => Invoice.forTicket(t.id)))).filter(
    (i) => i !== undefined,
  );
  return {
    customer: Customer.toPublic(customer),
    devices: devices.map(Customer.devicePublic),
    tickets: tickets.map((t) => ({
      id: t.id,
      number: Ticket.label(t.number),
      status: t.status,
      problem: t.problem,
      created_at: t.created_at.toISOString(),
    })),
    invoices: await Promise.all(invoices.map(async (i) => Invoice.toPublic(i, await Invoice.items(i.id)))),
    consents,
    messages: messages.map(Message.toPublic),
  };
}

export function customerRoutes() {
  const app = new OpenAPIHono();
  app.openapi(list, async (c) =>
    c.json({ customers: (await Customer.search(c.req.valid("query"))).map(Customer.toPublic) }, 200),
  );
  app.openapi(get, async (c) => c.json(await page(c.req.valid("param").id), 200));
  app.openapi(update, async (c) => {
    await Customer.update(c.req.valid("param").id, c.req.valid("json"));
    return c.json(await page(c.req.valid("param").id), 200);
  });
  app.openapi(merge, async (c) => {
    const kept = await Customer.merge(c.req.valid("param").id, c.req.valid("json").into_id);
    return c.json(await page(kept.id), 200);
  });
  app.openapi(withdraw, async (c) => {
    await Consent.byStaff(c.req.valid("param").id, false, c.req.valid("json"));
    return c.json(await page(c.req.valid("param").id), 200);
  });
  app.openapi(restore, async (c) => {
    await Consent.byStaff(c.req.valid("param").id, true, c.req.valid("json"));
    return c.json(await page(c.req.valid("param").id), 200);
  });
  return app;
}
