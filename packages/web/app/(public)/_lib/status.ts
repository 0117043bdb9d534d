import type { StatusView as Generated } from "@/lib/api/public";

/** GET /api/public/tickets/{token}: what a customer's link shows (generated from the public API document). */
export type StatusView = Generated;
export type TicketStatus = StatusView["status"];

/**
 * Links are 22-character ids; links sent before those existed are signed tokens and work
 * until they expire. Anything else is not worth asking the API about.
 */
export const looksLikeToken = (token: string) =>
  /^[A-Za-z0-9_-]{22}$/.test(token) || (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token) && token.length <= 2000);
