import { z } from "@hono/zod-openapi";
import { einvoiceStatus, invoiceStatus } from "@wapos/core/invoice/invoice.sql";
import { messageAuthor, messageDirection, messageKind, messageStatus } from "@wapos/core/message/message.sql";
import { Ticket } from "@wapos/core/ticket/index";
import { actorType, ticketEventType } from "@wapos/core/ticket/ticket.sql";

/**
 * The documented shapes of a ticket as the dashboard reads it (GET /api/tickets/{id} and every
 * step's answer). The dashboard's types are generated from them, so they say exactly what
 * ticketView returns; test/kanban.test.ts checks a real answer against them.
 */
const Instant = z.string().describe("ISO 8601 instant");
const Decimal = z.string().describe("A decimal amount, e.g. 180.00");

export const Photo = z.object({ key: z.string(), url: z.string().describe("Valid for an hour") });

export const TicketEvent = z.object({
  id: z.uuid(),
  type: z.enum(ticketEventType.enumValues),
  note: z.string().nullable(),
  photo_keys: z.array(z.string()),
  photos: z.array(Photo),
  data: z.record(z.string(), z.unknown()),
  actor_type: z.enum(actorType.enumValues),
  actor_id: z.string().nullable(),
  created_at: Instant,
});

export const ChatMessage = z.object({
  id: z.uuid(),
  ticket_id: z.uuid().nullable(),
  wa_message_id: z.string().nullable(),
  phone: z.string(),
  direction: z.enum(messageDirection.enumValues),
  author: z.enum(messageAuthor.enumValues),
  kind: z.enum(messageKind.enumValues),
  text: z.string().nullable(),
  status: z.enum(messageStatus.enumValues),
  status_at: Instant,
  failure_reason: z.string().nullable(),
  media_key: z.string().nullable(),
  created_at: Instant,
});

export const InvoiceView = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(invoiceStatus.enumValues),
  currency: z.string(),
  subtotal: Decimal,
  listed_subtotal: Decimal.describe(
    "The lines at their listed prices, before discounts: listed_subtotal − discount_given (+ tax_total when SST is on top) = total",
  ),
  discount_given: Decimal.describe("Discounts as the customer saw them taken off the listed prices"),
  prices_include_tax: z.boolean().describe("SST is inside the listed prices (shown as included)"),
  tax_total: Decimal,
  total: Decimal,
  amount_paid: Decimal,
  amount_due: Decimal.describe("What is still to pay (never negative)"),
  refund_due: Decimal.describe(
    "Paid above the bill (deposits above a lowered total): owed back, given back at pickup",
  ),
  issued_at: Instant.nullable(),
  einvoice_status: z.enum(einvoiceStatus.enumValues),
  lines: z.array(
    z.object({
      description: z.string(),
      qty: Decimal,
      unit_price: Decimal,
      tax_rate: Decimal,
      tax_amount: Decimal,
      line_total: Decimal,
    }),
  ),
});

export const PartUsed = z.object({
  id: z.uuid().describe("The part's id on this ticket: DELETE /api/tickets/{id}/parts/{partId} returns it"),
  product_id: z.uuid(),
  name: z.string(),
  sku: z.string(),
  qty: z.number().int(),
  unit_price: Decimal.describe("One unit's catalogue price when it was used"),
  note: z.string().nullable(),
  created_at: Instant,
});

export const STEPS = [
  "estimate",
  "approve",
  "decline",
  "ready",
  "pickup",
  "close_unrepaired",
  "note",
  "photo",
  "assign",
  "priority",
] as const satisfies readonly Ticket.Action[];

const CustomerChange = z.object({
  field: z.enum(["name", "email", "address", "language", "whatsapp"]),
  typed: z.string().describe("What the intake form said"),
  on_file: z.string().nullable().describe("What the customer record says"),
});

export const TicketView = z.object({
  ticket: Ticket.Public,
  customer_changes: z
    .array(CustomerChange)
    .describe("Details the intake typed that differ from the customer on file, waiting for staff"),
  allowed: z.array(z.enum(STEPS)).describe("The steps the ticket allows now"),
  events: z.array(TicketEvent),
  messages: z.array(ChatMessage),
  parts: z.array(PartUsed).describe("Parts taken from stock for the repair, billed at READY"),
  invoice: InvoiceView.nullable(),
});
