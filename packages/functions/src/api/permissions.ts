import type { Role } from "@wapos/core/auth/index";

/**
 * Who may call a route: anyone; whoever holds a refresh token (the route checks it itself);
 * any signed-in staff member; or the listed roles.
 */
export type Access = "public" | "refresh_token" | "authenticated" | readonly Role[];

const ADMIN = ["admin"] as const;
const STAFF = ["admin", "tech", "cashier"] as const;
const WORKSHOP = ["admin", "tech"] as const;
const COUNTER = ["admin", "cashier"] as const;

/**
 * The one permission table of the staff API, keyed "METHOD /path" as in the OpenAPI document.
 * Every route must appear here (defining one that is missing throws at start), and
 * docs/security.md explains the roles. A test walks the OpenAPI document against this table.
 *
 * Cashier: POS, customers (read), tickets (read). Tech: tickets, customers, devices, stock
 * (read). Admin: everything. The modules' routes join this table as they are built.
 */
export const PERMISSIONS = {
  "GET /api/health": "public",
  "GET /api/openapi.json": "public",
  "POST /api/auth/login": "public",
  "POST /api/auth/refresh": "refresh_token",
  // Ending a session needs nothing: at worst it ends a session whose token the caller holds.
  "POST /api/auth/logout": "public",
  "GET /api/auth/me": "authenticated",
  "POST /api/auth/password": "authenticated",
  "GET /api/settings": ADMIN,
  "PUT /api/settings": ADMIN,
  "POST /api/settings/logo": ADMIN,
  "GET /api/users": ADMIN,
  "POST /api/users": ADMIN,
  "PATCH /api/users/{id}": ADMIN,
  "POST /api/users/{id}/reset-password": ADMIN,
  "GET /api/audit": ADMIN,
  // Campaigns are the owner's: they spend the number's standing with WhatsApp.
  "GET /api/campaigns": ADMIN,
  "POST /api/campaigns": ADMIN,
  "POST /api/campaigns/preview": ADMIN,
  "POST /api/campaigns/contacts/import": ADMIN,
  "POST /api/campaigns/images": ADMIN,
  "GET /api/campaigns/{id}": ADMIN,
  "PATCH /api/campaigns/{id}": ADMIN,
  "POST /api/campaigns/{id}/schedule": ADMIN,
  "POST /api/campaigns/{id}/pause": ADMIN,
  "POST /api/campaigns/{id}/resume": ADMIN,
  "POST /api/campaigns/{id}/stop": ADMIN,
  "POST /api/campaigns/{id}/winner": ADMIN,
  "GET /api/campaigns/{id}/metrics": ADMIN,
  "GET /api/campaigns/{id}/export.csv": ADMIN,
  "POST /api/ai/reply": STAFF,
  // The inbox: whoever is at the shop answers the customer, at the counter or in the workshop,
  // so every staff role reads the chats, replies, takes over and hands back (docs/security.md).
  "GET /api/inbox/threads": STAFF,
  "GET /api/inbox/threads/{id}": STAFF,
  "GET /api/inbox/threads/{id}/customer": STAFF,
  "POST /api/inbox/threads/{id}/read": STAFF,
  "POST /api/inbox/threads/{id}/reply": STAFF,
  "POST /api/inbox/threads/{id}/takeover": STAFF,
  "POST /api/inbox/threads/{id}/hand-back": STAFF,
  "POST /api/inbox/threads/{id}/links": STAFF,
  "POST /api/inbox/threads/{id}/photos": STAFF,
  "GET /api/tickets/kanban": STAFF,
  "GET /api/tickets/search": STAFF,
  "GET /api/tickets/kpis": STAFF,
  "GET /api/tickets/{id}": STAFF,
  "PATCH /api/tickets/{id}": WORKSHOP,
  "PATCH /api/tickets/{id}/estimate": WORKSHOP,
  // Staff record an answer the customer gave in person or by phone; customers answer with
  // their link on the public API.
  "POST /api/tickets/{id}/approve": STAFF,
  "POST /api/tickets/{id}/decline": STAFF,
  // Accepting what an intake typed edits the customer, which only the workshop may do.
  "POST /api/tickets/{id}/customer-changes": WORKSHOP,
  "POST /api/tickets/{id}/ready": WORKSHOP,
  // Pickup takes the payment at the counter.
  "POST /api/tickets/{id}/pickup": STAFF,
  "POST /api/tickets/{id}/close": WORKSHOP,
  "POST /api/tickets/{id}/notes": WORKSHOP,
  "POST /api/tickets/{id}/photos": WORKSHOP,
  // Further narrowed in core: only the assigned technician and admins.
  "GET /api/tickets/{id}/passcode": WORKSHOP,
  // Whoever phoned the customer, counter staff included, records it.
  "POST /api/tickets/{id}/call-customer/done": STAFF,
  "POST /api/tickets/{id}/parts": WORKSHOP,
  "DELETE /api/tickets/{id}/parts/{partId}": WORKSHOP,
  "POST /api/tickets/{id}/deposit": STAFF,
  "GET /api/customers": STAFF,
  "GET /api/customers/{id}": STAFF,
  "PATCH /api/customers/{id}": WORKSHOP,
  "POST /api/customers/{id}/merge": ADMIN,
  // A customer's "stop messaging me" is honoured by whoever hears it; restoring messages
  // without the customer's own START is an admin's call (docs/security.md, "WhatsApp consent").
  "POST /api/customers/{id}/whatsapp-consent/withdraw": STAFF,
  "POST /api/customers/{id}/whatsapp-consent/restore": ADMIN,
  "GET /api/intake-form": ADMIN,
  "PUT /api/intake-form": ADMIN,
  // The connection carries the pairing QR and code: whoever sees them can link the shop's number.
  "GET /api/whatsapp/connection": ADMIN,
  "POST /api/whatsapp/connection/pairing-code": ADMIN,
  "POST /api/whatsapp/connection/logout": ADMIN,
  // Only the state and alert, for the "WhatsApp is not connected" banner every staff member sees.
  "GET /api/whatsapp/status": STAFF,
  // E-invoices: the counter takes buyers' details and follows the state; cancelling an
  // e-invoice LHDN validated, and consolidating a month, are the owner's.
  "GET /api/einvoice/readiness": COUNTER,
  "GET /api/einvoice/invoices": COUNTER,
  "POST /api/einvoice/invoices/{id}/request": COUNTER,
  "POST /api/einvoice/invoices/{id}/resubmit": COUNTER,
  "POST /api/einvoice/invoices/{id}/cancel": ADMIN,
  "GET /api/einvoice/invoices/{id}/document": COUNTER,
  "GET /api/einvoice/runs": COUNTER,
  "POST /api/einvoice/runs": ADMIN,
  "GET /api/einvoice/export": COUNTER,
  // POS. The counter sells; the workshop looks up parts and stock; the catalogue, stock
  // changes and prices are the owner's. A cashier's discount above the settings' limit needs
  // an admin's approval in the request (core, Sale.checkout).
  "GET /api/products": STAFF,
  "GET /api/products/lookup": STAFF,
  "GET /api/products/{id}": STAFF,
  "GET /api/products/{id}/moves": STAFF,
  "POST /api/products": ADMIN,
  "PATCH /api/products/{id}": ADMIN,
  "DELETE /api/products/{id}": ADMIN,
  "POST /api/products/{id}/stock": ADMIN,
  "POST /api/products/{id}/images": ADMIN,
  "POST /api/checkout": COUNTER,
  "POST /api/invoices": COUNTER,
  "GET /api/invoices": COUNTER,
  "GET /api/invoices/{id}": COUNTER,
  "GET /api/invoices/{id}/pdf": COUNTER,
  "GET /api/payment-qr": COUNTER,
  "POST /api/payments": COUNTER,
  // Refunds: a cashier only when settings pos.cashier_may_refund is on (core, Refund.refund).
  "POST /api/invoices/{id}/refund": COUNTER,
  "POST /api/shifts": COUNTER,
  "POST /api/shifts/{id}/close": COUNTER,
  "GET /api/shifts/current": COUNTER,
  "GET /api/shifts": COUNTER,
  "GET /api/shifts/{id}": COUNTER,
  // Reports show margins and costs, and every cashier's takings: the owner's (admin) only.
  "GET /api/reports/sales": ADMIN,
  "GET /api/reports/sales.csv": ADMIN,
  "GET /api/invoices/{id}/receipt": COUNTER,
  "GET /api/products/export.csv": ADMIN,
  "POST /api/products/import": ADMIN,
  "POST /api/products/labels": STAFF,
  "GET /api/invoices/{id}/payment-qr": COUNTER,
  // Quotes are the counter's: prices and discounts, as a sale. A tech quotes a repair through
  // the ticket's estimate instead, so tech does not read them.
  "GET /api/quotes": COUNTER,
  "POST /api/quotes": COUNTER,
  "GET /api/quotes/{id}": COUNTER,
  "GET /api/quotes/{id}/pdf": COUNTER,
  "POST /api/quotes/{id}/send": COUNTER,
  "POST /api/quotes/{id}/convert": COUNTER,
  // Appointments: whoever answers the phone or the counter books, moves and cancels them.
  "GET /api/appointments": STAFF,
  "GET /api/appointments/slots": STAFF,
  "POST /api/appointments": STAFF,
  "POST /api/appointments/{id}/move": STAFF,
  "POST /api/appointments/{id}/cancel": STAFF,
  "POST /api/appointments/{id}/done": STAFF,
  "POST /api/dev/wa/inbound": ADMIN,
  "POST /api/dev/wa/link": ADMIN,
  "POST /api/dev/wa/outbound": ADMIN,
  "GET /api/dev/wa/messages": ADMIN,
  "POST /api/dev/campaigns/tick": ADMIN,
} as const satisfies Record<string, Access>;

export type RouteKey = keyof typeof PERMISSIONS;
