import { spawn } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { waitFor } from "./wait";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Test settings a real start must not inherit: it makes its own database, keys and endpoints. */
const NOT_INHERITED = [
  "DATABASE_URL",
  "NODE_ENV",
  "POWERTOOLS_LOG_LEVEL",
  "WA_SESSION_NAME",
  "AUTH_SECRET",
  "SETTINGS_KEY",
  "SKIP_WEB",
];

export type Running = { child: ReturnType<typeof spawn>; port: number; base: string; output: () => string };

/**
 * Starts the product exactly as a newcomer does: `npm start` (or the command it runs), no
 * DATABASE_URL, so PGlite under `dataDir`, with `env` added (ADMIN_EMAIL, SKIP_WEB, ...).
 */
export function startProduct(options: {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
  viaNpm?: boolean;
}): Running {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of NOT_INHERITED) delete env[name];
  for (const name of Object.keys(env))
    if (name.startsWith("AWS_") || name.startsWith("QUEUE_URL_")) delete env[name];
  Object.assign(env, { PORT: String(options.port), DATA_DIR: options.dataDir, ...options.env });
  const [command, args] = options.viaNpm
    ? ["npm", ["start"]]
    : [process.execPath, ["--import", "tsx", "packages/functions/src/local/main.ts"]];
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return { child, port: options.port, base: `http://127.0.0.1:${options.port}`, output: () => output };
}

/** Waits for /api/health to answer 200; fails with what the product printed. */
export async function healthy(running: Running, timeoutMs = 120_000) {
  return waitFor(
    async () => {
      if (running.child.exitCode !== null) throw new Error("the product exited");
      const response = await fetch(`${running.base}/api/health`).catch(() => undefined);
      return response?.status === 200
        ? ((await response.json()) as { components: Record<string, { status: string }> })
        : undefined;
    },
    { timeoutMs, intervalMs: 500 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${running.output()}`);
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * Ctrl-C as a terminal sends it: to the whole process group (npm itself may die of it). What
 * counts is that the product finished its shutdown and freed the port.
 */
export async function interrupt(running: Running) {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  const exited = new Promise((resolve) => running.child.once("exit", resolve));
  process.kill(-running.child.pid!, "SIGINT");
  await exited;
  await waitFor(async () => running.output().includes("stopped cleanly"), { timeoutMs: 20_000 }).catch(
    (error) => {
      throw new Error(`${error.message}; the product said:\n${running.output()}`);
    },
  );
  await waitFor(() => portIsFree(running.port), { timeoutMs: 20_000 });
}

/** For afterAll: whatever state a failed test left, no process stays behind. */
export function kill(running: Running | undefined) {
  if (running && running.child.exitCode === null && running.child.signalCode === null)
    process.kill(-running.child.pid!, "SIGKILL");
}
