import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// Messages are compiled at build time (ICU to a compact form), so the browser gets no ICU parser
// and parses no message; texts handed to the intake page's own script keep their {placeholders}
// by formatting them with themselves (app/(public)/intake/page-html.ts).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./i18n/request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: ["en", "ms"], precompile: true } },
});

/**
 * The counter's camera decoder (zxing-wasm, loaded by barcode-detector only where the browser
 * has no BarcodeDetector) is served from public/zxing/<version>/, so scanning never depends on
 * a CDN. Copied with its timestamps kept, so the copy does not look like a changed source.
 */
function serveZxingWasm() {
  const require = createRequire(import.meta.url);
  const source = require.resolve("zxing-wasm/reader/zxing_reader.wasm");
  const { version } = JSON.parse(fs.readFileSync(path.join(source, "../../../package.json"), "utf8")) as {
    version: string;
  };
  const target = path.join(import.meta.dirname, "public", "zxing", version, "zxing_reader.wasm");
  if (fs.existsSync(target)) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(source, target, { preserveTimestamps: true });
}
serveZxingWasm();

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
