import type { Role } from "@wapos/core/auth/index";

/**
 * Who may call a route: anyone; whoever holds a refresh token (the route checks it itself);
 * any signed-in staff member; or the listed roles.
 */
export type Access = "public" | "refresh_token" | "authenticated" | readonly Role[];

const ADMIN = ["admin"] as const;

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
  "POST /api/dev/wa/inbound": ADMIN,
  "POST /api/dev/wa/outbound": ADMIN,
  "GET /api/dev/wa/messages": ADMIN,
} as const satisfies Record<string, Access>;

export type RouteKey = keyof typeof PERMISSIONS;
