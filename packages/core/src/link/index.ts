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

/**
 * A signed, expiring token scoped to one ticket: the customer's status page, approve or
 * decline of the estimate, and the invoice. Nothing else about the shop opens with it.
 */
export async function signTicket(ticketId: string, ttlDays = LINK_TTL_DAYS): Promise<string> {
  const now = Math.floor(useClock().now().getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(ticketId)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlDays * 24 * 60 * 60)
    .sign(linkKey());
}

/** The ticket id in a valid link token; `link.invalid` (telling nothing more) otherwise. */
export async function verifyTicket(token: string): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, linkKey(), {
      audience: AUDIENCE,
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

/** Where the dashboard is served (PUBLIC_BASE_URL); customer links point at its pages. */
export const publicBaseUrl = () =>
  (process.env.PUBLIC_BASE_URL ?? "http://localhost:3000").replace(/\/$/, "");

/** The customer's page for a ticket. */
export const statusUrl = (token: string) => `${publicBaseUrl()}/s/${token}`;
