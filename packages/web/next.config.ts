import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const config: NextConfig = {
  // The dashboard is a client of /api only; in AWS CloudFront and locally the runtime serve both on one origin.
  poweredByHeader: false,
  reactStrictMode: true,
  // Core's pure rules (dates, phones) are shared as TypeScript source, not a built package.
  transpilePackages: ["@wapos/core"],
  async redirects() {
    return [{ source: "/whatsapp", destination: "/whatsapp/inbox", permanent: false }];
  },
  async headers() {
    return [
      {
        // The CSP itself is per request (it carries a nonce): see proxy.ts.
        source: "/:path*",
        headers: [
          { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(), payment=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      {
        // A stale service worker would pin old rules about what may be cached, so browsers must always revalidate it.
        source: "/sw.js",
        headers: [
          { key: "Cache-Control", value: "no-cache, no-store, must-revalidate" },
          { key: "Service-Worker-Allowed", value: "/" },
        ],
      },
    ];
  },
};

export default withNextIntl(config);
