import { describe, expect, it } from "vitest";
import { dayIn, startOfDay, zonedInstant } from "./zone";

describe("startOfDay", () => {
  it.each([
    { at: "2026-11-26T07:00:00Z", zone: "Asia/Kuala_Lumpur", expected: "2026-11-25T16:00:00.000Z" },
    { at: "2026-11-26T17:30:00Z", zone: "Asia/Kuala_Lumpur", expected: "2026-11-26T16:00:00.000Z" },
    { at: "2026-11-26T07:00:00Z", zone: "UTC", expected: "2026-11-26T00:00:00.000Z" },
    { at: "2026-07-01T03:00:00Z", zone: "America/New_York", expected: "2026-06-30T04:00:00.000Z" },
  ])("$at in $zone starts at $expected", ({ at, zone, expected }) => {
    expect(startOfDay(new Date(at), zone).toISOString()).toBe(expected);
  });
});

describe("zonedInstant and dayIn", () => {
  it.each([
    { day: "2026-03-10", clock: "15:30", zone: "Asia/Kuala_Lumpur", expected: "2026-03-10T07:30:00.000Z" },
    { day: "2026-03-11", clock: "00:00", zone: "Asia/Kuala_Lumpur", expected: "2026-03-10T16:00:00.000Z" },
    { day: "2026-07-01", clock: "09:00", zone: "America/New_York", expected: "2026-07-01T13:00:00.000Z" },
    { day: "2026-01-15", clock: "09:00", zone: "America/New_York", expected: "2026-01-15T14:00:00.000Z" },
  ])("$clock on $day in $zone is $expected, and back", ({ day, clock, zone, expected }) => {
    const at = zonedInstant(day, clock, zone);
    expect(at.toISOString()).toBe(expected);
    expect(dayIn(at, zone)).toBe(day);
  });
});
