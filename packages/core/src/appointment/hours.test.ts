import { describe, expect, it } from "vitest";
import { SECTIONS } from "../settings/schema";
import { addDays, daySlots, freeOf, type Hours, openingAt } from "./hours";

const ZONE = "Asia/Kuala_Lumpur";
const HOURS: Hours = structuredClone(SECTIONS.appointments.defaults) as Hours;
const at = (iso: string) => new Date(iso);
const starts = (slots: { starts_at: Date }[]) => slots.map((s) => s.starts_at.toISOString());

describe("a day's slots under the opening hours", () => {
  it("runs from opening, one slot length after another, the last ending by closing", () => {
    // Tuesday 10 March 2026, open 10:00–19:00 (02:00–11:00 UTC), 30-minute slots.
    const slots = daySlots("2026-03-10", HOURS, ZONE);
    expect(slots).toHaveLength(18);
    expect(slots[0]).toEqual({ starts_at: at("2026-03-10T02:00:00Z"), ends_at: at("2026-03-10T02:30:00Z") });
    expect(slots.at(-1)!.ends_at).toEqual(at("2026-03-10T11:00:00Z"));
  });

  it("leaves out a last slot that would run past closing", () => {
    const slots = daySlots("2026-03-10", { ...HOURS, slot_minutes: 40 }, ZONE);
    expect(slots.at(-1)!.starts_at).toEqual(at("2026-03-10T10:00:00Z"));
    expect(slots.at(-1)!.ends_at <= at("2026-03-10T11:00:00Z")).toBe(true);
  });

  it.each([
    ["2026-03-15", 0], // a Sunday: closed by default
    ["2026-03-14", 14], // a Saturday: 10:00–17:00
  ])("%s has %i slots", (day, count) => {
    expect(daySlots(day, HOURS, ZONE)).toHaveLength(count);
  });
});

describe("free slots", () => {
  const slots = daySlots("2026-03-10", HOURS, ZONE);
  it.each([
    {
      name: "leaves out slots that have started",
      now: "2026-03-10T02:45:00Z",
      booked: [],
      first: ["2026-03-10T03:00:00.000Z", "2026-03-10T03:30:00.000Z"],
    },
    {
      name: "leaves out a booked slot and any slot a longer booking overlaps",
      now: "2026-03-10T00:00:00Z",
      booked: [{ starts_at: at("2026-03-10T02:00:00Z"), ends_at: at("2026-03-10T02:50:00Z") }],
      first: ["2026-03-10T03:00:00.000Z", "2026-03-10T03:30:00.000Z"],
    },
  ])("$name", ({ now, booked, first }) => {
    expect(starts(freeOf(slots, booked, at(now))).slice(0, 2)).toEqual(first);
  });

  it("counts calendar days across a month's end", () => {
    expect(addDays("2026-02-27", 3)).toBe("2026-03-02");
  });
});

describe("open now, or when next", () => {
  it.each([
    { name: "inside Tuesday's hours", now: "2026-03-10T05:00:00Z", expected: { open: true } },
    { name: "before Tuesday opens", now: "2026-03-09T23:00:00Z", next: "2026-03-10T02:00:00.000Z" },
    // Saturday after 17:00, Sunday closed: Monday 10:00.
    { name: "over a closed Sunday", now: "2026-03-14T10:00:00Z", next: "2026-03-16T02:00:00.000Z" },
    { name: "at closing time itself", now: "2026-03-10T11:00:00Z", next: "2026-03-11T02:00:00.000Z" },
  ])("$name", ({ now, expected, next }) => {
    const result = openingAt(at(now), HOURS, ZONE);
    if (expected) expect(result).toEqual(expected);
    else expect(result.open === false && result.next?.toISOString()).toBe(next);
  });

  it("has no next opening when every day is closed", () => {
    const hours = Object.fromEntries(
      Object.entries(HOURS.hours).map(([day, h]) => [day, { ...h, open: false }]),
    ) as Hours["hours"];
    expect(openingAt(at("2026-03-10T05:00:00Z"), { hours }, ZONE)).toEqual({ open: false, next: undefined });
  });
});
