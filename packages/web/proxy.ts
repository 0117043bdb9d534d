import { type NextRequest, NextResponse } from "next/server";

/**
 * A fresh nonce per page and a Content-Security-Policy that only runs scripts carrying it:
 * Next.js reads the nonce from the request's CSP header and puts it on its own scripts, and
 * the theme script gets it from the root layout. Styles stay 'unsafe-inline' because Radix
 * positions popovers with inline styles. No upgrade-insecure-requests: the local runtime
 * serves plain http on loopback.
 */
/**
 * Where files live: the browser uploads logos and photos to storage (the intake page without
 * JavaScript posts a photo form there) and shows them from it through presigned URLs.
 * Locally that is this origin's /storage/ path; in AWS the S3 bucket.
 */
function storageOrigin() {
  const endpoint =
    process.env.STORAGE_PUBLIC_URL ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  return endpoint ? new URL(endpoint).origin : "https://*.amazonaws.com";
}

export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const dev = process.env.NODE_ENV === "development";
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${storageOrigin()}`,
    "font-src 'self'",
    `connect-src 'self' ${storageOrigin()}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${storageOrigin()}`,
    "frame-ancestors 'none'",
  ].join("; ");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api|_next/static|_next/image|icons|sw.js|manifest.webmanifest).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
