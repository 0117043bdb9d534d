import { z } from "zod";

/**
 * The years a date given to us may hold. PostgreSQL has no year 0 (0000-01-01 fails the
 * insert, a 500), and nothing a repair shop records predates 2000 or is planned past 2099.
 */
export const YEARS = { min: 2000, max: 2099 } as const;

const inRange = (value: string) => {
  const year = Number(value.slice(0, 4));
  return year >= YEARS.min && year <= YEARS.max;
};
const outOfRange = `A year from ${YEARS.min} to ${YEARS.max}`;

/** A moment with its offset, `2026-10-01T09:30:00+08:00` or `…Z`: every date-time input. */
export const Instant = z.iso.datetime({ offset: true }).refine(inRange, outOfRange);

/** A calendar day, `2026-10-01`: every date input. */
export const Day = z.iso.date().refine(inRange, outOfRange);

/** A calendar month, `2026-10`. */
export const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month like 2026-10")
  .refine(inRange, outOfRange);
