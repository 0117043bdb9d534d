import { VisibleError } from "../error";
import { RateLimit } from "../ratelimit/index";
import { Settings } from "../settings/index";
import { useClock } from "../util/clock";
import { startOfDay } from "../util/zone";

/**
 * How much the public can do from one address. Customers at the counter share the shop's
 * Wi-Fi, so one address is many people: the per-address numbers are generous, and what
 * stops an abuser is per recipient (docs/security.md, "Public intake").
 */
export const LIMITS = {
  /** Repair requests per address per hour: a busy counter does a few dozen. */
  submissionsPerAddress: { limit: 60, windowSeconds: 3600 },
  /** Repair requests per address for one phone number per hour: a family with several devices. */
  submissionsPerAddressAndPhone: { limit: 5, windowSeconds: 3600 },
  /** Acknowledgements the public can make the shop send from one address per hour. */
  messagesPerAddress: { limit: 20, windowSeconds: 3600 },
  /** Upload URLs (forms loaded and photos added) per address per hour. */
  uploadsPerAddress: { limit: 300, windowSeconds: 3600 },
  /** Upload URLs per filling of the form: five photos, a few retries. */
  uploadsPerForm: { limit: 15, windowSeconds: 3 * 3600 },
} as const;

type Name = keyof typeof LIMITS;

async function hit(name: Name, key: string) {
  const { limit, windowSeconds } = LIMITS[name];
  return RateLimit.hit(`intake:${name}:${key}`, limit, windowSeconds);
}

/** Throws `code` (429 with Retry-After) when the hit is over the limit. */
export async function enforce(
  name: Name,
  key: string,
  code: "auth.rate_limited" | "upload.rate_limited",
  message: string,
) {
  const verdict = await hit(name, key);
  if (!verdict.allowed) throw new VisibleError(code, message, { retry_after: verdict.retryAfterSeconds });
}

/**
 * Whether the shop may send one more public-triggered message to `phone` now: at most the
 * shop's setting per recipient per shop day, and {@link LIMITS.messagesPerAddress} per
 * address. Counted in the database inside the caller's transaction, so the count commits
 * with the message and rolls back with it.
 */
export async function mayMessage(phone: string, address: string): Promise<"ok" | "recipient" | "address"> {
  const settings = await Settings.get();
  const perDay = settings.whatsapp_templates.public_messages_per_day;
  const day = startOfDay(useClock().now(), settings.shop.time_zone);
  const recipient = await RateLimit.hit(`public-message:${phone}`, perDay, 86_400, { windowStart: day });
  if (!recipient.allowed) return "recipient";
  return (await hit("messagesPerAddress", address)).allowed ? "ok" : "address";
}
