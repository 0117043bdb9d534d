import { configDefaults, defineConfig } from "vitest/config";

/**
 * Three projects, chosen by where a test file lives and how it is named (README, "Tests"):
 * unit (next to the code, nothing outside the process), integration (packages/x/test, infra:
 * PostgreSQL, local AWS, child processes) and browser (`*.browser.test.ts`: the built dashboard).
 * Only the browser project builds Next.js.
 */
const BROWSER = ["packages/*/test/**/*.browser.test.ts", "packages/web/test/browser.test.ts"];
const DATABASE = "packages/core/test/global-setup.ts";

export default defineConfig({
  test: {
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
          // They start the product itself (PGlite under a temporary DATA_DIR), not the test database.
          globalSetup: ["packages/functions/test/global-web.ts"],
        },
      },
    ],
  },
});
