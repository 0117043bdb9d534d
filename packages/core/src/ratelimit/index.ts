import { isIP } from "node:net";
import { sql } from "drizzle-orm";
import { useTransaction } from "../db/transaction";
import { useClock } from "../util/clock";
import { rateLimitTable } from "./ratelimit.sql";

export * as RateLimit from "./index";

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one hit on `key` in a fixed window and says whether it is within `limit`. One
 * atomic upsert, so concurrent requests on different instances count correctly. Windows
 * start on multiples of `windowSeconds` since the epoch, unless `windowStart` names the
 * start (a day in the shop's time zone). Inside a transaction the count rolls back with it.
 */
export async function hit(
  key: string,
  limit: number,
  windowSeconds: number,
  options: { windowStart?: Date } = {},
): Promise<Verdict> {
  const now = useClock().now();
  const windowStart =
    options.windowStart ??
    new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000);
  const [row] = await useTransaction((tx) =>
    tx
      .insert(rateLimitTable)
      .values({ key, window_start: windowStart, count: 1 })
      .onConflictDoUpdate({
        target: rateLimitTable.key,
        set: {
          count: sql`case when ${rateLimitTable.window_start} = ${windowStart} then ${rateLimitTable.count} + 1 else 1 end`,
          window_start: windowStart,
        },
      })
      .returning({ count: rateLimitTable.count }),
  );
  if (row!.count <= limit) return { allowed: true };
  const retryAfterMs = windowStart.getTime() + windowSeconds * 1000 - now.getTime();
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
}

/**
 * The bucket of a client address: IPv4 as is, IPv6 by its /64, because one home or phone
 * connection is handed a whole /64 and could otherwise rotate through fresh addresses.
 * No address (a runtime that gave none) is one shared "unknown" bucket, never a free pass.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip || isIP(ip) === 0) return "unknown";
  if (isIP(ip) === 4) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) sits in the last 64 bits, which the key drops anyway.
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
