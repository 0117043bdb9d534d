import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "infra/**/*.test.ts"],
    globalSetup: ["packages/core/test/global-setup.ts"],
    setupFiles: ["packages/core/test/setup.ts"],
    // NODE_ENV=test is SST's own test switch: synthesis skips docker builds and AWS lookups.
    env: {
      NODE_ENV: "test",
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "SILENT",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
