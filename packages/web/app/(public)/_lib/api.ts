import { headers } from "next/headers";

export type PublicApiResult<T> = { ok: true; body: T } | { ok: false; status: number; code: string };

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Where this request came in, so the server can call its own /api/public (web and API share
 * one origin locally and behind CloudFront). A Host that is neither loopback nor the
 * configured public address is not trusted: the request goes to PUBLIC_BASE_URL instead, so a
 * forged Host header cannot make the server fetch from elsewhere.
 */
export function originOf(requestHeaders: Headers): string {
  const host = (requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "")
    .split(",")[0]!
    .trim();
  const forwarded = requestHeaders.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const proto = forwarded === "https" || forwarded === "http" ? forwarded : "http";
  const configured = process.env.PUBLIC_BASE_URL ? new URL(process.env.PUBLIC_BASE_URL) : undefined;
  const hostname = host.replace(/:\d+$/, "").toLowerCase();
  const trusted = HOST.test(host) && (LOOPBACK.has(hostname) || !configured || configured.host === host);
  if (trusted) return `${proto}://${host}`;
  return configured ? configured.origin : "http://localhost:3000";
}

/** GET a public API path from a server component or route handler; errors come back as values. */
export async function getPublic<T>(path: string, requestHeaders?: Headers): Promise<PublicApiResult<T>> {
  const origin = originOf(requestHeaders ?? (await headers()));
  try {
    const response = await fetch(`${origin}/api/public${path}`, {
      headers: { accept: "application/json" },
      cache: "no-store",
    });
    if (response.ok) return { ok: true, body: (await response.json()) as T };
    const body = (await response.json().catch(() => ({}))) as { code?: string };
    return { ok: false, status: response.status, code: body.code ?? `http.${response.status}` };
  } catch {
    return { ok: false, status: 0, code: "network" };
  }
}
