import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../functions/test/runtime";
import { waitFor } from "../../functions/test/wait";

const ROOT = path.resolve(import.meta.dirname, "../../..");
// Inside the repo's node_modules, so the bundle finds its external packages the way the
// image's /app/main.mjs finds them in /app/node_modules.
const OUT_DIR = path.join(ROOT, "node_modules/.cache/wapos-gateway-bundle-test");

/**
 * The container runs exactly this: scripts/build.mjs's bundle with `node main.mjs`. No Docker
 * engine runs here, so the image itself is built at deploy time; this catches a bundle that
 * does not start (a dependency that cannot be bundled, a missing external) before then.
 */
describe("the gateway container's bundle", () => {
  afterAll(() => fs.rmSync(OUT_DIR, { recursive: true, force: true }));

  const outfile = path.join(OUT_DIR, "main.mjs");
  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [
      path.join(ROOT, "packages/wa-gateway/scripts/build.mjs"),
      outfile,
    ]);
  });

  /** What infra/gateway.ts gives the container, with queues nobody listens on (it does not poll unpaired). */
  const containerEnv = () => ({
    PATH: process.env.PATH,
    DATABASE_URL: process.env.DATABASE_URL,
    SETTINGS_KEY: process.env.SETTINGS_KEY,
    BUCKET_NAME: "wa-pos-crm-test",
    QUEUE_URL_WA_INBOUND: "http://127.0.0.1:9/queue/wa-inbound",
    QUEUE_URL_WA_OUTBOUND_TX: "http://127.0.0.1:9/queue/wa-outbound-tx",
    QUEUE_URL_WA_OUTBOUND_BULK: "http://127.0.0.1:9/queue/wa-outbound-bulk",
  });

  it("refuses to start without its environment, naming every missing variable", async () => {
    const { BUCKET_NAME: _bucket, QUEUE_URL_WA_OUTBOUND_TX: _tx, ...rest } = containerEnv();
    const child = spawn(process.execPath, [outfile], { env: rest, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stderr.on("data", (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(output).toContain("BUCKET_NAME: missing");
    expect(output).toContain("QUEUE_URL_WA_OUTBOUND_TX: missing");
  });

  it("starts with the Baileys transport, answers its health check, and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--enable-source-maps", outfile], {
      env: {
        ...containerEnv(),
        WA_MODE: "baileys",
        WA_SESSION_NAME: `bundle-${randomBytes(4).toString("hex")}`,
        PORT: String(port),
        HOST: "127.0.0.1",
        AWS_REGION: "us-east-1",
        POWERTOOLS_LOG_LEVEL: "WARN",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    try {
      const health = await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`the bundle exited:\n${output}`);
          const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
          return response ? ((await response.json()) as { mode: string; healthy: boolean }) : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(health).toMatchObject({ mode: "baileys", healthy: true });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });
});
