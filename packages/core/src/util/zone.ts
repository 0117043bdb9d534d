const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `at` in `timeZone` and the zone's offset from UTC then (minutes). */
function dayAndOffset(at: Date, timeZone: string) {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      timeZoneName: "longOffset",
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  // "GMT+08:00" (or "GMT" for UTC): the zone's offset on that day.
  const offset = /GMT([+-])(\d{2}):(\d{2})/.exec(parts.timeZoneName ?? "");
  const minutes = offset ? (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), offset: minutes };
}

/** The instant a calendar day starts in a time zone (the shop's), e.g. for "today" figures. */
export function startOfDay(at: Date, timeZone: string): Date {
  const { year, month, day, offset } = dayAndOffset(at, timeZone);
  return new Date(Date.UTC(year, month - 1, day) - offset * 60_000);
}

/** "2026-03-10": the calendar day `at` falls on in `timeZone`. */
export function dayIn(at: Date, timeZone: string): string {
  const { year, month, day } = dayAndOffset(at, timeZone);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * The instant a wall-clock time on a calendar day ("2026-03-10", "15:30") happens in
 * `timeZone`. The offset is read twice, so a day on which the zone changes its offset still
 * lands on the right side of the change (Malaysia has none; the shop's zone is a setting).
 */
export function zonedInstant(isoDay: string, clock: string, timeZone: string): Date {
  const [year, month, day] = isoDay.split("-").map(Number) as [number, number, number];
  const [hour, minute] = clock.split(":").map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - dayAndOffset(new Date(wall), timeZone).offset * 60_000;
  return new Date(wall - dayAndOffset(new Date(first), timeZone).offset * 60_000);
}

/** The parts of `at` on a time zone's calendar and clock, by Intl's part names ("year", "hour", …). */
export function zoneParts(
  at: Date,
  timeZone: string,
  fields: Intl.DateTimeFormatOptions,
): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  return Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      ...fields,
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
}

/** "2026-03-10" plus `days` calendar days (negative goes back). */
export function addDays(isoDay: string, days: number): string {
  const [year, month, day] = isoDay.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
