import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interrupt, kill, type Running } from "../../functions/test/runtime";
import { HAS_CHROMIUM, openShop } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/stock/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Stock-test-${randomBytes(6).toString("hex")}` };

describe.skipIf(!HAS_CHROMIUM)("the stock page", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-stock-browser-"));
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    ({ runtime, base, browser } = await openShop(dataDir, ADMIN));
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    if (runtime) await interrupt(runtime).catch(() => kill(runtime));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** Runs `run` signed in as the admin; on failure the page is saved as a screenshot. */
  async function asAdmin(name: string, run: (page: Page) => Promise<void>) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "en-GB",
      timezoneId: "UTC",
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/login`);
      await page.getByLabel("Email").fill(ADMIN.email);
      await page.getByLabel("Password").fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${base}/`);
      await run(page);
    } catch (error) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  }

  it("adds a product in the form, records a purchase and shows the stock on hand and in the ledger", async () => {
    await asAdmin("purchase", async (page) => {
      await page.goto(`${base}/stock`);
      await page.getByRole("button", { name: "Add product" }).click();
      const form = page.getByRole("dialog");
      await form.getByLabel("SKU", { exact: true }).fill("GLASS-IP15");
      await form.getByLabel("Name", { exact: true }).fill("Tempered glass iPhone 15");
      await form.getByLabel("Price (RM)").fill("25.00");
      await form.getByLabel("Cost (RM)").fill("6.50");
      await form.getByLabel("Reorder level").fill("5");
      await form.getByRole("button", { name: "Save" }).click();

      // Saving opens the product: nothing on hand yet.
      const detail = page.getByTestId("product-detail");
      await expect.poll(() => detail.getByTestId("detail-stock").textContent()).toBe("0");
      await detail.getByRole("button", { name: "Record stock" }).click();
      const record = page.getByRole("dialog", { name: /Record stock for/ });
      await record.getByLabel("Quantity", { exact: true }).fill("12");
      await record.getByLabel("Unit cost (RM)").fill("6.50");
      await record.getByLabel("Note").fill("Supplier invoice 881");
      await record.getByRole("button", { name: "Record", exact: true }).click();

      await expect
        .poll(() => detail.getByTestId("detail-stock").textContent(), { timeout: 15_000 })
        .toBe("12");
      await expect
        .poll(() => detail.getByTestId("ledger").textContent(), { timeout: 15_000 })
        .toMatch(/\+12\s*Purchase\s*Supplier invoice 881/);
      await page.keyboard.press("Escape");
      const row = page.locator('[data-sku="GLASS-IP15"]');
      await expect.poll(() => row.getByTestId("on-hand").textContent(), { timeout: 15_000 }).toBe("12");
    });
  });
});
