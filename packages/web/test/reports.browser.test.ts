import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interrupt, kill, type Running } from "../../functions/test/runtime";
import { createStaff, HAS_CHROMIUM, openShop } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/reports/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Reports-test-${randomBytes(6).toString("hex")}` };

type User = { email: string; password: string };

describe.skipIf(!HAS_CHROMIUM)("the sales report in the dashboard", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-reports-browser-"));
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;
  let adminToken: string;
  let cashier: User;
  let sold: { number: string; total: string }[];

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN));
    cashier = await createStaff(base, adminToken, "cashier");
    const { product } = await call<{ product: { id: string } }>("POST", "/api/products", {
      sku: "CHG-20W",
      name: "Charger 20W",
      price: "15.00",
      initial_stock: 10,
    });
    sold = [];
    for (const qty of [2, 1])
      sold.push(
        await call("POST", "/api/checkout", {
          items: [{ product_id: product.id, qty }],
          payments: [{ method: "card", amount: (15 * qty).toFixed(2) }],
          idempotency_key: crypto.randomUUID(),
        }),
      );
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    if (runtime) await interrupt(runtime).catch(() => kill(runtime));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Runs a test signed in as `user` in a fresh browser context; on failure its page is saved. */
  async function inBrowser(name: string, user: User, run: (page: Page) => Promise<void>) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "en-GB",
      timezoneId: "UTC",
      acceptDownloads: true,
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/login`);
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(user.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${base}/`);
      await run(page);
    } catch (error) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  }

  const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

  it("shows the owner today's sales on the home page, the report's figures, and downloads its CSV", async () => {
    await inBrowser("owner", ADMIN, async (page) => {
      const today = page.locator('[data-kpi="sales"] [data-window="today"]');
      await eventually(() => today.textContent()).toContain("RM 45.00");

      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
      await page.waitForURL(`${base}/reports`);
      const figure = (key: string) => page.locator(`[data-figure="${key}"] dd`).first();
      await eventually(() => figure("sales").textContent()).toBe("RM 45.00");
      expect(await figure("invoice_count").textContent()).toBe("2");
      // The charger has no cost: no margin rather than a margin of 0.00.
      expect(await figure("margin").textContent()).toBe("—");
      expect(await page.getByRole("button", { name: "7 days" }).getAttribute("aria-pressed")).toBe("true");
      expect(await page.getByTestId("day-chart").locator("rect").count()).toBe(7);

      await page.getByRole("button", { name: "Today" }).click();
      await eventually(() => page.getByTestId("day-chart").locator("rect").count()).toBe(1);
      expect(await figure("sales").textContent()).toBe("RM 45.00");
      expect(await page.getByTestId("report").textContent()).toContain("Charger 20W (CHG-20W)");

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("download-csv").click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^sales_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = fs.readFileSync((await download.path())!, "utf8");
      for (const sale of sold) expect(csv).toContain(`${sale.number},invoice,`);
      await page.screenshot({ path: path.join(SCREENSHOTS, "reports.png"), fullPage: true });
    });
  });

  it("shows a cashier no sales on the home page and no report", async () => {
    await inBrowser("cashier", cashier, async (page) => {
      await eventually(() => page.locator('[data-kpi="new"]').count()).toBe(1);
      expect(await page.locator('[data-kpi="sales"]').count()).toBe(0);
      await page.goto(`${base}/reports`);
      await eventually(() => page.getByTestId("no-access").count()).toBe(1);
      expect(await page.getByTestId("report").count()).toBe(0);
    });
  });
});
