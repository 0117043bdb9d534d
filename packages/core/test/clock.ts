import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Clock, fixedClock, setClock, useClock } from "../src/util/clock";

/**
 * The instant tests run at, whatever the hour the suite runs: Tuesday 10 March 2026, 10:00 in
 * Kuala Lumpur (02:00 UTC). Mid-morning and mid-month, so "today", "tomorrow" and "last month"
 * are the same in UTC and in the shop's zone, and within the test certificate's validity.
 */
export const TEST_NOW = new Date("2026-03-10T02:00:00.000Z");

/**
 * Pins the app's clock (`useClock`) for one test file: every test starts at `at` and time moves
 * only when the test moves it (`clock.advance`, `clock.set`, or a clock of its own set with
 * `setClock` for the rest of that test). Call it at the top of the file, before the file's own
 * hooks, so tokens signed in `beforeAll` are signed at `at` too.
 */
export function useFixedClock(at: Date | string = TEST_NOW) {
  const clock = fixedClock(at);
  beforeAll(() => setClock(clock));
  beforeEach(() => {
    clock.set(at);
    setClock(clock);
  });
  afterAll(() => setClock(undefined));
  return clock;
}

/** A clock that reads the app's clock at each call: for fakes (MyInvois) that must agree with it. */
export const appClock: Clock = { now: () => useClock().now() };
