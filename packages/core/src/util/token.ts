import { timingSafeEqual } from "node:crypto";

/**
 * True when an `Authorization: Bearer <token>` header carries `expected`. Compared in constant
 * time; an unset expected token matches nothing.
 */
export function bearerMatches(header: string | undefined, expected: string | undefined): boolean {
  const given = header?.replace(/^Bearer\s+/i, "");
  if (!expected || !given) return false;
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}
