import { describe, expect, it } from "vitest";
import { startOfDay } from "./zone";

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
