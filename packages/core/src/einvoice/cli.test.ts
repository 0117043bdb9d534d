import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { einvoice } from "../../test/cli";

const SAMPLE = fileURLToPath(
  new URL("../../test/fixtures/myinvois/1.1-Invoice-Sample.json", import.meta.url),
);

const TEMP = mkdtempSync(join(tmpdir(), "einvoice-cli-"));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));

describe("npm run einvoice", () => {
  it("verifies the official signed sample and lists the checks", async () => {
    const run = await einvoice("verify", SAMPLE);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^OK$/m);
    expect(run.stdout).toMatch(/ok\s+signature/);
  });

  it("fails a tampered copy and names the failed check", async () => {
    const file = join(TEMP, "tampered.json");
    const text = readFileSync(SAMPLE, "utf8");
    const tampered = text.replace(/("PayableAmount": \[\s*\{\s*"_": )1436\.5/, (_, start) => `${start}99`);
    expect(tampered).not.toBe(text);
    writeFileSync(file, tampered);
    const run = await einvoice("verify", file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAILED: document_digest, signature$/m);
  });

  it.each([
    ["an unknown command", ["sign"]],
    ["no command", []],
    ["a missing file", ["verify", join(TEMP, "missing.json")]],
    ["no file", ["verify"]],
  ])("prints the usage for %s and exits 2", async (_, args) => {
    const run = await einvoice(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("usage:");
    expect(run.stdout).toBe("");
  });

  it("validates the official sample as of its issue time and names exactly what LHDN's rules find", async () => {
    const run = await einvoice("validate", SAMPLE, "--at", "2024-07-23T01:00:00Z");
    expect(run.code).toBe(1);
    // The sample's TINs are placeholder text, and its figures do not add up (it is illustrative).
    expect(run.stdout).toMatch(/einvoice\.supplier\.tin_format/);
    expect(run.stdout).toMatch(/einvoice\.totals\.payable/);
    expect(run.stdout).not.toMatch(/issued\.too_old/);
  });

  it("says a file that is not JSON fails validation", async () => {
    const file = join(TEMP, "not.json");
    writeFileSync(file, "<Invoice/>");
    const run = await einvoice("validate", file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/not JSON/);
  });
});
