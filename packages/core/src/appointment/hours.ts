import type * as z from "zod";
import { type SECTIONS, WEEKDAYS } from "../settings/schema";
import { addDays, dayIn, zonedInstant } from "../util/zone";

export { addDays } from "../util/zone";

/**
 * The slot arithmetic: which slots a day has under the shop's opening hours, and which of
 * them are free. Pure (no database, no clock): the callers pass the bookings and `now`.
 */

/** The appointments section of settings: slot length, days ahead and each weekday's hours. */
export type Hours = z.output<(typeof SECTIONS)["appointments"]["write"]>;
export type Slot = { starts_at: Date; ends_at: Date };

const minutesOf = (clock: string) => {
  const [hour, minute] = clock.split(":").map(Number) as [number, number];
  return hour * 60 + minute;
};
const clockOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** A calendar day's opening hours: its weekday's. */
function hoursOn(isoDay: string, settings: Pick<Hours, "hours">) {
  const [year, month, day] = isoDay.split("-").map(Number) as [number, number, number];
  return settings.hours[WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!];
}

/**
 * Every slot of a calendar day in the shop's zone: from opening, one slot length after
 * another, the last one ending by closing time. A closed day has none.
 */
export function daySlots(isoDay: string, settings: Hours, timeZone: string): Slot[] {
  const hours = hoursOn(isoDay, settings);
  if (!hours.open) return [];
  const slots: Slot[] = [];
  const close = minutesOf(hours.to);
  for (
    let start = minutesOf(hours.from);
    start + settings.slot_minutes <= close;
    start += settings.slot_minutes
  )
    slots.push({
      starts_at: zonedInstant(isoDay, clockOf(start), timeZone),
      ends_at: zonedInstant(isoDay, clockOf(start + settings.slot_minutes), timeZone),
    });
  return slots;
}

/**
 * Whether the shop is open at `now` under its weekly hours, and if not, when it next opens
 * (within the coming week; undefined when every day is closed).
 */
export function openingAt(
  now: Date,
  settings: Pick<Hours, "hours">,
  timeZone: string,
): { open: true } | { open: false; next: Date | undefined } {
  const today = dayIn(now, timeZone);
  for (let offset = 0; offset <= 7; offset++) {
    const isoDay = addDays(today, offset);
    const hours = hoursOn(isoDay, settings);
    if (!hours.open) continue;
    const opens = zonedInstant(isoDay, hours.from, timeZone);
    const closes = zonedInstant(isoDay, hours.to, timeZone);
    if (now < opens) return { open: false, next: opens };
    if (now < closes) return { open: true };
  }
  return { open: false, next: undefined };
}

/** Whether two time ranges share any moment (touching ends do not). */
export const overlaps = (a: Slot, b: Slot) => a.starts_at < b.ends_at && b.starts_at < a.ends_at;

/** The slots that start after `now` and overlap no booking. */
export function freeOf(slots: Slot[], booked: Slot[], now: Date): Slot[] {
  return slots.filter((slot) => slot.starts_at > now && !booked.some((b) => overlaps(slot, b)));
}
