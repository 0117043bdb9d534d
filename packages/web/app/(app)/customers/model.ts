import type { ChatMessage, Invoice, Status } from "../tickets/model";

/** Shapes of the staff customers API (packages/functions/src/api/customers.ts). */
export type Customer = {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  address: string | null;
  language: "en" | "ms";
  whatsapp_consent: "unknown" | "opted_in" | "opted_out";
  tags: string[];
  notes: string | null;
  created_at: string;
};

export type Device = {
  id: string;
  category: string;
  brand: string;
  model: string;
  serial: string | null;
  imei: string | null;
  color: string | null;
};

export type Consent = {
  kind: "whatsapp" | "terms" | "marketing";
  granted: boolean;
  source: string;
  text_shown: string | null;
  evidence: Record<string, unknown>;
  recorded_at: string;
};

export type CustomerPage = {
  customer: Customer;
  devices: Device[];
  tickets: { id: string; number: string; status: Status; problem: string; created_at: string }[];
  invoices: Invoice[];
  consents: Consent[];
  messages: ChatMessage[];
};
