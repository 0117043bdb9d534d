import type { NextRequest } from "next/server";
import type { PublicIntake } from "@/lib/intake-form";
import { getPublic } from "../_lib/api";
import { LOCALE_COOKIE, localeOf, translator } from "../_lib/locale";
import { intakePage, unavailablePage } from "./page-html";

export const dynamic = "force-dynamic";

/**
 * The public intake page, rendered here as plain HTML rather than as a React page: an App
 * Router page always ships Next's client runtime (about 130 KB gzipped with React 19), over
 * this page's 120 KB budget for customers on slow phones. The form works with no JavaScript
 * at all; one small inline script (enhance.ts) adds direct photo uploads and inline errors.
 */
export async function GET(request: NextRequest) {
  const locale = localeOf(request.headers, request.cookies.get(LOCALE_COOKIE)?.value);
  const search = request.nextUrl.searchParams;
  const ctx = {
    locale,
    t: translator(locale, "intake"),
    nonce: request.headers.get("x-nonce") ?? "",
    here: `${request.nextUrl.pathname}${request.nextUrl.search}`,
  };
  // Back from storage (a photo posted without JavaScript): the same filling, its photos so far
  // (`p`) and the one storage just took (`key`).
  const continued = new URLSearchParams();
  const session = search.get("s");
  if (session) {
    continued.set("upload_session", session);
    for (const key of [...search.getAll("p"), ...search.getAll("key")].slice(0, 10))
      continued.append("photos", key);
  }
  const result = await getPublic<PublicIntake>(`/intake${session ? `?${continued}` : ""}`, request.headers);
  const page = result.ok
    ? intakePage(ctx, result.body, {
        error: search.get("error"),
        fields: (search.get("fields") ?? "").split(",").filter(Boolean),
      })
    : unavailablePage(ctx);
  return new Response(page.value, {
    status: result.ok ? 200 : 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      // Each load carries its own photo upload session; never cache it.
      "cache-control": "no-store",
      "content-language": locale,
      vary: "Cookie, Accept-Language",
    },
  });
}
