/** GET /api/public/tickets/{token}: what a customer's link shows. */
export type TicketStatus = "NEW" | "IN_PROGRESS" | "READY" | "CLOSED";
export type StatusView = {
  ticket_id: string;
  number: string;
  status: TicketStatus;
  approval: "pending" | "approved" | "declined" | null;
  can_answer: boolean;
  /** The language the customer chose on the intake form. */
  language: "en" | "ms";
  device: string;
  problem: string;
  estimate: { price: string; currency: string } | null;
  eta_ready_at: string | null;
  ready_at: string | null;
  closed_at: string | null;
  photos: { url: string }[];
  invoice: {
    number: string;
    status: "draft" | "issued" | "partially_paid" | "paid" | "refunded" | "void";
    currency: string;
    subtotal: string;
    tax_total: string;
    total: string;
    amount_paid: string;
    /** Total less paid, worked out exactly by the API. */
    balance: string;
    issued_at: string | null;
    /** LHDN's page for the validated e-invoice, once there is one. */
    einvoice_validation_link: string | null;
    /** Where the buyer asks for their own e-invoice (a signed link scoped to this invoice). */
    einvoice_request_url: string;
    lines: {
      description: string;
      qty: string;
      unit_price: string;
      tax_rate: string;
      tax_amount: string;
      line_total: string;
    }[];
  } | null;
  shop: { name: string; phone: string; address: string; time_zone: string };
};

/**
 * Links are 22-character ids; links sent before those existed are signed tokens and work
 * until they expire. Anything else is not worth asking the API about.
 */
export const looksLikeToken = (token: string) =>
  /^[A-Za-z0-9_-]{22}$/.test(token) || (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token) && token.length <= 2000);
