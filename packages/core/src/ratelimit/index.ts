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
