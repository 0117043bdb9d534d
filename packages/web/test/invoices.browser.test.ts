import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interrupt, kill, type Running } from "../../functions/test/runtime";
import { fromSen, toSen } from "../app/(app)/pos/cart";
import { apiLogin, createStaff, HAS_CHROMIUM, openShop } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/invoices/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Invoices-test-${randomBytes(6).toString("hex")}` };

type User = { email: string; password: string };
type Invoice = {
  id: string;
  number: string;
  payable: string;
  original_invoice_id: string | null;
  refunds: { id: string; number: string; total: string }[];
  lines: { id: string; description: string; qty: string }[];
};
type Shift = { id: string; expected_cash: string; cash_refunded: string; variance: string | null };

describe.skipIf(!HAS_CHROMIUM)("the invoices page and the cash drawer", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-invoices-browser-"));
  const glass = { sku: "TG-A55", name: "Tempered glass Galaxy A55", price: "25.00" };
  const cable = { sku: "CBL-C-2M", name: "USB-C cable 2 m", price: "19.90" };
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;
  let adminToken: string;
  let cashier: User;
  let cashierToken: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN));
    cashier = await createStaff(base, adminToken, "cashier");
    cashierToken = await apiLogin(base, cashier);
    for (const p of [glass, cable])
      ids[p.sku] = (
        await call<{ product: { id: string } }>(adminToken, "POST", "/api/products", {
          ...p,
          initial_stock: 5,
        })
      ).product.id;
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    if (runtime) await interrupt(runtime).catch(() => kill(runtime));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** A JSON call to the API; fails the test on any error status. */
  async function call<T>(token: string, method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const stockOf = async (sku: string) =>
    (
      await call<{ products: { sku: string; stock_qty: number }[] }>(
        adminToken,
        "GET",
        `/api/products?q=${sku}`,
      )
    ).products.find((p) => p.sku === sku)!.stock_qty;

  /** Pages answer after their API calls: waits up to 15 s (expect.poll's own default is 1 s). */
  const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

  /** A browser signed in as `user` at `route`; on failure its page is saved as a screenshot. */
  async function signedIn(user: User, route: string, name: string, run: (page: Page) => Promise<void>) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "en-GB",
      timezoneId: "Asia/Kuala_Lumpur",
    });
    // Two shared cores: a page's first load can take a while under the other test files' builds.
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/login`);
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(user.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${base}/`, { waitUntil: "commit" });
      await page.goto(`${base}${route}`);
      await run(page);
    } catch (error) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  }

  it("opens a drawer, refunds a line of a cash sale with restock, and closes the drawer with a variance", async () => {
    // The cashier opens the drawer with a RM 100 float on the counter.
    await signedIn(cashier, "/pos", "open-drawer", async (page) => {
      const bar = page.getByTestId("shift-bar");
      await eventually(() => bar.getAttribute("data-shift")).toBe("none");
      await page.getByLabel("Float (RM)").fill("100.00");
      await page.getByRole("button", { name: "Open drawer" }).click();
      await eventually(() => bar.getAttribute("data-shift")).toBe("open");
      expect(await page.getByTestId("shift-open").textContent()).toContain("float RM 100.00");
    });
    const opened = (await call<{ shift: Shift | null }>(cashierToken, "GET", "/api/shifts/current")).shift;
    expect(opened).not.toBeNull();

    // A cash sale of both items at the counter (through the API).
    const sale = await call<Invoice>(cashierToken, "POST", "/api/checkout", {
      items: [
        { product_id: ids[glass.sku], qty: 1 },
        { product_id: ids[cable.sku], qty: 2 },
      ],
      payments: [{ method: "cash", amount: "100.00" }],
      idempotency_key: crypto.randomUUID(),
    });
    expect(await stockOf(cable.sku)).toBe(3);

    // The owner finds it on the invoices page and refunds one cable, back on the shelf.
    let noteNumber = "";
    await signedIn(ADMIN, "/invoices", "refund", async (page) => {
      await page.getByLabel("Search by number").fill(sale.number);
      await page.getByRole("button", { name: sale.number, exact: true }).click();
      const detail = page.getByTestId("invoice-detail");
      await eventually(() => detail.getAttribute("data-number")).toBe(sale.number);
      expect(await page.getByTestId("invoice-status").textContent()).toBe("Paid");

      await page.getByRole("button", { name: "Refund", exact: true }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel(`Quantity of ${cable.name} to refund`).fill("1");
      await dialog.getByLabel("Reason").fill("Cable does not charge");
      await dialog.getByRole("button", { name: "Refund", exact: true }).click();

      // The refund note opens: its number, the cable, and the way back to the original.
      await eventually(() => detail.getAttribute("data-number")).not.toBe(sale.number);
      noteNumber = (await detail.getAttribute("data-number"))!;
      expect(await detail.getByText("Refund note", { exact: true }).count()).toBeGreaterThan(0);
      expect(await page.getByTestId("invoice-lines").textContent()).toContain(cable.name);
      await page.screenshot({ path: path.join(SCREENSHOTS, "refund-note.png"), fullPage: true });

      await page.getByRole("button", { name: "Open the original" }).click();
      await eventually(() => detail.getAttribute("data-number")).toBe(sale.number);
      await eventually(() => page.getByTestId("refunds").textContent()).toContain(noteNumber);
    });
    const original = await call<Invoice>(adminToken, "GET", `/api/invoices/${sale.id}`);
    expect(original.refunds.map((r) => r.number)).toEqual([noteNumber]);
    expect(await stockOf(cable.sku)).toBe(4);

    // The cashier counts RM 1.00 short and closes the drawer: the report shows the variance.
    const running = (await call<{ shift: Shift }>(cashierToken, "GET", "/api/shifts/current")).shift;
    expect(running.cash_refunded).not.toBe("0.00");
    const counted = fromSen(toSen(running.expected_cash)! - 100n);
    await signedIn(cashier, "/pos", "close-drawer", async (page) => {
      const bar = page.getByTestId("shift-bar");
      await eventually(() => bar.getAttribute("data-shift")).toBe("open");
      await page.getByRole("button", { name: "Close drawer" }).click();
      await page.getByLabel("Counted cash (RM)").fill(counted);
      await page.getByRole("button", { name: "Close with this count" }).click();
      const report = page.getByTestId("shift-report");
      await eventually(() => page.getByTestId("variance").textContent()).toBe("RM -1.00");
      expect(await report.getByTestId("expected").textContent()).toBe(`RM ${running.expected_cash}`);
      expect(await report.getByTestId("counted").textContent()).toBe(`RM ${counted}`);
      expect(await bar.getAttribute("data-shift")).toBe("none");
      await page.screenshot({ path: path.join(SCREENSHOTS, "shift-report.png"), fullPage: true });
    });
    const closed = await call<Shift>(adminToken, "GET", `/api/shifts/${running.id}`);
    expect(closed.variance).toBe("-1.00");
  }, 300_000);
});
