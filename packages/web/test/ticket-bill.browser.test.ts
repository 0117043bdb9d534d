import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interrupt, kill, type Running } from "../../functions/test/runtime";
import { apiLogin, createStaff, HAS_CHROMIUM, openShop } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/ticket-bill/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Bill-test-${randomBytes(6).toString("hex")}` };
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const SCREEN = { sku: "SCR-A54", name: "Galaxy A54 screen", price: "120.00" };

type User = { email: string; password: string };
type Invoice = {
  status: string;
  total: string;
  amount_paid: string;
  payments: { method: string; amount: string; tendered: string | null; change: string | null }[];
};

describe.skipIf(!HAS_CHROMIUM)("a repair's bill on the ticket page", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-bill-browser-"));
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;
  let adminToken: string;
  let tech: User;
  let cashier: User;
  let ticketId: string;
  let productId: string;

  async function call<T>(method: string, route: string, body?: unknown, token = adminToken): Promise<T> {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** A repair request on the public intake form, estimated at RM 250.00 and approved by the customer. */
  async function approvedTicket() {
    const form = (await (await fetch(`${base}/api/public/intake`)).json()) as {
      form: { version: number };
      upload_session: string;
    };
    const created = await fetch(`${base}/api/public/intake`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        form_version: form.form.version,
        language: "en",
        name: "Aminah Yusof",
        phone: `+6013${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
        device: { category: "phone", brand: "Samsung", model: "Galaxy A54" },
        problem: "Cracked screen",
        terms_accepted: true,
        whatsapp_opt_in: false,
        upload_session: form.upload_session,
      }),
    });
    expect(created.status).toBe(201);
    const { ticket_number } = (await created.json()) as { ticket_number: string };
    const { tickets } = await call<{ tickets: { id: string }[] }>(
      "GET",
      `/api/tickets/search?q=${ticket_number}`,
    );
    const id = tickets[0]!.id;
    await call("PATCH", `/api/tickets/${id}/estimate`, {
      price_estimate: "250.00",
      eta_ready_at: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await call("POST", `/api/tickets/${id}/approve`, {});
    return id;
  }

  const stock = async () =>
    (await call<{ product: { stock_qty: number } }>("GET", `/api/products/${productId}`)).product.stock_qty;

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN));
    tech = await createStaff(base, adminToken, "tech");
    cashier = await createStaff(base, adminToken, "cashier");
    productId = (
      await call<{ product: { id: string } }>("POST", "/api/products", {
        ...SCREEN,
        kind: "part",
        initial_stock: 3,
      })
    ).product.id;
    ticketId = await approvedTicket();
    // The drawer is open: the cash taken at pickup counts in its shift.
    await call("POST", "/api/shifts", { opening_float: "100.00" }, await apiLogin(base, cashier));
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    if (runtime) await interrupt(runtime).catch(() => kill(runtime));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** The ticket page in a fresh context signed in as `user`; on failure the page is saved as a screenshot. */
  async function onTicket(user: User, name: string, run: (page: Page) => Promise<void>) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/login`);
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(user.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${base}/`);
      await page.goto(`${base}/tickets/${ticketId}`);
      await page.getByTestId("parts").waitFor();
      await run(page);
    } catch (error) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  }

  const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

  it("lets the technician take a part from stock, and says so when there is not enough", async () => {
    await onTicket(tech, "parts", async (page) => {
      const parts = page.getByTestId("parts");
      await parts.getByLabel("Find a part").fill("A54 scr");
      await parts.locator(`[data-product="${SCREEN.sku}"]`).click();
      await parts.getByLabel("Quantity").fill("9");
      await parts.getByTestId("add-part").click();
      await eventually(() => parts.getByTestId("stock-problem").textContent()).toContain(
        `Only 3 of ${SCREEN.name} (${SCREEN.sku}) left; 9 asked for.`,
      );
      expect(await stock()).toBe(3);

      await parts.getByLabel("Quantity").fill("1");
      await parts.getByTestId("add-part").click();
      await eventually(() => parts.locator(`[data-part="${SCREEN.sku}"]`).count()).toBe(1);
      expect(await parts.locator(`[data-part="${SCREEN.sku}"]`).textContent()).toContain("1 × RM 120.00");
      expect(await stock()).toBe(2);
    });
  });

  it("takes a deposit at the counter and shows what is left on the estimate", async () => {
    await onTicket(cashier, "deposit", async (page) => {
      // The counter sees the parts but cannot change them.
      expect(await page.getByTestId("add-part").count()).toBe(0);
      const deposits = page.getByTestId("deposits");
      await deposits.getByTestId("take-deposit").click();
      await deposits.getByLabel("Amount (RM)").fill("50.00");
      await deposits.getByTestId("deposit-submit").click();
      await eventually(() => deposits.locator('[data-deposit="cash"]').count()).toBe(1);
      expect(await deposits.locator('[data-deposit="cash"]').textContent()).toContain("RM 50.00");
      expect(await deposits.getByTestId("estimate-left").textContent()).toContain("RM 200.00");
    });
  });

  it("marks the repair ready, after which the parts are billed and read-only", async () => {
    await onTicket(tech, "ready", async (page) => {
      await page.locator('button[data-step="ready"]').click();
      const dialog = page.getByRole("dialog");
      await dialog
        .getByTestId("photo-input")
        .setInputFiles({ name: "done.png", mimeType: "image/png", buffer: PNG });
      await eventually(() => dialog.locator('[data-photo-state="done"]').count()).toBe(1);
      await dialog.getByRole("button", { name: "Mark ready" }).click();
      await eventually(() => page.getByTestId("amount-due").textContent()).toBe("RM 200.00");
      expect(await page.getByTestId("add-part").count()).toBe(0);
      expect(await page.getByRole("button", { name: "Return unused" }).count()).toBe(0);
      expect(await page.getByTestId("invoice").textContent()).toContain(SCREEN.name);
    });
  });

  it("closes the ticket at pickup with card and cash, giving change, and the invoice is paid", async () => {
    await onTicket(cashier, "pickup", async (page) => {
      await page.getByRole("button", { name: "Pickup and payment" }).click();
      const dialog = page.getByRole("dialog");
      expect(await dialog.getByTestId("remaining").textContent()).toBe("RM 200.00");
      await dialog.getByRole("button", { name: "Add Card" }).click();
      await dialog.getByLabel("Card amount").fill("150.00");
      await dialog.getByLabel("Cash amount").fill("60.00");
      await eventually(() => dialog.getByTestId("change").textContent()).toBe("RM 10.00");
      await dialog.getByRole("button", { name: "Take payment and close" }).click();

      await eventually(() => page.locator("h1 ~ [data-status]").first().textContent()).toBe("Closed");
      expect(await page.locator('[data-testid="invoice"] [data-invoice-status]').textContent()).toBe("Paid");
      expect(await page.getByTestId("amount-due").textContent()).toBe("Nothing");
      const timeline = page.getByTestId("timeline");
      expect(await timeline.locator('[data-event="PART_USED"]').textContent()).toContain(
        `Part used: 1 × ${SCREEN.name}`,
      );
      expect(await timeline.locator('[data-event="PAYMENT"]').textContent()).toContain(
        "Deposit RM 50.00 by Cash",
      );
      expect(await timeline.locator('[data-event="PICKED_UP"]').textContent()).toContain(
        "paid RM 60.00 by Cash + RM 150.00 by Card",
      );
      await page.screenshot({ path: path.join(SCREENSHOTS, "closed.png"), fullPage: true });
    });

    const view = await call<{ invoice: { id: string } }>("GET", `/api/tickets/${ticketId}`);
    const invoice = await call<Invoice>("GET", `/api/invoices/${view.invoice.id}`);
    expect(invoice).toMatchObject({ status: "paid", total: "250.00", amount_paid: "250.00" });
    expect(invoice.payments.map((p) => [p.method, p.amount, p.tendered, p.change]).sort()).toEqual([
      ["card", "150.00", null, null],
      ["cash", "50.00", "50.00", "0.00"],
      ["cash", "50.00", "60.00", "10.00"],
    ]);
    // The part left the shelf once, when it was used: not again when billed or paid.
    expect(await stock()).toBe(2);
  });
});
