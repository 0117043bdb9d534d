import { createHash, randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { VisibleError } from "../error";
import { useClock } from "../util/clock";
import { authSecret } from "../util/keys";

/** Short-lived, so a stolen access token is worth little; the refresh token renews it. */
export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_SECONDS = 30 * 24 * 60 * 60;
const ISSUER = "wa-pos-crm";
const AUDIENCE = "wa-pos-crm:staff";

export type Role = "admin" | "tech" | "cashier";

/** An access token for `user` in session `sessionId`: it is refused once that session ends. */
export async function signAccess(
  user: { id: string; role: Role },
  sessionId: string,
  now = useClock().now(),
) {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + ACCESS_TTL_SECONDS;
  const token = await new SignJWT({ role: user.role, sid: sessionId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(authSecret());
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/**
 * The user and session a valid access token names; `auth.invalid_token` for anything else
 * (expired, tampered, other key, or a token from before sessions were named).
 */
export async function verifyAccess(
  token: string,
  now = new Date(),
): Promise<{ userId: string; sessionId: string }> {
  try {
    const { payload } = await jwtVerify(token, authSecret(), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
    });
    if (!isUuid(payload.sub) || !isUuid(payload.sid)) throw new Error("no subject or session");
    return { userId: payload.sub, sessionId: payload.sid };
  } catch (error) {
    const expired = error instanceof errors.JWTExpired;
    throw new VisibleError(
      "auth.invalid_token",
      expired ? "The session has expired." : "The session token is not valid.",
    );
  }
}

const isUuid = (value: unknown): value is string =>
  typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** An opaque refresh token and the hash that is stored in its place. */
export function newRefreshToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
