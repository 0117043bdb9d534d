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

export async function signAccess(user: { id: string; role: Role }, now = useClock().now()) {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + ACCESS_TTL_SECONDS;
  const token = await new SignJWT({ role: user.role })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(authSecret());
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/** The user id in a valid access token; `auth.invalid_token` for anything else (expired, tampered, other key). */
export async function verifyAccess(token: string, now = new Date()): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, authSecret(), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
    });
    if (!payload.sub) throw new Error("no subject");
    return payload.sub;
  } catch (error) {
    const expired = error instanceof errors.JWTExpired;
    throw new VisibleError(
      "auth.invalid_token",
      expired ? "The session has expired." : "The session token is not valid.",
    );
  }
}

/** An opaque refresh token and the hash that is stored in its place. */
export function newRefreshToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
