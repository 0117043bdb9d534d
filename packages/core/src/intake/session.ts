import { createHmac } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { VisibleError } from "../error";
import { useClock } from "../util/clock";
import { createId } from "../util/id";
import { authSecret } from "../util/keys";

/** How long one filling of the form may take, photos included. */
const SESSION_HOURS = 3;

const key = () => new Uint8Array(createHmac("sha256", authSecret()).update("intake-upload").digest());

export type Session = { nonce: string; shopName: string };

/**
 * A signed token for one filling of the form. Photos it uploads live under intake/<nonce>/
 * and the submission may name only those; it also carries the shop name the consent and
 * terms texts were shown with, so the evidence kept is exactly the text shown.
 */
export async function open(shopName: string): Promise<{ token: string; session: Session }> {
  const now = Math.floor(useClock().now().getTime() / 1000);
  const session = { nonce: createId(), shopName };
  const token = await new SignJWT({ nonce: session.nonce, shop: shopName })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt(now)
    .setExpirationTime(now + SESSION_HOURS * 3600)
    .sign(key());
  return { token, session };
}

/** The session a token stands for; `photo.not_uploaded` on `upload_session` when expired or forged. */
export async function read(token: string | undefined): Promise<Session> {
  try {
    const { payload } = await jwtVerify(token ?? "", key(), {
      algorithms: ["HS256"],
      currentDate: useClock().now(),
    });
    if (typeof payload.nonce !== "string" || typeof payload.shop !== "string") throw new Error("old token");
    return { nonce: payload.nonce, shopName: payload.shop };
  } catch {
    throw new VisibleError(
      "photo.not_uploaded",
      "upload_session: the form expired; reload it and fill it in again.",
      { path: "upload_session" },
    );
  }
}
