import type { FunctionProps } from "sst/constructs";

type NodeJSProps = NonNullable<FunctionProps["nodejs"]>;
/** An esbuild plugin for the esbuild SST bundles with (its own copy, 0.18). */
type Plugin = NonNullable<NonNullable<NodeJSProps["esbuild"]>["plugins"]>[number];

/**
 * How every Lambda is bundled. bench/ builds the handlers with the same settings, so its
 * sizes and cold starts are the deployed ones.
 * - pg-native: pg's optional native binding, never loaded; left to SST it is npm-installed into
 *   every bundle.
 * - PGlite and node-postgres with their drizzle adapters: core imports a driver only when it is
 *   chosen, and Lambda always runs Neon's (the infra sets DATABASE_DRIVER=neon).
 * - ws: Neon's driver takes it only where Node has no global WebSocket; nodejs22.x has one.
 * - pdfkit: it loads its standard fonts with a runtime require() no bundler can follow, so it is
 *   installed beside the functions that make PDFs instead (HANDLERS' `install`, the pos Lambda).
 */
export const LAMBDA_EXTERNAL = [
  "pg-native",
  "@electric-sql/pglite",
  "drizzle-orm/pglite",
  "pg",
  "drizzle-orm/node-postgres",
  "ws",
  "pdfkit",
];

/**
 * zod's `z` namespace carries every error-message locale (260 KB), and @hono/zod-openapi hands
 * the whole namespace on, so no bundler can drop them. We only ever use English, which zod
 * registers on its own; `z.locales` is left with just `en`.
 */
export const zodEnglishOnly: Plugin = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)
        ? { path: "locales", namespace: "zod-english-only", pluginData: args.resolveDir }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-english-only" }, (args) => ({
      contents: `export { default as en } from "../locales/en.js";`,
      resolveDir: args.pluginData,
    }));
  },
};

/**
 * ESM with code splitting: what a handler imports with `import()` (a route's engine, a
 * database driver, an SDK client) goes into chunks beside it, loaded when first needed
 * instead of parsed at every cold start.
 */
export const LAMBDA_NODEJS: NodeJSProps = {
  format: "esm",
  splitting: true,
  minify: true,
  esbuild: { external: LAMBDA_EXTERNAL, plugins: [zodEnglishOnly] },
};
