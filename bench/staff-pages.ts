/**
 * Staff pages' time to content in a real browser: the product started as `npm start` runs it
 * (production build of the dashboard) on a PostgreSQL database seeded like bench/api.ts
 * (10,000 tickets, 300 open), Debian's chromium through playwright-core, signed in as an admin.
 * For each page: "first" (the first load after the product started: the server loads the
 * route's code), "cold" (a new browser profile: nothing cached) and "warm" (the same tab
 * again, its static files cached). Time to content is from navigation start to the page's
 * own content being visible (a ticket card, the ticket's number, a customer row, the shop
 * settings form), read from the page's clock. Each page's cold waterfall is printed too.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Browser, chromium, type Page } from "playwright-core";
import { createDb } from "../packages/core/src/db/index";
import { migrate } from "../packages/core/src/db/migrate";
import {
  freePort,
  healthy,
  interrupt,
  kill,
  type Running,
  startProduct,
} from "../packages/functions/test/runtime";
import { seed } from "./api";

export const CONTENT_MAX_MS = 1000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ADMIN = { email: "bench-pages@example.test", password: "bench-kopi-o-kosong-tiga-gelas" };

/** Chromium's own accounting of a cold load (CDP Performance.getMetrics), in ms of CPU on the page's thread. */
export type Work = { task: number; script: number; layout: number; style: number };
export type PageFigures = {
  page: string;
  first: number;
  cold: number;
  warm: number;
  waterfall: Waterfall;
  work: Work;
};
export type Waterfall = { name: string; start: number; end: number }[];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Navigates and returns ms from navigation start until `selector` is visible. */
async function timeToContent(page: Page, url: string, selector: string): Promise<number> {
  await page.goto(url, { waitUntil: "commit" });
  await page.locator(selector).first().waitFor({ state: "visible", timeout: 60_000 });
  return page.evaluate(() => performance.now());
}

/** What the page fetched and when, relative to navigation start: HTML, scripts, API calls. */
async function waterfall(page: Page): Promise<Waterfall> {
  // The bench is typed for Node (no DOM library): the browser's entries are described here.
  type Entry = {
    name: string;
    initiatorType?: string;
    startTime: number;
    responseEnd: number;
    transferSize: number;
  };
  type Timeline = { getEntriesByType(type: string): Entry[] };
  return page.evaluate(() => {
    const timeline = (globalThis as unknown as { performance: Timeline }).performance;
    const [nav] = timeline.getEntriesByType("navigation");
    const rows = timeline
      .getEntriesByType("resource")
      .filter((r) => r.initiatorType === "script" || r.name.includes("/api/") || r.name.endsWith(".css"))
      .map((r) => ({
        name: `${new URL(r.name).pathname.replace(/^\/_next\/static\//, "…/")} (${Math.round(r.transferSize / 1024)} KB)`,
        start: Math.round(r.startTime),
        end: Math.round(r.responseEnd),
      }));
    return [
      { name: "HTML", start: 0, end: Math.round(nav?.responseEnd ?? 0) },
      ...rows.sort((a, b) => a.start - b.start),
    ];
  });
}

export async function measureStaffPages(options: {
  baseUrl: string;
  runs: number;
  log: (line: string) => void;
}): Promise<{ pages: PageFigures[]; boardToTicket: number }> {
  const name = `wapos_bench_pages_${Date.now()}`;
  const server = new pg.Client({ connectionString: options.baseUrl });
  await server.connect();
  await server.query(`create database ${name}`);
  const url = new URL(options.baseUrl);
  url.pathname = `/${name}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-bench-pages-"));
  let running: Running | undefined;
  let browser: Browser | undefined;
  try {
    options.log("seeding 10,000 tickets for the staff pages");
    const handle = await createDb({ driver: "pg", url: url.href });
    await migrate(handle);
    await handle.close();
    await seed(url.href);
    running = startProduct({
      port: await freePort(),
      dataDir,
      env: { DATABASE_URL: url.href, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    });
    await healthy(running, 600_000);
    const base = running.base;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
      ],
    });
    const login = await browser.newContext();
    const signedIn = await login.request.post(`${base}/api/auth/login`, { data: ADMIN });
    if (!signedIn.ok()) throw new Error(`login: ${signedIn.status()} ${await signedIn.text()}`);
    const session = await login.storageState();
    const board = (await (await login.request.get(`${base}/api/tickets/kanban`)).json()) as {
      columns: Record<string, { id: string }[]>;
    };
    const ticketId = Object.values(board.columns).flat()[0]?.id;
    if (!ticketId) throw new Error("the seeded board has no ticket");
    await login.close();

    const pages = [
      { page: "board", path: "/tickets", selector: '[data-testid="ticket-card"]' },
      { page: "ticket", path: `/tickets/${ticketId}`, selector: '[data-testid="ticket-number"]' },
      { page: "customers", path: "/customers", selector: "tr[data-customer]" },
      { page: "settings", path: "/settings", selector: 'form[data-section="shop"] input' },
    ];
    const figures: PageFigures[] = [];
    for (const spec of pages) {
      options.log(`timing ${spec.page}`);
      const cold: number[] = [];
      const warm: number[] = [];
      let first = 0;
      let lastCold: Waterfall = [];
      let work: Work = { task: 0, script: 0, layout: 0, style: 0 };
      for (let i = 0; i < options.runs; i++) {
        const context = await browser.newContext({
          storageState: session,
          viewport: { width: 1366, height: 800 },
        });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send("Performance.enable");
        const coldMs = await timeToContent(page, `${base}${spec.path}`, spec.selector);
        if (i === options.runs - 1) {
          const { metrics } = await cdp.send("Performance.getMetrics");
          const ms = (name: string) => Math.round((metrics.find((m) => m.name === name)?.value ?? 0) * 1000);
          work = {
            task: ms("TaskDuration"),
            script: ms("ScriptDuration"),
            layout: ms("LayoutDuration"),
            style: ms("RecalcStyleDuration"),
          };
        }
        if (i === 0) first = coldMs;
        else cold.push(coldMs);
        if (i === options.runs - 1) lastCold = await waterfall(page);
        warm.push(await timeToContent(page, `${base}${spec.path}`, spec.selector));
        await context.close();
      }
      figures.push({
        page: spec.page,
        first,
        cold: median(cold.length ? cold : [first]),
        warm: median(warm),
        waterfall: lastCold,
        work,
      });
      options.log(
        `  cold runs ${cold.map(Math.round).join(", ")}; warm runs ${warm.map(Math.round).join(", ")}`,
      );
    }
    // What staff do all day: from the board into a ticket and back, inside the app (no page load).
    options.log("timing board → ticket inside the app");
    const context = await browser.newContext({
      storageState: session,
      viewport: { width: 1366, height: 800 },
    });
    const page = await context.newPage();
    await timeToContent(page, `${base}/tickets`, '[data-testid="ticket-card"]');
    const inApp: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const before = await page.evaluate(() => performance.now());
      await page.locator('[data-testid="ticket-card"] a[href^="/tickets/"]').first().click();
      await page.locator('[data-testid="ticket-number"]').waitFor({ state: "visible", timeout: 60_000 });
      inApp.push((await page.evaluate(() => performance.now())) - before);
      await page.goBack();
      await page
        .locator('[data-testid="ticket-card"]')
        .first()
        .waitFor({ state: "visible", timeout: 60_000 });
    }
    await context.close();
    return { pages: figures, boardToTicket: median(inApp) };
  } finally {
    await browser?.close();
    if (running) await interrupt(running).catch(() => kill(running));
    fs.rmSync(dataDir, { recursive: true, force: true });
    await server.query(`drop database if exists ${name} with (force)`);
    await server.end();
  }
}

export function printStaffPages(
  result: { pages: PageFigures[]; boardToTicket: number },
  log: (line: string) => void,
) {
  log("");
  log(`Staff pages, time to content in chromium (10,000 tickets; target ≤ ${CONTENT_MAX_MS} ms)`);
  log("page        first ms   cold ms   warm ms");
  for (const row of result.pages) {
    const mark = (ms: number) => `${Math.round(ms)}${ms <= CONTENT_MAX_MS ? "" : "!"}`.padStart(8);
    log(`${row.page.padEnd(10)}${mark(row.first)}  ${mark(row.cold)}  ${mark(row.warm)}`);
  }
  log(`board → ticket, clicked inside the app: ${Math.round(result.boardToTicket)} ms`);
  for (const row of result.pages) {
    log("");
    const { task, script, layout, style } = row.work;
    log(
      `${row.page}, cold (last run): main thread busy ${task} ms (script ${script}, layout ${layout}, style ${style}); fetched (ms from navigation start):`,
    );
    for (const step of row.waterfall)
      log(`  ${String(step.start).padStart(5)} → ${String(step.end).padStart(5)}  ${step.name}`);
    // A preload (lib/preload.ts) whose path differs from the view's request costs a second one.
    const api = row.waterfall
      .filter((step) => step.name.startsWith("/api/"))
      .map((step) => step.name.split(" ")[0]);
    for (const twice of new Set(api.filter((name, i) => api.indexOf(name) !== i)))
      log(`  NOTE ${twice} was fetched twice: does its preload match the view's first request?`);
  }
}

// `npx tsx bench/staff-pages.ts [--runs N]`: this measurement alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const i = args.indexOf("--runs");
  const runs = i >= 0 ? Number(args[i + 1]) : 5;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const result = await measureStaffPages({
    baseUrl: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    runs,
    log,
  });
  printStaffPages(result, log);
}
