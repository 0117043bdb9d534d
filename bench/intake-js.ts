/**
 * First-load JavaScript of the public intake page, as a phone downloads it: the product is
 * started (building the dashboard if stale), /intake is fetched like a browser would, and
 * every script it loads is counted gzipped: each `<script src>` (not `nomodule`, which modern
 * browsers skip) and the inline scripts. A React page (/login) is measured alike for scale.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import {
  freePort,
  healthy,
  interrupt,
  kill,
  type Running,
  startProduct,
} from "../packages/functions/test/runtime";

/** The budget for /intake, in KB of 1024 bytes, gzipped. */
export const INTAKE_MAX_KB = 120;

export type PageJs = {
  path: string;
  scripts: { src: string; bytes: number; gzipBytes: number }[];
  inlineBytes: number;
  inlineGzipBytes: number;
  /** External and inline scripts together, gzipped, in KB. */
  gzipKb: number;
};

const gzipped = (body: Buffer | string) => gzipSync(body).byteLength;

export async function measurePageJs(base: string, page: string): Promise<PageJs> {
  const response = await fetch(`${base}${page}`, { headers: { "accept-language": "en" } });
  if (!response.ok) throw new Error(`GET ${page}: ${response.status}`);
  const html = await response.text();
  const tags = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  const sources = new Set<string>();
  let inline = "";
  for (const [, attributes = "", body = ""] of tags) {
    if (/\bnomodule\b/i.test(attributes)) continue;
    const src = /\bsrc="([^"]+)"/i.exec(attributes)?.[1];
    if (src) sources.add(src.replaceAll("&amp;", "&"));
    else if (!/type="application\/(ld\+)?json"/i.test(attributes)) inline += body;
  }
  const scripts = await Promise.all(
    [...sources].map(async (src) => {
      const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
      return { src, bytes: body.byteLength, gzipBytes: gzipped(body) };
    }),
  );
  const inlineGzipBytes = inline ? gzipped(inline) : 0;
  const total = scripts.reduce((sum, s) => sum + s.gzipBytes, 0) + inlineGzipBytes;
  return {
    path: page,
    scripts,
    inlineBytes: Buffer.byteLength(inline),
    inlineGzipBytes,
    gzipKb: total / 1024,
  };
}

/**
 * Measures /intake (and /login for comparison) on a running product at `base`, or on one
 * started here with a throw-away data directory and stopped afterwards.
 */
export async function measureIntakeJs(options: { base?: string } = {}) {
  let running: Running | undefined;
  let dataDir: string | undefined;
  let base = options.base;
  try {
    if (!base) {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-bench-intake-"));
      running = startProduct({ port: await freePort(), dataDir });
      await healthy(running, 600_000);
      base = running.base;
    }
    const intake = await measurePageJs(base, "/intake");
    const reactPage = await measurePageJs(base, "/login");
    return { intake, reactPage, maxKb: INTAKE_MAX_KB, pass: intake.gzipKb <= INTAKE_MAX_KB };
  } finally {
    if (running) await interrupt(running).catch(() => kill(running));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export type IntakeJs = Awaited<ReturnType<typeof measureIntakeJs>>;

export function printIntakeJs(result: IntakeJs) {
  const { intake, reactPage } = result;
  console.log(
    `\nIntake page first-load JavaScript: ${intake.gzipKb.toFixed(1)} KB gzipped (target ≤ ${result.maxKb} KB) ${result.pass ? "PASS" : "FAIL"}`,
  );
  console.log(
    `  ${intake.scripts.length} script files, inline ${(intake.inlineBytes / 1024).toFixed(1)} KB (${(intake.inlineGzipBytes / 1024).toFixed(1)} KB gzipped)`,
  );
  for (const s of intake.scripts) console.log(`  ${s.src}: ${(s.gzipBytes / 1024).toFixed(1)} KB gzipped`);
  console.log(
    `  For scale, a React page of the dashboard (${reactPage.path}): ${reactPage.gzipKb.toFixed(1)} KB gzipped in ${reactPage.scripts.length} files`,
  );
  console.log(
    "  Measured on the served HTML: every <script src> it loads (not nomodule) plus inline scripts, gzip level 6.",
  );
}
