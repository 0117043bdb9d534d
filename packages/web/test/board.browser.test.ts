import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interrupt, kill, type Running } from "../../functions/test/runtime";
import { HAS_CHROMIUM, openShop } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/board/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Board-test-${randomBytes(6).toString("hex")}` };
const TICKETS = 100;
const VIEWPORT = { width: 1280, height: 900 };

describe.skipIf(!HAS_CHROMIUM)("a board with a hundred new tickets", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-board-browser-"));
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    // Loopback is the trusted proxy here, so each batch of intakes comes "from" its own address,
    // as a hundred customers would, under the per-address limit.
    ({ runtime, base, browser } = await openShop(dataDir, ADMIN, { TRUSTED_PROXIES: "127.0.0.1" }));
    for (let i = 0; i < TICKETS; i++) await intake(i);
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    if (runtime) await interrupt(runtime).catch(() => kill(runtime));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function intake(i: number) {
    const from = { "x-forwarded-for": `203.0.113.${1 + Math.floor(i / 10)}` };
    const form = (await (await fetch(`${base}/api/public/intake`, { headers: from })).json()) as {
      form: { version: number };
      upload_session: string;
    };
    const response = await fetch(`${base}/api/public/intake`, {
      method: "POST",
      headers: { "content-type": "application/json", ...from },
      body: JSON.stringify({
        form_version: form.form.version,
        language: "en",
        name: `Customer ${i}`,
        phone: `+6012${String(3_000_000 + i).padStart(7, "0")}`,
        device: { category: "phone", brand: "Samsung", model: `Galaxy A${i}` },
        problem: "Cracked screen",
        terms_accepted: true,
        whatsapp_opt_in: false,
        upload_session: form.upload_session,
      }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
  }

  const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });
  const column = (page: Page, status: string) => page.locator(`[data-column="${status}"]`);
  const cards = (page: Page, status: string) => column(page, status).getByTestId("ticket-card");

  async function onBoard(name: string, run: (page: Page) => Promise<void>) {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: "en-GB", timezoneId: "UTC" });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/login`);
      await page.getByLabel("Email").fill(ADMIN.email);
      await page.getByLabel("Password").fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${base}/`);
      await page.goto(`${base}/tickets`);
      await eventually(() => cards(page, "NEW").count()).toBe(20);
      await run(page);
    } catch (error) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  }

  it("shows the first 20 cards of the column with its count, within the screen, and more on demand", async () => {
    await onBoard("paged", async (page) => {
      expect(await column(page, "NEW").getByTestId("column-count").textContent()).toBe(String(TICKETS));
      const box = (await column(page, "NEW").boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(VIEWPORT.height);
      const scrollHeight = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(scrollHeight).toBeLessThan(VIEWPORT.height * 1.5);
      const age = cards(page, "NEW").first().getByTestId("ticket-age");
      expect(await age.locator('[aria-hidden="true"]').textContent()).toMatch(/^\d+ (min|h|d)$/);
      expect(await age.getAttribute("title")).toMatch(/^Opened .+, \d+ (minutes|hours|days) ago$/);

      await column(page, "NEW").getByRole("button", { name: "Show 20 more" }).click();
      await eventually(() => cards(page, "NEW").count()).toBe(40);
      expect(await column(page, "NEW").textContent()).toContain(`40 of ${TICKETS}`);
      const after = (await column(page, "NEW").boundingBox())!;
      expect(after.y + after.height).toBeLessThanOrEqual(VIEWPORT.height);
    });
  });

  it("shows why a drop was refused where the user is looking", async () => {
    await onBoard("refused", async (page) => {
      await column(page, "NEW").getByRole("button", { name: "Show 20 more" }).click();
      await eventually(() => cards(page, "NEW").count()).toBe(40);
      // The last card loaded: the column has scrolled inside itself to reach it.
      const card = cards(page, "NEW").last();
      await card.scrollIntoViewIfNeeded();
      const grip = (await card.getByTestId("drag-handle").boundingBox())!;
      const target = (await column(page, "READY").boundingBox())!;
      await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
      await page.mouse.down();
      await page.mouse.move(grip.x + grip.width / 2 + 20, grip.y + grip.height / 2 + 10, { steps: 5 });
      await page.mouse.move(target.x + target.width / 2, target.y + 80, { steps: 15 });
      await page.mouse.up();

      const refused = page.getByTestId("move-refused");
      await eventually(() => refused.textContent()).toContain("cannot move to Ready");
      const box = (await refused.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(VIEWPORT.height);
      expect(await cards(page, "NEW").count()).toBe(40);
    });
  });
});
