/**
 * The ban-risk governor: the one place that decides how many campaign messages the shop's
 * number may send, and when. Pure (the caller passes the clock, the counts and the dice), so
 * every rule is table-tested (governor.test.ts). Every bulk send passes `release`.
 *
 * Why these rules (docs/architecture.md, "Campaigns: the governor"): the shop sends from a
 * number linked as a WhatsApp Web device, and numbers that message many strangers quickly are
 * banned (users report bans after 15–20 cold messages a day). WhatsApp's own Business tiers
 * count unique recipients per rolling 24 h (250, then 1,000, 2,000…) and raise a number's
 * tier only while its quality holds; the governor applies the same shape far lower, starting
 * at the warm-up's first step and moving up one step per day of healthy sending.
 */
import { addDays, zonedInstant, zoneParts } from "../util/zone";

export type Throttle = {
  /** Most recipients per rolling 24 h on each day of sending: day 1, day 2, …; then daily_cap. */
  warmup_per_day: number[];
  /** The hard cap per rolling 24 h, whatever the warm-up says. */
  daily_cap: number;
  /** The shortest gap between two campaign messages, and the random extra on top of it. */
  min_gap_seconds: number;
  jitter_seconds: number;
  /** Nothing goes out between start and end on the customer's clock (may cross midnight). */
  quiet_hours: { start: string; end: string };
  /** A customer gets at most one campaign message in this many days. */
  per_customer_days: number;
};

export type Release = {
  /** Messages to put on the bulk lane now. */
  count: number;
  /** When the next one is due (the gap after the last one released, or when a hold ends). */
  next_send_at: Date;
  /** Why fewer than were due went out: the quiet hours, the number's 24 h budget, the campaign's own cap. */
  held?: "quiet_hours" | "daily_budget" | "campaign_cap";
};

/** At most this many messages leave in one tick, however late the tick runs. */
export const MAX_PER_TICK = 5;
/** A due time older than this (the campaign was paused, held or the ticker stopped) restarts at now. */
const STALE_AFTER_MS = 2 * 60_000;

/**
 * Recipients per rolling 24 h for a number that has sent campaigns on `sendingDays` earlier
 * days (healthy ones: a campaign paused for its health does not move the ramp).
 */
export function dailyBudget(throttle: Pick<Throttle, "warmup_per_day" | "daily_cap">, sendingDays: number) {
  const step = throttle.warmup_per_day[sendingDays] ?? throttle.daily_cap;
  return Math.max(0, Math.min(step, throttle.daily_cap));
}

const minutesOf = (clock: string) => {
  const [hour, minute] = clock.split(":").map(Number) as [number, number];
  return hour * 60 + minute;
};

/** Whether `at` falls in the quiet hours on `timeZone`'s clock; a window like 21:00–09:00 crosses midnight. */
export function isQuiet(at: Date, quiet: Throttle["quiet_hours"], timeZone: string): boolean {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  const parts = zoneParts(at, timeZone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const now = Number(parts.hour) * 60 + Number(parts.minute);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The next instant after `at` at which `timeZone`'s clock reads `clock` ("09:00"). */
export function nextClock(at: Date, clock: string, timeZone: string): Date {
  const parts = zoneParts(at, timeZone, {});
  const today = `${parts.year}-${parts.month}-${parts.day}`;
  const todayAt = zonedInstant(today, clock, timeZone);
  return todayAt > at ? todayAt : zonedInstant(addDays(today, 1), clock, timeZone);
}

/** When the quiet hours around `at` end. */
export const quietEnds = (at: Date, quiet: Throttle["quiet_hours"], timeZone: string) =>
  nextClock(at, quiet.end, timeZone);

/** The wait after one send: the minimum gap plus a random share of the jitter (`random` in [0, 1)). */
export function gapMs(throttle: Pick<Throttle, "min_gap_seconds" | "jitter_seconds">, random: () => number) {
  return Math.round((throttle.min_gap_seconds + random() * throttle.jitter_seconds) * 1000);
}

/**
 * How many campaign messages leave on this tick. One is due each time `next_send_at` passes,
 * the next one a random gap later; none in the quiet hours (they resume when the hours end);
 * never more than the number's budget left for the rolling 24 h, the campaign's own daily
 * cap left, what is waiting, or MAX_PER_TICK.
 */
export function release(input: {
  now: Date;
  throttle: Throttle;
  timeZone: string;
  /** Due time kept from the last tick; null on the campaign's first tick. */
  next_send_at: Date | null;
  /** dailyBudget(...) for the number, and the campaign recipients it reached in the last 24 h. */
  budget: number;
  sent_last_24h: number;
  /** The campaign's own cap per day (its segment's), and what it sent since the zone's midnight. */
  campaign_cap?: number | null;
  campaign_sent_today: number;
  /** Recipients still waiting. */
  waiting: number;
  random: () => number;
}): Release {
  const { now, throttle } = input;
  if (isQuiet(now, throttle.quiet_hours, input.timeZone))
    return {
      count: 0,
      next_send_at: quietEnds(now, throttle.quiet_hours, input.timeZone),
      held: "quiet_hours",
    };
  const budgetLeft = Math.max(0, input.budget - input.sent_last_24h);
  const capLeft =
    input.campaign_cap == null
      ? Number.POSITIVE_INFINITY
      : Math.max(0, input.campaign_cap - input.campaign_sent_today);
  const limit = Math.min(budgetLeft, capLeft, input.waiting, MAX_PER_TICK);
  let due =
    input.next_send_at && now.getTime() - input.next_send_at.getTime() < STALE_AFTER_MS
      ? input.next_send_at
      : now;
  let count = 0;
  while (due <= now && count < limit) {
    count++;
    due = new Date(due.getTime() + gapMs(throttle, input.random));
  }
  // More fell due than went out: held by the number's budget or the campaign's cap, or simply
  // the per-tick limit (then the backlog goes on the next tick).
  const stillDue = due <= now && input.waiting > count;
  const held = !stillDue
    ? undefined
    : count >= budgetLeft
      ? "daily_budget"
      : count >= capLeft
        ? "campaign_cap"
        : undefined;
  // Held by a budget: look again on a later tick (the 24 h window moves on), not at once. Held
  // by the per-tick limit: the next tick goes on from now rather than owing a growing backlog.
  if (held) return { count, next_send_at: new Date(now.getTime() + 60_000), held };
  return { count, next_send_at: stillDue ? now : due };
}

/**
 * The one-per-customer rule: a customer who got any campaign message after this instant gets
 * no other until `per_customer_days` have passed (the audience query excludes them).
 */
export function lastAllowedBefore(now: Date, perCustomerDays: number): Date {
  return new Date(now.getTime() - perCustomerDays * 24 * 3600_000);
}

/** The outcomes of a campaign's sends so far, as the delivery ledger and the customer book report them. */
export type Outcomes = {
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  /** Failed for any reason, including the two below. */
  failed: number;
  not_on_whatsapp: number;
  /** WhatsApp's reach-out restriction (error 463). */
  restricted: number;
  opted_out: number;
};

/** Thresholds at which a campaign pauses itself. */
export const HEALTH_LIMITS = {
  /** Judged only after this many sends: two failures in three sends says little. */
  min_sample: 10,
  /** Failures (including not on WhatsApp) per send. */
  failure_rate: 0.15,
  /** Any more 463s than this: WhatsApp is already restricting the number; retrying worsens it. */
  restrictions: 1,
  /** Opt-outs per send: people are telling the shop to stop. */
  opt_out_rate: 0.05,
} as const;

export type Health = {
  /** 100 healthy … 0 at or past a pause threshold. */
  score: number;
  risk: "low" | "medium" | "high";
  /** Set when the campaign must pause itself, with the reason shown to the owner. */
  pause?: "failures" | "restrictions" | "opt_outs";
};

/**
 * The campaign's health from its outcomes: how close each signal is to its pause threshold;
 * the worst one decides. A restriction counts at once (WhatsApp said so); rates only once the
 * sample is large enough.
 */
export function health(o: Outcomes): Health {
  const sample = o.sent >= HEALTH_LIMITS.min_sample;
  const usage = {
    restrictions: o.restricted / (HEALTH_LIMITS.restrictions + 1),
    failures: sample ? o.failed / o.sent / HEALTH_LIMITS.failure_rate : 0,
    opt_outs: sample ? o.opted_out / o.sent / HEALTH_LIMITS.opt_out_rate : 0,
  };
  const [worst, used] = (Object.entries(usage) as [NonNullable<Health["pause"]>, number][]).reduce((a, b) =>
    b[1] > a[1] ? b : a,
  );
  const score = Math.max(0, Math.round(100 * (1 - Math.min(1, used))));
  const risk = used >= 1 ? "high" : used >= 0.5 ? "medium" : "low";
  return used >= 1 ? { score, risk, pause: worst } : { score, risk };
}

/** When a campaign of `waiting` recipients should finish at this pace, budget and quiet hours (a projection). */
export function projectFinish(input: {
  now: Date;
  throttle: Throttle;
  timeZone: string;
  budget: number;
  campaign_cap?: number | null;
  waiting: number;
}): Date | null {
  if (input.waiting === 0) return input.now;
  const perDay = Math.min(input.budget, input.campaign_cap ?? Number.POSITIVE_INFINITY);
  if (perDay <= 0) return null;
  const averageGap = (input.throttle.min_gap_seconds + input.throttle.jitter_seconds / 2) * 1000;
  let at = input.now;
  let left = input.waiting;
  // Day by day: a day sends its budget, paced, within the hours that are not quiet.
  for (let day = 0; day < 3650 && left > 0; day++) {
    if (isQuiet(at, input.throttle.quiet_hours, input.timeZone))
      at = quietEnds(at, input.throttle.quiet_hours, input.timeZone);
    const today = Math.min(left, perDay);
    const openUntil = nextQuietStart(at, input.throttle.quiet_hours, input.timeZone);
    const fits = Math.max(1, Math.floor((openUntil.getTime() - at.getTime()) / averageGap));
    const sent = Math.min(today, fits);
    left -= sent;
    if (left === 0) return new Date(at.getTime() + sent * averageGap);
    // The budget is per rolling 24 h: the next batch starts a day after this one started.
    at = sent < today ? openUntil : new Date(at.getTime() + 24 * 3600_000);
  }
  return null;
}

/** When the next quiet hours begin after `at` (or a day later when there are none). */
function nextQuietStart(at: Date, quiet: Throttle["quiet_hours"], timeZone: string): Date {
  if (quiet.start === quiet.end) return new Date(at.getTime() + 24 * 3600_000);
  return nextClock(at, quiet.start, timeZone);
}
