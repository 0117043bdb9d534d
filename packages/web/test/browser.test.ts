import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interrupt, kill, type Running } from "../../functions/test/runtime";
import { CHROMIUM, createStaff, HAS_CHROMIUM, openShop } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Browser-test-${randomBytes(6).toString("hex")}` };

if (!HAS_CHROMIUM)
  console.warn(
    `Skipping the browser tests: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`,
  );

describe.skipIf(!HAS_CHROMIUM)("the dashboard in a browser", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-browser-"));
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;
  let adminToken: string;

  beforeAll(async () => {
    // Only this run's pictures: the two of the shell, and one per failed test.
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN));
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    if (runtime) await interrupt(runtime).catch(() => kill(runtime));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  // Each settled account costs a login, and the shop has 20 per 15 minutes from one address.
  const createUser = (role: "admin" | "tech" | "cashier", options: { temporary?: boolean } = {}) =>
    createStaff(base, adminToken, role, options);

  /** Runs a test in a fresh browser context; on failure its page is saved as a screenshot. */
  async function inBrowser(
    name: string,
    run: (page: Page, context: BrowserContext) => Promise<void>,
    options: { colorScheme?: "light" | "dark" } = {},
  ) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: options.colorScheme ?? "light",
      locale: "en-GB",
      timezoneId: "UTC",
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    try {
      await run(page, context);
    } catch (error) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  }

  async function logIn(page: Page, email: string, password: string) {
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  async function expectDashboard(page: Page) {
    await page.waitForURL(`${base}/`);
    await expect.poll(() => page.getByTestId("current-user").first().isVisible()).toBe(true);
  }

  it("logs in and lands on the dashboard with live health", async () => {
    await inBrowser("logs-in", async (page) => {
      await page.goto(`${base}/settings`);
      await page.waitForURL(/\/login\?next=%2Fsettings$/);
      await page.getByLabel("Email").fill(ADMIN.email);
      await page.getByLabel("Password").fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${base}/settings`);
      await page.getByRole("link", { name: "Dashboard" }).click();
      await page.waitForURL(`${base}/`);
      await expect.poll(() => page.locator('[data-component="database"]').textContent()).toContain("OK");
      expect(await page.getByTestId("current-user").textContent()).toContain("Admin");
      expect(await page.getByRole("link", { name: "Dashboard" }).getAttribute("aria-current")).toBe("page");
    });
  });

  it("says 'Wrong email or password' for a wrong password", async () => {
    const user = await createUser("tech", { temporary: true });
    await inBrowser("wrong-password", async (page) => {
      await logIn(page, user.email, "not-the-password-at-all");
      const error = page.getByTestId("login-error");
      await expect.poll(() => error.textContent()).toBe("Wrong email or password.");
      expect(await error.getAttribute("role")).toBe("alert");
      expect(page.url()).toContain("/login");
    });
  });

  it("answers a locked account like a wrong password; admins see the lock on the Users page", async () => {
    const user = await createUser("tech", { temporary: true });
    await inBrowser("lockout", async (page) => {
      await page.goto(`${base}/login`);
      const error = page.getByTestId("login-error");
      const attempt = async (password: string) => {
        await page.getByLabel("Email").fill(user.email);
        await page.getByLabel("Password").fill(password);
        await Promise.all([
          page.waitForResponse((response) => response.url().endsWith("/api/auth/login")),
          page.getByRole("button", { name: "Sign in" }).click(),
        ]);
        await expect.poll(() => page.getByRole("button", { name: "Sign in" }).isEnabled()).toBe(true);
        return error.textContent();
      };
      for (let i = 1; i <= 5; i++)
        expect(await attempt(`wrong-password-${i}`)).toBe("Wrong email or password.");
      expect(await attempt(user.password)).toBe("Wrong email or password.");
      expect(page.url()).toContain("/login");
    });

    // The admin's session from setup, as its cookie: one login fewer against the address's limit.
    await inBrowser("lockout-admin", async (page, context) => {
      await context.addCookies([{ name: "wapos_session", value: adminToken, url: base }]);
      await page.goto(`${base}/users`);
      const row = page.locator(`tr[data-user="${user.email}"]`);
      await expect.poll(() => row.textContent()).toContain("Locked until");
    });
  }, 90_000);

  it("shows a cashier only the cashier's modules, and no access to settings", async () => {
    const cashier = await createUser("cashier");
    await inBrowser("cashier-navigation", async (page) => {
      await logIn(page, cashier.email, cashier.password);
      await expectDashboard(page);
      const nav = page.getByRole("navigation", { name: "Main" });
      const links = (await nav.getByRole("link").allTextContents()).map((text) => text.trim());
      expect(links).toEqual([
        "Dashboard",
        "POS",
        "Service / Tickets",
        "Appointments",
        "CRM",
        "Inbox",
        "Invoices",
        "Quotes",
        "e-Invoice",
        "Updates",
      ]);
      for (const hidden of ["Settings", "Users", "Audit log"])
        expect(await page.getByRole("link", { name: hidden }).count()).toBe(0);

      await page.goto(`${base}/settings`);
      await expect.poll(() => page.getByTestId("no-access").textContent()).toContain("You don't have access");
      expect(await page.locator("form[data-section]").count()).toBe(0);
    });
  });

  it("saves settings per section, and a secret is never shown back", async () => {
    const secret = `sk-browser-${randomBytes(12).toString("hex")}-Q7zX`;
    const shopName = `Kedai Baiki ${randomBytes(3).toString("hex")}`;
    await inBrowser("settings-round-trip", async (page) => {
      await logIn(page, ADMIN.email, ADMIN.password);
      await expectDashboard(page);
      await page.goto(`${base}/settings`);

      const shop = page.locator('form[data-section="shop"]');
      await shop.getByLabel("Shop name").fill(shopName);
      await shop.getByRole("button", { name: "Save" }).click();
      await expect
        .poll(() => page.locator("[data-toast=success] p").last().textContent())
        .toBe("Shop profile saved.");

      // The backup is not built: its section says so and offers nothing to save. The assistant's
      // OpenAI section is built and saves like any other.
      const backup = page.locator('form[data-section="backup"]');
      expect(await backup.locator("[data-not-built]").textContent()).toContain(
        "The daily backup is not built yet.",
      );
      expect(await backup.getByRole("button", { name: "Save" }).count()).toBe(0);
      const openai = page.locator('form[data-section="openai"]');
      expect(await openai.locator("[data-not-built]").count()).toBe(0);
      expect(await openai.getByRole("button", { name: "Save" }).count()).toBe(1);

      const myinvois = page.locator('form[data-section="myinvois"]');
      await myinvois.getByRole("button", { name: /^(Set|Replace) Client secret$/ }).click();
      const input = myinvois.getByLabel("Client secret", { exact: true });
      expect(await input.inputValue()).toBe("");
      expect(await input.getAttribute("type")).toBe("password");
      expect(await input.getAttribute("autocomplete")).toBe("off");
      await input.fill(secret);
      await myinvois.getByRole("button", { name: "Save" }).click();
      await expect
        .poll(() => page.locator("[data-toast=success] p").last().textContent())
        .toBe("MyInvois (e-Invoice) saved.");

      const templates = page.locator('form[data-section="whatsapp_templates"]');
      await templates.getByLabel("Repair received — English").fill("Hi {not_a_placeholder}");
      await templates.getByRole("button", { name: "Save" }).click();
      await expect
        .poll(() => templates.locator('[data-issue="whatsapp_templates.ack.en"]').textContent())
        .toContain("not_a_placeholder");

      await page.reload();
      await expect
        .poll(() => page.locator('form[data-section="shop"]').getByLabel("Shop name").inputValue())
        .toBe(shopName);
      const status = page.locator(
        'form[data-section="myinvois"] [data-field="myinvois.client_secret"] [data-secret-status]',
      );
      expect((await status.textContent())?.trim()).toBe("set · ••••Q7zX");
      expect(await page.content()).not.toContain(secret);
      expect(await (await page.request.get(`${base}/settings`)).text()).not.toContain(secret);
      expect(await (await page.request.get(`${base}/api/settings`)).text()).not.toContain(secret);
    });
  });

  it("uploads a shop logo straight to storage and shows it after saving", async () => {
    // A 1×1 PNG, so the browser can really decode what comes back from storage.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    await inBrowser("shop-logo", async (page) => {
      await logIn(page, ADMIN.email, ADMIN.password);
      await expectDashboard(page);
      await page.goto(`${base}/settings`);
      const shop = page.locator('form[data-section="shop"]');
      await shop
        .locator('input[type="file"]')
        .setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png });
      await expect.poll(() => shop.locator("img[data-logo]").count()).toBe(1);
      await shop.getByRole("button", { name: "Save" }).click();
      await expect
        .poll(() => page.locator("[data-toast=success] p").last().textContent())
        .toBe("Shop profile saved.");

      await page.reload();
      const logo = page.locator('form[data-section="shop"] img[data-logo]');
      // The image comes from the storage server: give it the time other page loads get.
      await expect
        .poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
          timeout: 15_000,
        })
        .toBe(1);
    });
  });

  it("takes a user with a temporary password to choose their own, then on to where they were going", async () => {
    const user = await createUser("tech", { temporary: true });
    const chosen = `Kopi-peng-${randomBytes(4).toString("hex")}`;
    await inBrowser("first-password", async (page) => {
      await page.goto(`${base}/tickets`);
      await page.waitForURL(/\/login\?next=%2Ftickets$/);
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(user.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${base}/account?next=%2Ftickets`);
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent())
        .toBe("Choose your own password");
      expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);

      // Any other page leads back here until it is done.
      await page.goto(`${base}/customers`);
      await page.waitForURL(`${base}/account?next=%2Fcustomers`);

      await page.getByLabel("Temporary password").fill(user.password);
      await page.getByLabel("New password", { exact: true }).fill("1qaz2wsx3edc");
      await page.getByLabel("New password again").fill("1qaz2wsx3edc");
      await page.getByRole("button", { name: "Save and continue" }).click();
      await expect
        .poll(() => page.locator("#new-password-error").textContent())
        .toContain("Do not use keys next to each other on the keyboard.");

      await page.getByLabel("New password", { exact: true }).fill(chosen);
      await page.getByLabel("New password again").fill(chosen);
      await page.getByRole("button", { name: "Save and continue" }).click();
      await page.waitForURL(`${base}/customers`);
      await expect.poll(() => page.getByRole("navigation", { name: "Main" }).isVisible()).toBe(true);
    });
  }, 90_000);

  it("lets a user change their password from their account page", async () => {
    const user = await createUser("tech");
    const chosen = `Teh-o-ais-${randomBytes(4).toString("hex")}`;
    await inBrowser("change-password", async (page) => {
      await logIn(page, user.email, user.password);
      await expectDashboard(page);
      await page.getByTestId("current-user").first().click();
      await page.waitForURL(`${base}/account`);
      await page.getByLabel("Current password").fill(user.password);
      await page.getByLabel("New password", { exact: true }).fill(chosen);
      await page.getByLabel("New password again").fill(chosen);
      await page.getByRole("button", { name: "Change password" }).click();
      await expect
        .poll(() => page.locator("[data-toast=success] p").last().textContent())
        .toBe("Password changed.");
      // Still signed in here: the fresh session replaced the old one.
      await page.goto(`${base}/`);
      await expect.poll(() => page.getByTestId("current-user").first().isVisible()).toBe(true);
    });
  }, 90_000);

  it("switches the language to Bahasa Melayu", async () => {
    await inBrowser("language-switch", async (page, context) => {
      await logIn(page, ADMIN.email, ADMIN.password);
      await expectDashboard(page);
      await page.getByRole("button", { name: "Language" }).click();
      await page.getByRole("menuitemradio", { name: "Bahasa Melayu" }).click();
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Papan pemuka");
      expect(await page.locator("html").getAttribute("lang")).toBe("ms");
      expect(await page.getByRole("button", { name: "Log keluar" }).count()).toBe(1);
      expect(
        await page.getByRole("navigation", { name: "Utama" }).getByRole("link", { name: "Tetapan" }).count(),
      ).toBe(1);
      expect((await context.cookies()).find((c) => c.name === "locale")?.value).toBe("ms");

      await page.goto(`${base}/settings`);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Tetapan");
    });
  });

  it("switches to dark mode, and saves the shell's light and dark screenshots", async () => {
    await inBrowser("dark-mode", async (page) => {
      await logIn(page, ADMIN.email, ADMIN.password);
      await expectDashboard(page);
      await expect.poll(() => page.locator('[data-component="whatsapp_gateway"]').count()).toBe(1);
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const light = await background();
      expect(await page.locator("html").getAttribute("class")).not.toContain("dark");
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-light.png") });

      await page.getByRole("button", { name: "Theme" }).click();
      await page.getByRole("menuitemradio", { name: "Dark" }).click();
      await expect.poll(() => page.locator("html").getAttribute("class")).toContain("dark");
      await expect.poll(background).not.toBe(light);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-dark.png") });

      await page.reload();
      await expect.poll(() => page.locator("html").getAttribute("class")).toContain("dark");
    });
  });
});
