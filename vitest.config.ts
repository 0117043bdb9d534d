import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "infra/**/*.test.ts"],
    globalSetup: ["packages/core/test/global-setup.ts", "packages/functions/test/global-web.ts"],
    setupFiles: ["packages/core/test/setup.ts"],
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
  },
});
