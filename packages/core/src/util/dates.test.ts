import { describe, expect, it } from "vitest";
import { Day, Instant, Month } from "./dates";

describe("date inputs", () => {
  it.each([
    [Instant, "2026-10-01T09:30:00+08:00", true],
    [Instant, "2026-10-01T01:30:00Z", true],
    [Instant, "0000-01-01T00:00:00Z", false],
    [Instant, "1999-12-31T23:59:59Z", false],
    [Instant, "2100-01-01T00:00:00Z", false],
    [Instant, "2026-10-01T09:30:00", false],
    [Day, "2026-02-28", true],
    [Day, "0000-01-01", false],
    [Day, "2026-02-30", false],
    [Month, "2026-10", true],
    [Month, "0000-10", false],
    [Month, "2026-13", false],
  ])("%#: %s is accepted: %s", (schema, value, ok) => {
    expect(schema.safeParse(value).success).toBe(ok);
  });
});
