import { spawn } from "node:child_process";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { log } from "@wapos/core/log";
import { envForChild } from "../env/local";

export const WEB_DIR = fileURLToPath(new URL("../../../web", import.meta.url));

// next, react and react-dom live in packages/web's own node_modules (the root has sst's React 18),
// so they are loaded from there.
const requireFromWeb = createRequire(path.join(WEB_DIR, "package.json"));

/** Everything under packages/web is a source of the build except these. */
const NOT_SOURCES = new Set([
  "node_modules",
  ".next",
  "test",
  "scripts",
  "next-env.d.ts",
  "tsconfig.tsbuildinfo",
]);

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (NOT_SOURCES.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when there is no production build, or a source file is newer than it. */
export function needsBuild(): boolean {
  const buildId = path.join(WEB_DIR, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return newestSourceTime(WEB_DIR) > built;
}

export function buildWeb(): Promise<void> {
  const bin = requireFromWeb.resolve("next/dist/bin/next");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "build"], {
      cwd: WEB_DIR,
      env: { ...envForChild(), NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`)),
    );
  });
}

type NextServer = {
  prepare(): Promise<void>;
  getRequestHandler(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  close(): Promise<void>;
};

/** Serves the dashboard from this process (a production build, made first when missing or stale). */
export async function startNext(options: { hostname: string; port: number }) {
  if (needsBuild()) {
    log.info("building the dashboard (next build); this happens once after a change to packages/web");
    await buildWeb();
  }
  const createNext = requireFromWeb("next") as (options: Record<string, unknown>) => NextServer;
  const app = createNext({
    dev: false,
    dir: WEB_DIR,
    hostname: options.hostname,
    port: options.port,
    quiet: true,
  });
  await app.prepare();
  return { handle: app.getRequestHandler(), close: () => app.close() };
}
