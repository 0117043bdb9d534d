/**
 * The unique constraint a failed statement broke, if that is why it failed (PostgreSQL's
 * 23505, from node-postgres, Neon or PGlite, however deep drizzle wrapped it).
 */
export function uniqueViolation(error: unknown): string | undefined {
  return violation(error, "23505");
}

/** The exclusion constraint a failed statement broke (23P01), if that is why it failed. */
export function exclusionViolation(error: unknown): string | undefined {
  return violation(error, "23P01");
}

function violation(error: unknown, sqlState: string): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === sqlState) return typeof constraint === "string" ? constraint : "";
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
