import { z } from "@hono/zod-openapi";
import { consentKind, deviceCategory, language, whatsappConsent } from "@wapos/core/customer/customer.sql";
import { Ticket } from "@wapos/core/ticket/index";
import { ChatMessage, InvoiceView } from "./ticket-view";

/**
 * The documented shapes of the customer book's answers, which the dashboard's types are
 * generated from; test/kanban.test.ts checks a real customer page against them.
 */
const Instant = z.string().describe("ISO 8601 instant");

export const CustomerInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  phone: z.string().describe("E.164"),
  email: z.string().nullable(),
  address: z.string().nullable(),
  language: z.enum(language.enumValues),
  whatsapp_consent: z.enum(whatsappConsent.enumValues),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  created_at: Instant,
});

export const CustomerList = z.object({ customers: z.array(CustomerInfo) });

export const CustomerPage = z.object({
  customer: CustomerInfo,
  devices: z.array(
    z.object({
      id: z.uuid(),
      category: z.enum(deviceCategory.enumValues),
      brand: z.string(),
      model: z.string(),
      serial: z.string().nullable(),
      imei: z.string().nullable(),
      color: z.string().nullable(),
    }),
  ),
  tickets: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      status: Ticket.Public.shape.status,
      problem: z.string(),
      created_at: Instant,
    }),
  ),
  invoices: z.array(InvoiceView),
  consents: z.array(
    z.object({
      kind: z.enum(consentKind.enumValues),
      granted: z.boolean(),
      source: z.string(),
      text_shown: z.string().nullable(),
      evidence: z.record(z.string(), z.unknown()).describe("What was recorded with it: address, message"),
      recorded_at: Instant,
    }),
  ),
  messages: z.array(ChatMessage),
});
