import { type NextRequest, NextResponse } from "next/server";
import { safeNext } from "@/lib/api";
import { isLocale, LOCALE_COOKIE } from "@/lib/locale";

/**
 * The customer pages' language links: a plain link (no JavaScript needed) that stores the
 * choice in the same `locale` cookie the dashboard uses and goes back where it came from.
 */
export function GET(request: NextRequest) {
  const to = request.nextUrl.searchParams.get("to");
  const next = safeNext(request.nextUrl.searchParams.get("next"));
  const response = new NextResponse(null, { status: 303, headers: { location: next } });
  if (isLocale(to)) response.cookies.set(LOCALE_COOKIE, to, { path: "/", maxAge: 31536000, sameSite: "lax" });
  return response;
}
