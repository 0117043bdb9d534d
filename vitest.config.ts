import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

/**
 * Three projects, chosen by where a test file lives and how it is named (README, "Tests"):
 * unit (next to the code, nothing outside the process), integration (packages/x/test, infra:
 * PostgreSQL, local AWS, child processes) and browser (`*.browser.test.ts`: the built dashboard).
 * Only the browser project builds Next.js.
 */
const BROWSER = ["packages/*/test/**/*.browser.test.ts", "packages/web/test/browser.test.ts"];
const DATABASE = "packages/core/test/global-setup.ts";
const LUCIDE = "node_modules/lucide-react/dist/esm/lucide-react.mjs";
const WEB = fileURLToPath(new URL("packages/web/", import.meta.url));

export default defineConfig({
  // For tests that render the dashboard's components without Next.js: its `@/…` imports, and its
  // React 19 (the workspace root holds another React, which next-intl would otherwise load).
  resolve: {
    alias: [
      { find: /^@\//, replacement: WEB },
      { find: /^(react|react-dom)(\/.*)?$/, replacement: `${WEB}node_modules/$1$2` },
      // Its "node" export is CommonJS, which would load the root React: take the ES module instead.
      { find: /^lucide-react$/, replacement: fileURLToPath(new URL(LUCIDE, import.meta.url)) },
    ],
  },
  test: {
    server: { deps: { inline: [/node_modules\/(next-intl|use-intl|@radix-ui|lucide-react|swr)\//] } },
    // NODE_ENV=test is SST's own test switch: synthesis skips docker builds and AWS lookups.
    env: {
      NODE_ENV: "test",
      // Fixed keys for tests only; npm start makes its own under DATA_DIR, AWS reads Secrets Manager.
      AUTH_SECRET: "test-auth-secret-0123456789-abcdefghijklmnop",
      SETTINGS_KEY: "test-settings-key-0123456789-abcdefghijklmnop",
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "SILENT",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts"],
          setupFiles: ["packages/core/test/unit-setup.ts"],
          // A unit test that reaches for the database fails at once, naming the rule it broke.
          env: {
            DATABASE_URL: "postgres://unit-tests-have-no-database.invalid/move-the-test-to-packages-x-test",
          },
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["packages/*/test/**/*.test.ts", "infra/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...BROWSER],
          globalSetup: [DATABASE],
          setupFiles: ["packages/core/test/setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: BROWSER,
          setupFiles: ["packages/core/test/unit-setup.ts"],
          // They start the product itself (PGlite under a temporary DATA_DIR), not the test database.
          globalSetup: ["packages/functions/test/global-web.ts"],
          // A page waits on the product's API, which a loaded machine answers in seconds, not
          // vitest's default second: what the files' own `eventually` helpers already allow.
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
});
