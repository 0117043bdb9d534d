import { createHmac } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { VisibleError } from "../error";
import { useClock } from "../util/clock";
import { authSecret } from "../util/keys";

export * as Link from "./index";

/** A customer link stays good this long: long enough to follow a repair and pick it up. */
export const LINK_TTL_DAYS = 60;
const AUDIENCE = "wa-pos-crm:customer-link";

/** Its own key, derived from AUTH_SECRET, so a staff token can never pass as a link or back. */
const linkKey = () => new Uint8Array(createHmac("sha256", authSecret()).update("customer-link").digest());

type Scope = "ticket" | "invoice";
const audience = (scope: Scope) => (scope === "ticket" ? AUDIENCE : `${AUDIENCE}:${scope}`);

async function sign(scope: Scope, id: string, ttlDays: number): Promise<string> {
  const now = Math.floor(useClock().now().getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(id)
    .setAudience(audience(scope))
    .setIssuedAt(now)
    .setExpirationTime(now + ttlDays * 24 * 60 * 60)
    .sign(linkKey());
}

async function verify(scope: Scope, token: string): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, linkKey(), {
      audience: audience(scope),
      algorithms: ["HS256"],
      currentDate: useClock().now(),
    });
    if (!payload.sub) throw new Error("no subject");
    return payload.sub;
  } catch {
    throw new VisibleError(
      "link.invalid",
      "This link is not valid or has expired. Ask the shop for a new one.",
    );
  }
}

/**
 * A signed, expiring token scoped to one ticket: the customer's status page, approve or
 * decline of the estimate, and the invoice. Nothing else about the shop opens with it.
 */
export const signTicket = (ticketId: string, ttlDays = LINK_TTL_DAYS) => sign("ticket", ticketId, ttlDays);

/** The ticket id in a valid link token; `link.invalid` (telling nothing more) otherwise. */
export const verifyTicket = (token: string) => verify("ticket", token);

/**
 * A token scoped to one invoice, printed as the receipt's QR: the buyer asks for their own
 * e-invoice with it. A ticket link never opens an invoice request, nor the reverse.
 */
export const signInvoice = (invoiceId: string, ttlDays = EINVOICE_REQUEST_TTL_DAYS) =>
  sign("invoice", invoiceId, ttlDays);
export const verifyInvoice = (token: string) => verify("invoice", token);

/** A buyer can ask for their e-invoice until the month's consolidated one is sent (by the 7th of next month). */
export const EINVOICE_REQUEST_TTL_DAYS = 40;

/** Where the dashboard is served (PUBLIC_BASE_URL); customer links point at its pages. */
export const publicBaseUrl = () =>
  (process.env.PUBLIC_BASE_URL ?? "http://localhost:3000").replace(/\/$/, "");

/** The customer's page for a ticket. */
export const statusUrl = (token: string) => `${publicBaseUrl()}/s/${token}`;

/** The buyer's e-invoice request page for a receipt. */
export const einvoiceRequestUrl = (token: string) => `${publicBaseUrl()}/e/${token}`;
