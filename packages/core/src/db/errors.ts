/**
 * The unique constraint a failed statement broke, if that is why it failed (PostgreSQL's
 * 23505, from node-postgres, Neon or PGlite, however deep drizzle wrapped it).
 */
export function uniqueViolation(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === "23505") return typeof constraint === "string" ? constraint : "";
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
