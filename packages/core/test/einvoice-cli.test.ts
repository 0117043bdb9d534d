import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { einvoice } from "./cli";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SAMPLE = fileURLToPath(new URL("./fixtures/myinvois/1.1-Invoice-Sample.json", import.meta.url));

describe("npm run einvoice", () => {
  it("exports nothing for an invoice that does not exist, and says so", async () => {
    const run = await einvoice("export", "INV-NO-SUCH-1");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No invoice INV-NO-SUCH-1/);
  });

  // The rest runs main() in process (cli.test.ts); this once, the command as an operator types it.
  it("runs as a command: verifies the official sample and exits 0", async () => {
    const run = await new Promise<{ code: unknown; stdout: string }>((resolve) => {
      execFile(
        "npm",
        ["run", "--silent", "einvoice", "--", "verify", SAMPLE],
        { cwd: ROOT },
        (error, stdout) => resolve({ code: error ? error.code : 0, stdout }),
      );
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^OK$/m);
  });
});
