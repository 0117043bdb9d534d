/** Milliseconds east of UTC that `zone` is at `at`, from the platform's own zone data. */
function offsetAt(zone: string, at: number): number {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return (match[1] === "-" ? -1 : 1) * minutes * 60_000;
}

/**
 * The instant a calendar day (`YYYY-MM-DD`) starts in `zone`, as ISO UTC; `endOfDay` gives its
 * last millisecond. Filters are in the shop's days, not the browser's.
 */
export function dayBoundary(day: string, zone: string, endOfDay = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const midnightUtc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (endOfDay ? 1 : 0));
  const start = midnightUtc - offsetAt(zone, midnightUtc);
  return new Date(endOfDay ? start - 1 : start).toISOString();
}
