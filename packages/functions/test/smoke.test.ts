import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { randomPhone, waitFor } from "./harness";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const ADMIN = { email: "owner@example.test", password: "correct horse battery staple 42" };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `npm start` exactly as a newcomer runs it: no DATABASE_URL, so PGlite under DATA_DIR. */
function start(port: number, dataDir: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  };
  for (const name of ["DATABASE_URL", "NODE_ENV", "POWERTOOLS_LOG_LEVEL", "WA_SESSION_NAME"])
    delete env[name];
  for (const name of Object.keys(env))
    if (name.startsWith("AWS_") || name.startsWith("QUEUE_URL_")) delete env[name];
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

/**
 * Ctrl-C as a terminal sends it: to the whole process group. npm itself dies of the signal,
 * so what counts is that the runtime under it finished its shutdown and freed the port.
 */
async function interrupt(running: ReturnType<typeof start>, port: number) {
  const exited = new Promise((resolve) => running.child.once("exit", resolve));
  process.kill(-running.child.pid!, "SIGINT");
  await exited;
  await waitFor(async () => running.output().includes("stopped cleanly"), { timeoutMs: 20_000 }).catch(
    (error) => {
      throw new Error(`${error.message}; the runtime said:\n${running.output()}`);
    },
  );
  await waitFor(() => portIsFree(port), { timeoutMs: 20_000 });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Logs in as the first admin made from ADMIN_EMAIL / ADMIN_PASSWORD; returns the bearer header. */
async function login(base: string) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  expect(response.status).toBe(200);
  const { access_token } = (await response.json()) as { access_token: string };
  return { authorization: `Bearer ${access_token}` };
}

type Health = { status: string; components: Record<string, { status: string }> };

async function healthy(base: string) {
  return waitFor(
    async () => {
      const response = await fetch(`${base}/api/health`).catch(() => undefined);
      if (response?.status !== 200) return undefined;
      return (await response.json()) as Health;
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
}

describe("npm start on the embedded defaults", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-smoke-"));
  let running: ReturnType<typeof start> | undefined;
  afterAll(async () => {
    if (running?.child.exitCode === null && running.child.signalCode === null)
      process.kill(-running.child.pid!, "SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers /api/health with every component ok, serves the dashboard, stops on Ctrl-C and keeps data", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const phone = randomPhone();

    running = start(port, dataDir);
    const report = await healthy(base).catch((error) => {
      throw new Error(`${error.message}\n${running!.output()}`);
    });
    expect(Object.values(report.components).map((c) => c.status)).toEqual(["ok", "ok", "ok", "ok"]);
    expect((await fetch(base)).status).toBeLessThan(500);
    const auth = await login(base);

    const sent = await fetch(`${base}/api/dev/wa/outbound`, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth },
      body: JSON.stringify({ to: phone, text: "Ticket T-1001 received" }),
    });
    expect(sent.status).toBe(202);
    const chat = `${base}/api/dev/wa/messages?phone=${encodeURIComponent(phone)}`;
    await waitFor(async () => {
      const body = (await (await fetch(chat, { headers: auth })).json()) as {
        messages: { status: string }[];
      };
      return body.messages[0]?.status === "read";
    });

    await interrupt(running, port);

    running = start(port, dataDir);
    await healthy(base);
    // The same admin, the same keys (DATA_DIR/keys.json): the old token is still good.
    const after = (await (await fetch(chat, { headers: auth })).json()) as { messages: { text: string }[] };
    expect(after.messages.map((m) => m.text)).toEqual(["Ticket T-1001 received"]);
    await interrupt(running, port);
  }, 300_000);
});
