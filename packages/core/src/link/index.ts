import { createHmac, randomBytes } from "node:crypto";
import { and, desc, eq, gt } from "drizzle-orm";
import { jwtVerify } from "jose";
import { useTransaction } from "../db/transaction";
import { Env } from "../env/index";
import { VisibleError } from "../error";
import { useClock } from "../util/clock";
import { authSecret } from "../util/keys";
import { LinkEnv } from "./env";
import { customerLinkTable } from "./link.sql";

export * as Link from "./index";

/** A customer link stays good this long: long enough to follow a repair and pick it up. */
export const LINK_TTL_DAYS = 60;
/** A buyer can ask for their e-invoice until the month's consolidated one is sent (by the 7th of next month). */
export const EINVOICE_REQUEST_TTL_DAYS = 40;

type Scope = "ticket" | "invoice" | "quote";
const DAY_MS = 86_400_000;
/** 16 random bytes as base64url: 22 characters, 128 bits. */
const SHORT_ID = /^[A-Za-z0-9_-]{22}$/;
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * The link for one ticket or invoice: an unexpired link is reused while more than half its
 * life is left (a customer keeps getting the same address), else a new one is made. Runs in
 * the caller's transaction, so a link in a message commits with the message.
 */
async function issue(scope: Scope, subjectId: string, ttlDays: number): Promise<string> {
  const now = useClock().now();
  return useTransaction(async (tx) => {
    const [reusable] = await tx
      .select({ id: customerLinkTable.id })
      .from(customerLinkTable)
      .where(
        and(
          eq(customerLinkTable.scope, scope),
          eq(customerLinkTable.subject_id, subjectId),
          gt(customerLinkTable.expires_at, new Date(now.getTime() + (ttlDays * DAY_MS) / 2)),
        ),
      )
      .orderBy(desc(customerLinkTable.expires_at))
      .limit(1);
    if (reusable) return reusable.id;
    const id = randomBytes(16).toString("base64url");
    await tx.insert(customerLinkTable).values({
      id,
      scope,
      subject_id: subjectId,
      expires_at: new Date(now.getTime() + ttlDays * DAY_MS),
    });
    return id;
  });
}

const invalid = () =>
  new VisibleError("link.invalid", "This link is not valid or has expired. Ask the shop for a new one.");

/**
 * The subject a link opens, or `link.invalid` (telling nothing more). Links sent before
 * short links existed are signed JWTs; they keep working until they expire (at most 60
 * days after they were sent), so no customer is left holding a dead link.
 */
async function resolve(scope: Scope, token: string): Promise<string> {
  if (SHORT_ID.test(token)) {
    const [row] = await useTransaction((tx) =>
      tx
        .select({ subject_id: customerLinkTable.subject_id })
        .from(customerLinkTable)
        .where(
          and(
            eq(customerLinkTable.id, token),
            eq(customerLinkTable.scope, scope),
            gt(customerLinkTable.expires_at, useClock().now()),
          ),
        ),
    );
    if (row) return row.subject_id;
    throw invalid();
  }
  if (JWT.test(token) && token.length <= 2000) return legacy(scope, token);
  throw invalid();
}

const AUDIENCE = "wa-pos-crm:customer-link";
const legacyKey = () => new Uint8Array(createHmac("sha256", authSecret()).update("customer-link").digest());

async function legacy(scope: Scope, token: string): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, legacyKey(), {
      audience: scope === "ticket" ? AUDIENCE : `${AUDIENCE}:${scope}`,
      algorithms: ["HS256"],
      currentDate: useClock().now(),
    });
    if (!payload.sub) throw new Error("no subject");
    return payload.sub;
  } catch {
    throw invalid();
  }
}

/**
 * A short, unguessable, expiring link id scoped to one ticket: the customer's status page,
 * approve or decline of the estimate, and the invoice. Nothing else about the shop opens with it.
 */
export const signTicket = (ticketId: string, ttlDays = LINK_TTL_DAYS) => issue("ticket", ticketId, ttlDays);

/** The ticket id a link opens; `link.invalid` otherwise. */
export const verifyTicket = (token: string) => resolve("ticket", token);

/**
 * A link scoped to one invoice, printed as the receipt's QR: the buyer asks for their own
 * e-invoice with it. A ticket link never opens an invoice request, nor the reverse.
 */
export const signInvoice = (invoiceId: string, ttlDays = EINVOICE_REQUEST_TTL_DAYS) =>
  issue("invoice", invoiceId, ttlDays);
export const verifyInvoice = (token: string) => resolve("invoice", token);

/** A quote's link outlives the offer by this long, so a late customer reads "expired", not "invalid link". */
export const QUOTE_LINK_GRACE_DAYS = 30;

/**
 * A link scoped to one quote: the customer reads it and accepts or declines while the quote
 * is valid; after that it still opens, to say the quote expired, for QUOTE_LINK_GRACE_DAYS.
 */
export const signQuote = (quoteId: string, validUntil: Date) =>
  issue(
    "quote",
    quoteId,
    Math.max(0, Math.ceil((validUntil.getTime() - useClock().now().getTime()) / DAY_MS)) +
      QUOTE_LINK_GRACE_DAYS,
  );
export const verifyQuote = (token: string) => resolve("quote", token);

/** Whether a path segment could be a link at all (short id, or a link sent before short ids). */
export const looksLikeLink = (token: string) =>
  SHORT_ID.test(token) || (JWT.test(token) && token.length <= 2000);

/** Where customers' phones reach the shop (PUBLIC_BASE_URL): every customer link points there. */
export const publicBaseUrl = () => Env.read(LinkEnv).PUBLIC_BASE_URL.replace(/\/$/, "");

/** The customer's page for a ticket. */
export const statusUrl = (token: string) => `${publicBaseUrl()}/s/${token}`;

/** The buyer's e-invoice request page for a receipt. */
export const einvoiceRequestUrl = (token: string) => `${publicBaseUrl()}/e/${token}`;

/** The customer's page for a quote. */
export const quoteUrl = (token: string) => `${publicBaseUrl()}/q/${token}`;

/** The public intake form, for the QR poster. */
export const intakeUrl = () => `${publicBaseUrl()}/intake`;
