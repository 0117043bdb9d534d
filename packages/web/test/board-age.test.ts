import { describe, expect, it } from "vitest";
import { age, ageFrom } from "@/app/(app)/tickets/age";

const NOW = Date.parse("2026-03-10T02:00:00.000Z");
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

describe("a card's age", () => {
  it.each([
    [0, { value: 0, unit: "m" }],
    [59, { value: 59, unit: "m" }],
    [60, { value: 1, unit: "h" }],
    [23 * 60 + 59, { value: 23, unit: "h" }],
    [24 * 60, { value: 1, unit: "d" }],
    [3 * 24 * 60 + 600, { value: 3, unit: "d" }],
    [-5, { value: 0, unit: "m" }],
  ])("%i minutes is %o", (minutes, expected) => {
    expect(age(ago(minutes), NOW)).toEqual(expected);
  });

  it("counts from intake, and once ready from the moment it was ready", () => {
    const ticket = { created_at: ago(5000), ready_at: ago(60) };
    expect(ageFrom({ ...ticket, status: "IN_PROGRESS" })).toBe(ticket.created_at);
    expect(ageFrom({ ...ticket, status: "READY" })).toBe(ticket.ready_at);
  });
});
