import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function einvoice(...args: string[]) {
  return new Promise<{ code: unknown; stdout: string; stderr: string }>((resolve) => {
    execFile(
      "npx",
      ["tsx", "packages/core/src/einvoice/cli.ts", ...args],
      { cwd: ROOT },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
  });
}

describe("npm run einvoice against the database", () => {
  it("exports nothing for an invoice that does not exist, and says so", async () => {
    const run = await einvoice("export", "INV-NO-SUCH-1");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No invoice INV-NO-SUCH-1/);
  });
});
