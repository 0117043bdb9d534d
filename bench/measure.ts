import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { EXAMPLE_DEPLOYED_ENV } from "../packages/functions/src/env/example";

/**
 * Children get a bare environment: no NODE_OPTIONS (so nothing of tsx is preloaded), only the
 * placeholder variables a deployed Lambda is given (each handler checks its environment at
 * init and refuses to start without them). Nothing in them reaches a real service.
 */
const CHILD_ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...EXAMPLE_DEPLOYED_ENV };
const TIMEOUT_MS = 30_000;

export type Command = string[];

/** Each child prints the CPU time it used (user + system, all threads) just before it exits. */
const PRINT_CPU = "process.stdout.write(JSON.stringify(process.cpuUsage()));";

export const BARE: Command = ["-e", PRINT_CPU];

export function importCommand(file: string): Command {
  return [
    "--input-type=module",
    "-e",
    `await import(${JSON.stringify(pathToFileURL(file).href)});${PRINT_CPU}`,
  ];
}

/**
 * Imports the bundle and hands its handler one API Gateway (HTTP API, payload 2.0) request
 * without credentials, as a cold Lambda's first invocation: the route group the path belongs to
 * loads and answers before any database (401, or 404 for a link that cannot be), then the
 * child prints its CPU time. A 5xx fails the run.
 */
export function firstRequestCommand(file: string, request: string): Command {
  const [method, rawPath] = request.split(" ");
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: "",
    headers: { host: "api.example" },
    isBase64Encoded: false,
    requestContext: { http: { method, path: rawPath, sourceIp: "203.0.113.9" }, stage: "$default" },
  };
  return [
    "--input-type=module",
    "-e",
    `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
     const answer = await handler(${JSON.stringify(event)}, {});
     if (answer.statusCode >= 500) throw new Error(answer.statusCode + " " + answer.body);
     ${PRINT_CPU}`,
  ];
}

/**
 * One fresh `node` process: its wall time, spawn to exit, and the CPU time it used, in ms.
 * CPU time barely moves when other processes compete for the cores; wall time does.
 * Throws if the child fails.
 */
export function time(args: Command): { wall: number; cpu: number } {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, {
    env: CHILD_ENV,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: TIMEOUT_MS,
  });
  const wall = performance.now() - start;
  if (child.error) throw child.error;
  if (child.status !== 0)
    throw new Error(`exit ${child.status ?? child.signal}: ${child.stderr.toString().trim()}`);
  const { user, system } = JSON.parse(child.stdout.toString()) as { user: number; system: number };
  return { wall, cpu: (user + system) / 1000 };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type ImportCheck = { ok: boolean; handler: string; connects: string[]; error?: string };

/**
 * Imports the bundle once, untimed, with the placeholder env and with net.Socket#connect trapped, then
 * waits 200 ms for anything the import started: reports whether `handler` is exported, any
 * network connection attempted, and the error if the import threw.
 */
export function checkImport(file: string): ImportCheck {
  const script = `
    import net from "node:net";
    const connects = [];
    net.Socket.prototype.connect = function (...args) {
      connects.push(JSON.stringify(args[0]) ?? String(args[0]));
      this.destroy();
      return this;
    };
    const m = await import(${JSON.stringify(pathToFileURL(file).href)});
    await new Promise((resolve) => setTimeout(resolve, 200));
    console.log(JSON.stringify({ ok: true, handler: typeof m.handler, connects }));
    process.exit(0);
  `;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: CHILD_ENV,
    encoding: "utf8",
    timeout: TIMEOUT_MS,
  });
  const last = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status === 0 && last.startsWith("{")) return JSON.parse(last) as ImportCheck;
  const error = (child.stderr || child.error?.message || `exit ${child.status}`).trim().split("\n");
  return { ok: false, handler: "?", connects: [], error: error.slice(0, 6).join("\n") };
}
