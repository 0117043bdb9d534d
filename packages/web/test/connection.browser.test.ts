import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interrupt, kill, type Running } from "../../functions/test/runtime";
import { createStaff, HAS_CHROMIUM, openShop } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/connection/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Connection-test-${randomBytes(6).toString("hex")}` };

type User = { email: string; password: string };

describe.skipIf(!HAS_CHROMIUM)("the WhatsApp connection in the dashboard", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-connection-browser-"));
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;
  let adminToken: string;
  let tech: User;

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN));
    tech = await createStaff(base, adminToken, "tech");
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    if (runtime) await interrupt(runtime).catch(() => kill(runtime));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** Runs a test in a fresh browser context signed in as `user`; on failure its page is saved as a screenshot. */
  async function as(user: User, name: string, run: (page: Page) => Promise<void>) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "en-GB",
      timezoneId: "UTC",
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
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  }

  /** Pages answer after their API calls: waits up to 15 s (expect.poll's own default is 1 s). */
  const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

  const state = (page: Page) => page.getByTestId("connection-status").getAttribute("data-state");
  const banner = (page: Page) => page.getByTestId("whatsapp-banner");

  /**
   * The home page once the shell's banner has its answer (admins read the connection, others the
   * status), so that no banner means a connected session rather than one not asked yet.
   */
  async function home(page: Page, path: "/whatsapp/connection" | "/whatsapp/status") {
    // Listening from the new document's commit: an answer still on its way to the page before
    // (the home page signing in lands on) would be read after that page is gone.
    await page.goto(`${base}/`, { waitUntil: "commit" });
    const response = await page.waitForResponse((response) => response.url().endsWith(`/api${path}`));
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { state: string; alert: string | null };
    await page
      .locator('[data-testid="whatsapp-banner"], [data-testid="whatsapp-banner-none"]')
      .first()
      .waitFor({ state: "attached" });
    return body;
  }

  it("shows the admin a connected session under WhatsApp → Connection, and no banner", async () => {
    await as(ADMIN, "connected", async (page) => {
      expect(await home(page, "/whatsapp/connection")).toMatchObject({ state: "open", alert: null });
      expect(await banner(page).count()).toBe(0);
      await page.getByRole("link", { name: "Connection", exact: true }).first().click();
      await page.waitForURL(`${base}/whatsapp/connection`);
      await eventually(() => state(page)).toBe("open");
      expect(await page.getByTestId("connection-state-label").textContent()).toBe("Connected");
      expect(await page.getByTestId("linked-phone").textContent()).toMatch(/^\+\d{8,15}$/);
      expect(await page.getByTestId("qr").count()).toBe(0);
    });
  });

  it("unlinks after a confirmation, then shows the QR with how to scan it", async () => {
    await as(ADMIN, "unlink", async (page) => {
      await page.goto(`${base}/whatsapp/connection`);
      await eventually(() => state(page)).toBe("open");
      await page.getByRole("button", { name: "Unlink and re-pair" }).click();
      const dialog = page.getByRole("dialog");
      await eventually(() => dialog.getByRole("heading").textContent()).toBe(
        "Unlink the shop's WhatsApp number?",
      );
      await dialog.getByRole("button", { name: "Unlink", exact: true }).click();

      await eventually(() => state(page)).toBe("needs_pairing");
      const qr = page.getByTestId("qr-image");
      await eventually(() =>
        qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      ).toBe(true);
      expect(await qr.getAttribute("alt")).toBe("QR code to link the shop's WhatsApp number");
      expect(await page.getByTestId("qr").textContent()).toContain("Linked devices");
      expect(await page.getByTestId("qr").textContent()).toContain("Link a device");
      expect(await page.getByTestId("connection-state-label").textContent()).toBe("Waiting to be linked");
      await page.screenshot({ path: path.join(SCREENSHOTS, "needs-pairing.png"), fullPage: true });
    });
  });

  it("warns every page of the dashboard while unlinked: admins with a link, others to tell an admin", async () => {
    await as(ADMIN, "banner-admin", async (page) => {
      await home(page, "/whatsapp/connection");
      await eventually(() => banner(page).getAttribute("data-state")).toBe("needs_pairing");
      expect(await banner(page).textContent()).toContain("WhatsApp is not connected");
      await banner(page).getByRole("link", { name: "Open the Connection page" }).click();
      await page.waitForURL(`${base}/whatsapp/connection`);
      // The page says it all, live; the banner stays off it.
      await eventually(() => state(page)).toBe("needs_pairing");
      expect(await banner(page).count()).toBe(0);
    });
    await as(tech, "banner-tech", async (page) => {
      await home(page, "/whatsapp/status");
      await eventually(() => banner(page).getAttribute("data-state")).toBe("needs_pairing");
      expect(await banner(page).textContent()).toContain("The shop's number has to be linked again.");
      expect(await banner(page).getByRole("link").count()).toBe(0);
    });
  });

  it("shows a pairing code, big, for the shop's number typed the local way", async () => {
    await as(ADMIN, "pairing-code", async (page) => {
      await page.goto(`${base}/whatsapp/connection`);
      await eventually(() => state(page)).toBe("needs_pairing");
      await page.getByLabel("The shop's WhatsApp number").fill("12345");
      await page.getByRole("button", { name: "Get pairing code" }).click();
      await eventually(() => page.locator('[data-issue="phone"]').count()).toBe(1);

      await page.getByLabel("The shop's WhatsApp number").fill("012-345 6789");
      await page.getByRole("button", { name: "Get pairing code" }).click();
      const code = page.getByTestId("pairing-code");
      await eventually(() => code.getAttribute("data-code")).toMatch(/^[A-Z0-9]{8}$/);
      const shown = (await code.textContent()) ?? "";
      expect(shown.replace("-", "")).toBe(await code.getAttribute("data-code"));
      await page.screenshot({ path: path.join(SCREENSHOTS, "pairing-code.png"), fullPage: true });
    });
  });

  it("is connected again once the shop's phone links, and the banner is gone", async () => {
    // The simulated phone scans the QR (dev endpoint; exists only with the simulated transport).
    const linked = await fetch(`${base}/api/dev/wa/link`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: "{}",
    });
    expect(linked.ok).toBe(true);
    await as(ADMIN, "relinked", async (page) => {
      await page.goto(`${base}/whatsapp/connection`);
      await eventually(() => state(page)).toBe("open");
      expect(await page.getByTestId("qr").count()).toBe(0);
      expect(await page.getByTestId("pairing").count()).toBe(0);
      expect(await home(page, "/whatsapp/connection")).toMatchObject({ state: "open", alert: null });
      expect(await banner(page).count()).toBe(0);
    });
  });
});
