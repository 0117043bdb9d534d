import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interrupt, kill, type Running } from "../../functions/test/runtime";
import { tamper } from "../../functions/test/tamper";
import { createStaff, HAS_CHROMIUM, openShop } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/einvoice/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Einvoice-test-${randomBytes(6).toString("hex")}` };
// A 1×1 PNG: the completion photo a repair needs before it can be marked ready.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: "en-GB" };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  locale: "en-GB",
  isMobile: true,
  hasTouch: true,
};

type User = { email: string; password: string };

describe.skipIf(!HAS_CHROMIUM)("e-invoices in the dashboard and on the buyer's receipt page", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-einvoice-browser-"));
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;
  let adminToken: string;
  let cashier: User;
  /** The repair's invoice, as the customer's status link shows it. */
  let invoice: { number: string; total: string; einvoice_request_url: string };

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    // Nothing about MyInvois is configured: no TIN, no certificate, no API credentials.
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN));
    cashier = await createCashier();
    invoice = await repairUntilReady();
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    if (runtime) await interrupt(runtime).catch(() => kill(runtime));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** A JSON call to the API, as the admin unless `asAdmin` is false; fails the test on any error status. */
  async function call<T>(method: string, route: string, body?: unknown, asAdmin = true): Promise<T> {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: {
        "content-type": "application/json",
        ...(asAdmin ? { authorization: `Bearer ${adminToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const createCashier = (): Promise<User> => createStaff(base, adminToken, "cashier");

  /**
   * A repair through the API up to READY, which issues its invoice: the customer's intake,
   * the estimate, the customer's approval and the completion photo. The invoice's e-invoice
   * request link is read from the customer's status view, as the receipt prints it.
   */
  async function repairUntilReady() {
    const form = await call<{ form: { version: number }; upload_session: string }>(
      "GET",
      "/api/public/intake",
      undefined,
      false,
    );
    const phone = `+6012${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const created = await call<{ ticket_number: string; status_url: string }>(
      "POST",
      "/api/public/intake",
      {
        form_version: form.form.version,
        language: "en",
        name: "Nurul Aina",
        phone,
        device: { category: "phone", brand: "Samsung", model: "Galaxy A54" },
        problem: "Cracked screen",
        terms_accepted: true,
        whatsapp_opt_in: false,
        upload_session: form.upload_session,
      },
      false,
    );
    const token = created.status_url.split("/s/")[1]!;
    const board = await call<{ columns: Record<string, { id: string; number: string }[]> }>(
      "GET",
      "/api/tickets/kanban",
    );
    const id = board.columns.NEW!.find((ticket) => ticket.number === created.ticket_number)!.id;
    await call("PATCH", `/api/tickets/${id}/estimate`, {
      price_estimate: "180.00",
      eta_ready_at: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await call("POST", `/api/tickets/${id}/approve`, {});
    const upload = await call<{ key: string; upload_url: string }>("POST", `/api/tickets/${id}/photos`, {
      content_type: "image/png",
      size: PNG.byteLength,
    });
    const put = await fetch(upload.upload_url, {
      method: "PUT",
      body: PNG,
      headers: { "content-type": "image/png" },
    });
    expect(put.status).toBe(200);
    await call("POST", `/api/tickets/${id}/ready`, { photos: [upload.key] });
    const view = await call<{
      invoice: { number: string; total: string; einvoice_request_url?: string } | null;
    }>("GET", `/api/public/tickets/${token}`, undefined, false);
    expect(view.invoice?.einvoice_request_url).toMatch(/\/e\/[\w-]{22}$/);
    return view.invoice as { number: string; total: string; einvoice_request_url: string };
  }

  /** Runs a test in a fresh browser context; on failure its page is saved as a screenshot. */
  async function inBrowser(
    name: string,
    options: BrowserContextOptions & { user?: User },
    run: (page: Page) => Promise<void>,
  ) {
    const { user, ...contextOptions } = options;
    const context = await browser.newContext({ timezoneId: "UTC", ...contextOptions });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    try {
      if (user) {
        await page.goto(`${base}/login`);
        await page.getByLabel("Email").fill(user.email);
        await page.getByLabel("Password").fill(user.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(`${base}/`);
      }
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
  const eventually = <T>(fn: () => Promise<T> | T, timeout = 15_000) =>
    expect.poll(fn, { timeout, interval: 100 });

  const requestPath = () => new URL(invoice.einvoice_request_url).pathname;
  const row = (page: Page) => page.locator(`[data-invoice="${invoice.number}"]`);

  async function openEinvoice(page: Page) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "e-Invoice" }).click();
    await page.waitForURL(`${base}/e-invoice`);
    await eventually(() => page.getByTestId("einvoice-readiness").count()).toBe(1);
  }

  it("shows the admin what is missing before e-invoices can be sent, and the repair's invoice", async () => {
    await inBrowser("readiness", { ...DESKTOP, user: ADMIN }, async (page) => {
      await openEinvoice(page);
      const readiness = page.getByTestId("einvoice-readiness");
      expect(await readiness.getAttribute("data-state")).toBe("not_ready");
      expect(await page.getByTestId("einvoice-readiness-state").textContent()).toBe("Not ready");
      const gaps = page.getByTestId("einvoice-gaps");
      for (const field of ["myinvois.tin", "myinvois.brn", "myinvois.certificate", "myinvois.client_id"])
        expect(await gaps.locator(`[data-gap="${field}"]`).count()).toBe(1);
      expect(await gaps.locator('[data-gap="myinvois.tin"]').textContent()).toBe("Enter the shop's TIN.");
      expect(
        await readiness.getByRole("link", { name: "Open Settings → MyInvois" }).getAttribute("href"),
      ).toBe("/settings#section-myinvois");

      await eventually(() => row(page).count()).toBe(1);
      expect(await row(page).getAttribute("data-einvoice-status")).toBe("not_requested");
      expect(await row(page).getByTestId("einvoice-status").textContent()).toBe("Not requested");
      expect(await row(page).textContent()).toContain("RM 180.00");
      await row(page)
        .getByRole("button", { name: `Show details of ${invoice.number}` })
        .click();
      expect(await page.getByTestId("einvoice-details").textContent()).toContain(
        "The buyer has not asked for an e-invoice",
      );
      expect(await page.getByRole("button", { name: "Consolidate a month" }).count()).toBe(1);
      await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard.png"), fullPage: true });
    });
  });

  it("shows a cashier the e-Invoice page, without the admin's consolidation", async () => {
    await inBrowser("cashier", { ...DESKTOP, user: cashier }, async (page) => {
      await openEinvoice(page);
      expect(await page.getByTestId("einvoice-readiness").textContent()).toContain(
        "Ask an admin to fill these in under Settings.",
      );
      await eventually(() => row(page).count()).toBe(1);
      expect(await page.getByRole("button", { name: "Consolidate a month" }).count()).toBe(0);
    });
  });

  it("shows the buyer the receipt and a form for their details on the link from the receipt", async () => {
    await inBrowser("public-form", PHONE, async (page) => {
      await page.goto(`${base}${requestPath()}`);
      expect(await page.getByTestId("einvoice-title").getAttribute("data-state")).toBe("open");
      expect(await page.getByTestId("receipt-number").textContent()).toBe(invoice.number);
      expect(await page.getByTestId("receipt-total").textContent()).toBe("RM 180.00");
      const form = page.getByTestId("einvoice-request");
      for (const label of ["Name", "ID type", "ID number", "Address", "City or town", "State"])
        expect(await form.getByLabel(label, { exact: true }).count()).toBe(1);
      expect(await form.getByText("Tax identification number (TIN)").textContent()).toContain("(optional)");
      const states = await form.getByLabel("State", { exact: true }).locator("option").allTextContents();
      expect(states).toHaveLength(17);
      expect(states).toContain("Selangor");
      await page.screenshot({ path: path.join(SCREENSHOTS, "public-form.png"), fullPage: true });

      // Checked in the page first: nothing is sent while a required answer is missing.
      await form.getByRole("button", { name: "Request my e-invoice" }).click();
      await eventually(() => page.getByTestId("einvoice-request-error").textContent()).toContain(
        "Please check the form",
      );
      expect(await form.locator('[data-issue="name"]').textContent()).toBe("Please fill this in.");

      // The language links need no JavaScript and keep the buyer on their receipt.
      await page.getByRole("link", { name: "BM Bahasa Melayu" }).click();
      await eventually(() => page.getByTestId("einvoice-title").textContent()).toBe(
        `E-invois untuk ${invoice.number}`,
      );
      expect(await page.getByTestId("einvoice-request").getByLabel("Nama", { exact: true }).count()).toBe(1);
      expect(await page.getByRole("button", { name: "Minta e-invois saya" }).count()).toBe(1);
    });
  });

  it("takes the buyer's details and says the e-invoice is requested", async () => {
    await inBrowser("public-request", PHONE, async (page) => {
      await page.goto(`${base}${requestPath()}`);
      const form = page.getByTestId("einvoice-request");
      await form.getByLabel("Name", { exact: true }).fill("Nurul Aina binti Ahmad");
      await form.getByLabel("ID type", { exact: true }).selectOption("NRIC");
      await form.getByLabel("ID number", { exact: true }).fill("900101-14-5678");
      await form.getByLabel(/^Email/).fill("nurul@example.test");
      await form.getByLabel("Address", { exact: true }).fill("12 Jalan Bukit Bintang");
      await form.getByLabel(/^Postcode/).fill("55100");
      await form.getByLabel("City or town", { exact: true }).fill("Kuala Lumpur");
      await form.getByLabel("State", { exact: true }).selectOption("14");
      await form.getByRole("button", { name: "Request my e-invoice" }).click();
      await eventually(() => page.getByTestId("einvoice-requested").textContent()).toContain(
        "Request received",
      );
      expect(await page.getByTestId("einvoice-request").count()).toBe(0);
    });
  });

  it("explains in the dashboard why the requested e-invoice could not go out", async () => {
    await inBrowser("buyer-sees-refusal", PHONE, async (page) => {
      // Refused because the shop's MyInvois details are missing (staff see "Rejected"): the
      // buyer is told it is the shop's to fix, never that it is on its way to LHDN.
      await eventually(async () => {
        await page.goto(`${base}${requestPath()}`);
        return page.getByTestId("einvoice-title").getAttribute("data-state");
      }, 60_000).toBe("needs_shop");
      expect(await page.getByTestId("einvoice-needs_shop").textContent()).toContain(
        "The shop needs to fix something first",
      );
      expect(await page.getByText(/sending your e-invoice to LHDN/).count()).toBe(0);
    });
    await inBrowser("refused", { ...DESKTOP, user: ADMIN }, async (page) => {
      await openEinvoice(page);
      await eventually(() => row(page).getAttribute("data-einvoice-status"), 60_000).toBe("invalid");
      expect(await row(page).getByTestId("einvoice-status").textContent()).toBe("Rejected");
      expect(await row(page).textContent()).toContain("Nurul Aina binti Ahmad");
      await row(page)
        .getByRole("button", { name: `Show details of ${invoice.number}` })
        .click();
      const details = page.getByTestId("einvoice-details");
      expect(await details.textContent()).toContain("Fix what is listed below");
      expect(await details.getByTestId("einvoice-reasons").locator("li").count()).toBeGreaterThan(0);

      await row(page)
        .getByRole("button", { name: `Actions for ${invoice.number}` })
        .click();
      const items = await page.getByRole("menuitem").allTextContents();
      expect(items).toContain("Correct buyer details");
      expect(items).toContain("Send again");
      await page.screenshot({ path: path.join(SCREENSHOTS, "refused.png"), fullPage: true });

      // Staff correct the buyer's details in the dialog: checked in the page, then sent.
      await page.getByRole("menuitem", { name: "Correct buyer details" }).click();
      const dialog = page.getByRole("dialog");
      await eventually(() => dialog.getByRole("heading").textContent()).toBe(
        `E-invoice for ${invoice.number}`,
      );
      expect(await dialog.getByLabel("Name", { exact: true }).inputValue()).toBe("Nurul Aina binti Ahmad");
      await dialog.getByLabel(/^Tax identification number/).fill("12345");
      await dialog.getByRole("button", { name: "Send to LHDN" }).click();
      await eventually(() => dialog.locator('[data-issue="tin"]').textContent()).toContain(
        "A TIN is one or two letters and 8 to 12 digits",
      );
      await dialog.getByLabel(/^Tax identification number/).fill("IG12345678090");
      await dialog.getByLabel("ID number", { exact: true }).fill("900101145678");
      await dialog.getByLabel("Address", { exact: true }).fill("12 Jalan Bukit Bintang");
      await dialog.getByLabel("City or town", { exact: true }).fill("Kuala Lumpur");
      await dialog.getByLabel("State", { exact: true }).selectOption("14");
      await dialog.getByRole("button", { name: "Send to LHDN" }).click();
      await eventually(() => page.locator("[data-toast=success] p").last().textContent()).toBe(
        `E-invoice for ${invoice.number} requested. LHDN's answer shows here in a minute or two.`,
      );
      expect(await page.getByRole("dialog").count()).toBe(0);
    });
  });

  it("shows a plain page for a link that is not valid, naming no shop", async () => {
    await inBrowser("invalid-link", PHONE, async (page) => {
      const token = requestPath().slice(requestPath().lastIndexOf("/") + 1);
      await page.goto(`${base}${requestPath().replace(token, tamper(token))}`);
      expect(await page.getByTestId("link-invalid").textContent()).toContain("This link does not work");
      expect(await page.getByTestId("receipt").count()).toBe(0);
      expect(await page.locator("header").textContent()).not.toContain(invoice.number);
      await page.goto(`${base}/e/not-a-token`);
      expect(await page.getByTestId("link-invalid").textContent()).toContain("This link does not work");
    });
  });
});
