import { describe, expect, it } from "vitest";
import {
  dailyBudget,
  gapMs,
  HEALTH_LIMITS,
  health,
  isQuiet,
  lastAllowedBefore,
  MAX_PER_TICK,
  type Outcomes,
  projectFinish,
  quietEnds,
  release,
  type Throttle,
} from "./governor";

const KL = "Asia/Kuala_Lumpur";
const THROTTLE: Throttle = {
  warmup_per_day: [20, 40, 80, 150],
  daily_cap: 200,
  min_gap_seconds: 30,
  jitter_seconds: 60,
  quiet_hours: { start: "21:00", end: "09:00" },
  per_customer_days: 14,
};
/** 14:00 in Kuala Lumpur (UTC+8). */
const AFTERNOON = new Date("2026-03-10T06:00:00Z");
const half = () => 0.5;

describe("the warm-up ramp", () => {
  it.each([
    { days: 0, expected: 20 },
    { days: 1, expected: 40 },
    { days: 3, expected: 150 },
    // Past the ramp: the hard cap.
    { days: 4, expected: 200 },
    { days: 400, expected: 200 },
  ])("allows $expected recipients a day after $days days of sending", ({ days, expected }) => {
    expect(dailyBudget(THROTTLE, days)).toBe(expected);
  });

  it("never goes above the hard cap, whatever the ramp says", () => {
    expect(dailyBudget({ warmup_per_day: [50, 500], daily_cap: 100 }, 1)).toBe(100);
  });
});

describe("quiet hours in Kuala Lumpur, across midnight", () => {
  it.each([
    { utc: "2026-03-10T12:59:00Z", local: "20:59", quiet: false },
    { utc: "2026-03-10T13:00:00Z", local: "21:00", quiet: true },
    { utc: "2026-03-10T16:30:00Z", local: "00:30", quiet: true },
    { utc: "2026-03-11T00:59:00Z", local: "08:59", quiet: true },
    { utc: "2026-03-11T01:00:00Z", local: "09:00", quiet: false },
  ])("$local is quiet: $quiet", ({ utc, quiet }) => {
    expect(isQuiet(new Date(utc), THROTTLE.quiet_hours, KL)).toBe(quiet);
  });

  it.each([
    { utc: "2026-03-10T13:00:00Z", ends: "2026-03-11T01:00:00.000Z" },
    { utc: "2026-03-10T17:00:00Z", ends: "2026-03-11T01:00:00.000Z" },
  ])("quiet hours at $utc end at 09:00 the next morning, $ends", ({ utc, ends }) => {
    expect(quietEnds(new Date(utc), THROTTLE.quiet_hours, KL).toISOString()).toBe(ends);
  });

  it("reads a window that does not cross midnight, and none when start equals end", () => {
    const lunch = { start: "12:00", end: "14:00" };
    expect(isQuiet(new Date("2026-03-10T05:00:00Z"), lunch, KL)).toBe(true);
    expect(isQuiet(new Date("2026-03-10T06:00:00Z"), lunch, KL)).toBe(false);
    expect(isQuiet(new Date("2026-03-10T13:30:00Z"), { start: "09:00", end: "09:00" }, KL)).toBe(false);
  });
});

describe("releasing sends on a tick", () => {
  const base = {
    now: AFTERNOON,
    throttle: THROTTLE,
    timeZone: KL,
    next_send_at: null,
    budget: 20,
    sent_last_24h: 0,
    campaign_sent_today: 0,
    waiting: 100,
    random: half,
  };

  it("sends one on the first tick and sets the next a random gap of 30 to 90 s later", () => {
    const r = release(base);
    expect(r).toEqual({ count: 1, next_send_at: new Date(AFTERNOON.getTime() + 60_000) });
    expect(gapMs(THROTTLE, () => 0)).toBe(30_000);
    expect(gapMs(THROTTLE, () => 0.999_999)).toBe(90_000);
  });

  it("sends what fell due since the last tick, a gap apart, and nothing before it is due", () => {
    const due = new Date(AFTERNOON.getTime() - 75_000);
    // Due at -75 s, then -15 s (a 60 s gap), then +45 s: two now.
    expect(release({ ...base, next_send_at: due })).toEqual({
      count: 2,
      next_send_at: new Date(AFTERNOON.getTime() + 45_000),
    });
    const later = new Date(AFTERNOON.getTime() + 10_000);
    expect(release({ ...base, next_send_at: later })).toEqual({ count: 0, next_send_at: later });
  });

  it("starts again at now after a pause instead of sending the backlog in a burst", () => {
    const r = release({ ...base, next_send_at: new Date(AFTERNOON.getTime() - 3600_000), random: () => 0 });
    expect(r.count).toBe(1);
  });

  it(`never releases more than ${MAX_PER_TICK} at once`, () => {
    const r = release({ ...base, next_send_at: new Date(AFTERNOON.getTime() - 100_000), random: () => 0 });
    expect(r.count).toBeLessThanOrEqual(MAX_PER_TICK);
    const fast = { ...THROTTLE, min_gap_seconds: 1, jitter_seconds: 0 };
    const capped = release({
      ...base,
      throttle: fast,
      next_send_at: new Date(AFTERNOON.getTime() - 100_000),
    });
    expect(capped.count).toBe(MAX_PER_TICK);
    // Not a hold: the rest are still due, and go on the next tick.
    expect(capped.held).toBeUndefined();
    expect(capped.next_send_at).toEqual(AFTERNOON);
  });

  it("holds at the number's 24 h budget, and looks again on a later tick", () => {
    const r = release({ ...base, sent_last_24h: 20 });
    expect(r).toEqual({
      count: 0,
      next_send_at: new Date(AFTERNOON.getTime() + 60_000),
      held: "daily_budget",
    });
  });

  it("holds at the campaign's own daily cap (its segment's) below the number's budget", () => {
    const r = release({ ...base, budget: 200, campaign_cap: 50, campaign_sent_today: 50 });
    expect(r.held).toBe("campaign_cap");
    expect(r.count).toBe(0);
    expect(release({ ...base, budget: 200, campaign_cap: 50, campaign_sent_today: 49 }).count).toBe(1);
  });

  it("sends nothing in the quiet hours and names 09:00 as the next send", () => {
    const r = release({ ...base, now: new Date("2026-03-10T13:00:00Z") });
    expect(r).toEqual({ count: 0, next_send_at: new Date("2026-03-11T01:00:00Z"), held: "quiet_hours" });
  });

  it("sends no more than are waiting", () => {
    const fast = { ...THROTTLE, min_gap_seconds: 1, jitter_seconds: 0 };
    const r = release({
      ...base,
      throttle: fast,
      waiting: 2,
      next_send_at: new Date(AFTERNOON.getTime() - 100_000),
    });
    expect(r.count).toBe(2);
    expect(r.held).toBeUndefined();
  });
});

describe("one campaign message per customer per period", () => {
  it("excludes customers messaged within the last per_customer_days", () => {
    expect(lastAllowedBefore(AFTERNOON, 14).toISOString()).toBe("2026-02-24T06:00:00.000Z");
  });
});

describe("health and the automatic pause", () => {
  const clean: Outcomes = {
    sent: 40,
    delivered: 38,
    read: 20,
    replied: 3,
    failed: 0,
    not_on_whatsapp: 0,
    restricted: 0,
    opted_out: 0,
  };

  it.each([
    { name: "a clean run", outcomes: clean, expected: { score: 100, risk: "low" } },
    { name: "failures at 15% of sends", outcomes: { ...clean, failed: 6 }, expected: { pause: "failures" } },
    {
      name: "failures below 15%",
      outcomes: { ...clean, failed: 5, not_on_whatsapp: 3 },
      expected: { risk: "medium" },
    },
    {
      name: "a second 463",
      outcomes: { ...clean, failed: 2, restricted: 2 },
      expected: { pause: "restrictions" },
    },
    {
      name: "one 463",
      outcomes: { ...clean, failed: 1, restricted: 1 },
      expected: { risk: "medium", score: 50 },
    },
    {
      name: "opt-outs at 5% of sends",
      outcomes: { ...clean, opted_out: 2 },
      expected: { pause: "opt_outs" },
    },
    {
      name: "failures in a sample too small to judge",
      outcomes: { ...clean, sent: HEALTH_LIMITS.min_sample - 1, failed: 5 },
      expected: { score: 100 },
    },
  ])("$name", ({ outcomes, expected }) => {
    expect(health(outcomes)).toMatchObject(expected);
  });

  it("pauses with a score of 0 and high risk", () => {
    expect(health({ ...clean, restricted: 2 })).toEqual({ score: 0, risk: "high", pause: "restrictions" });
  });
});

describe("the projected finish", () => {
  it("finishes today when the budget and the open hours hold everyone", () => {
    // 10 recipients, 60 s on average: ten minutes after 14:00.
    const at = projectFinish({ now: AFTERNOON, throttle: THROTTLE, timeZone: KL, budget: 20, waiting: 10 });
    expect(at?.toISOString()).toBe("2026-03-10T06:10:00.000Z");
  });

  it("runs over the following days when the budget is smaller than the audience", () => {
    const at = projectFinish({ now: AFTERNOON, throttle: THROTTLE, timeZone: KL, budget: 20, waiting: 50 });
    // 20 today, 20 tomorrow, 10 the day after at 14:00 + ten minutes.
    expect(at?.toISOString()).toBe("2026-03-12T06:10:00.000Z");
  });

  it("waits for the morning when the quiet hours have begun", () => {
    const at = projectFinish({
      now: new Date("2026-03-10T14:00:00Z"),
      throttle: THROTTLE,
      timeZone: KL,
      budget: 20,
      waiting: 1,
    });
    expect(at?.toISOString()).toBe("2026-03-11T01:01:00.000Z");
  });

  it("has no finish when nothing may be sent", () => {
    expect(
      projectFinish({ now: AFTERNOON, throttle: THROTTLE, timeZone: KL, budget: 0, waiting: 1 }),
    ).toBeNull();
  });
});
