import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interrupt, kill, type Running } from "../../functions/test/runtime";
import { createStaff, HAS_CHROMIUM, openShop } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/pos/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Counter-test-${randomBytes(6).toString("hex")}` };
/** CSS pixels per millimetre (96 per inch). */
const PX_PER_MM = 96 / 25.4;

type User = { email: string; password: string };
type Invoice = {
  id: string;
  number: string;
  total: string;
  payable: string;
  change_given: string;
  discount_given: string;
  lines: { description: string; qty: string }[];
  payments: { method: string; amount: string; tendered: string | null }[];
};

describe.skipIf(!HAS_CHROMIUM)("the counter screen and its receipt", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-pos-browser-"));
  const glass = {
    sku: "TG-IP15PM",
    barcode: "9555000123457",
    // Long on purpose: a receipt wraps it instead of cutting it off.
    name: "Tempered glass screen protector iPhone 15 Pro Max, full cover 9H anti-fingerprint",
    price: "35.00",
  };
  const cable = { sku: "CBL-USBC-1M", name: "USB-C cable 1 m", price: "15.90" };
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;
  let adminToken: string;
  let cashier: User;

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN));
    cashier = await createStaff(base, adminToken, "cashier");
    const { settings } = await call<{ settings: Record<string, Record<string, unknown>> }>(
      "GET",
      "/api/settings",
    );
    await call("PUT", "/api/settings", {
      shop: {
        ...settings.shop,
        name: "Kedai Baiki Telefon Ali",
        address: "12, Jalan SS 2/24",
        postcode: "47300",
        city: "Petaling Jaya",
        phone: "+60378881234",
      },
      pos: {
        ...settings.pos,
        cashier_max_discount_percent: "10",
        cash_rounding: true,
        receipt_width: "80mm",
        receipt_footer: "Thank you! Goods sold are returnable within 7 days with this receipt.",
      },
    });
    await call("POST", "/api/products", { ...glass, initial_stock: 5 });
    await call("POST", "/api/products", { ...cable, initial_stock: 10 });
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    if (runtime) await interrupt(runtime).catch(() => kill(runtime));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** A JSON call to the API as the admin; fails the test on any error status. */
  async function call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** What the API says is left of a product. */
  const stockOf = async (sku: string) =>
    (
      await call<{ products: { sku: string; stock_qty: number }[] }>("GET", `/api/products?q=${sku}`)
    ).products.find((p) => p.sku === sku)!.stock_qty;

  const invoices = async () =>
    (await call<{ invoices: Invoice[] }>("GET", "/api/invoices?limit=100")).invoices;

  /** Pages answer after their API calls: waits up to 15 s (expect.poll's own default is 1 s). */
  const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

  /** A tablet signed in as the cashier; on failure its page is saved as a screenshot. */
  async function atCounter(name: string, run: (page: Page) => Promise<void>) {
    const context = await browser.newContext({
      viewport: { width: 1180, height: 820 },
      locale: "en-GB",
      timezoneId: "Asia/Kuala_Lumpur",
      hasTouch: true,
    });
    // Two shared cores: a page's first load can take a while under the other test files' builds.
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/login`);
      await page.getByLabel("Email").fill(cashier.email);
      await page.getByLabel("Password").fill(cashier.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${base}/`, { waitUntil: "commit" });
      await page.goto(`${base}/pos`);
      await run(page);
    } catch (error) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  }

  /** The receipt as the printer gets it: print media, a page as wide as the roll. */
  async function printed(page: Page, rollMm: number) {
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: Math.floor(rollMm * PX_PER_MM), height: 1400 });
    const receipt = page.locator("[data-receipt]");
    await receipt.locator("[data-testid=receipt-qr] svg").waitFor();
    return page.evaluate(() => {
      const paper = document.querySelector("[data-receipt]")!;
      const overflowing = [...paper.querySelectorAll("*")].filter(
        (el) => el.getBoundingClientRect().right > paper.getBoundingClientRect().right + 0.5,
      );
      return {
        bodyWidth: document.body.scrollWidth,
        viewport: window.innerWidth,
        receiptWidth: paper.getBoundingClientRect().width,
        overflowing: overflowing.length,
      };
    });
  }

  it("scans and searches items, discounts one, takes cash and DuitNow, and prints a receipt that fits 80 mm and 58 mm", async () => {
    await atCounter("sale", async (page) => {
      // A USB scanner types the code and Enter into the focused scan field.
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("pos-scan");
      await page.keyboard.type(glass.barcode);
      await page.keyboard.press("Enter");
      await page.locator(`[data-cart-line="${glass.sku}"]`).waitFor();

      await page.getByLabel("Search products").fill("cable");
      await page.getByRole("button", { name: `Add ${cable.name}` }).click();
      await page.locator(`[data-cart-line="${cable.sku}"]`).waitFor();

      await page.getByLabel(`Discount on ${glass.name}`).first().fill("10");
      // 35.00 − 10 % + 15.90
      await eventually(() => page.getByTestId("estimate").textContent()).toBe("RM 47.40");

      await page.getByRole("button", { name: "Add DuitNow" }).click();
      await page.getByLabel("DuitNow amount").fill("20.00");
      await page.getByLabel("DuitNow reference (optional)").fill("DN-778812");
      await page.getByLabel("Cash amount").fill("30.00");
      await eventually(() => page.getByTestId("change").textContent()).toBe("RM 2.60");
      await page.getByTestId("charge").click();
      await page.waitForURL(/\/pos\/receipt\/[0-9a-f-]{36}$/);

      const id = page.url().split("/").at(-1)!;
      const sale = await call<Invoice>("GET", `/api/invoices/${id}`);
      expect(sale).toMatchObject({ total: "47.40", change_given: "2.60", discount_given: "3.50" });
      expect(sale.payments.map((p) => p.method).sort()).toEqual(["cash", "duitnow"]);

      const receipt = page.locator("[data-receipt]");
      await expect.poll(() => receipt.getAttribute("data-width")).toBe("80mm");
      const at80 = await printed(page, 80);
      expect(at80.receiptWidth).toBeLessThanOrEqual(72 * PX_PER_MM + 0.5);
      expect(at80.bodyWidth).toBeLessThanOrEqual(at80.viewport);
      expect(at80.overflowing).toBe(0);
      await expect.poll(() => page.getByTestId("receipt-total").isVisible()).toBe(true);
      expect(await page.getByTestId("receipt-total").textContent()).toBe("RM 47.40");
      expect(await page.getByTestId("receipt-number").textContent()).toBe(sale.number);
      expect(await page.getByTestId("receipt-qr").isVisible()).toBe(true);
      const text = (await receipt.textContent()) ?? "";
      expect(text).toContain("Kedai Baiki Telefon Ali");
      expect(text).toContain(glass.name.replace(/\s+/g, " ").slice(0, 20));
      expect(text).toContain("returnable within 7 days");
      await page.screenshot({ path: path.join(SCREENSHOTS, "receipt-80mm.png"), fullPage: true });

      await page.emulateMedia({ media: "screen" });
      await page.goto(`${base}/pos/receipt/${id}?width=58`);
      await expect.poll(() => receipt.getAttribute("data-width")).toBe("58mm");
      const at58 = await printed(page, 58);
      expect(at58.receiptWidth).toBeLessThanOrEqual(48 * PX_PER_MM + 0.5);
      expect(at58.bodyWidth).toBeLessThanOrEqual(at58.viewport);
      expect(at58.overflowing).toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, "receipt-58mm.png"), fullPage: true });
    });
  }, 120_000);

  it("keeps a sale made while the API is unreachable and posts it exactly once when it is back", async () => {
    await atCounter("offline", async (page) => {
      const before = (await invoices()).length;
      const cablesSold = async () =>
        (await invoices()).filter((i) => i.lines.some((l) => l.description === cable.name)).length;
      const cablesBefore = await cablesSold();
      // The line drops after the server has made the sale: the browser never hears the answer.
      // Every later try fails before it reaches the server, until the connection is back.
      let reachedServer = 0;
      const dropped = async (route: Route) => {
        if (reachedServer === 0) {
          reachedServer += 1;
          await route.fetch();
        }
        await route.abort("internetdisconnected");
      };
      await page.route("**/api/checkout", dropped);

      await page.getByLabel("Scan or type a barcode / SKU").fill(cable.sku);
      await page.keyboard.press("Enter");
      await page.locator(`[data-cart-line="${cable.sku}"]`).waitFor();
      await page.getByLabel("Cash amount").fill("20.00");
      await page.getByTestId("charge").click();

      const waiting = page.locator("[data-testid=outbox] li[data-outbox]");
      await waiting.first().waitFor();
      await expect.poll(() => waiting.count()).toBe(1);
      await page.getByTestId("offline-notice").waitFor();
      expect(await page.locator("[data-testid=cart]").count()).toBe(0);
      // The server did make it once; the browser does not know yet.
      await eventually(async () => (await invoices()).length).toBe(before + 1);
      await page.getByRole("button", { name: "Send now" }).click();
      await eventually(() => waiting.first().getAttribute("data-state")).toBe("waiting");

      // The connection is back: every request now reaches the server, and is counted.
      let posted = 0;
      await page.route("**/api/checkout", async (route) => {
        posted += 1;
        await route.continue();
      });
      await page.unroute("**/api/checkout", dropped);
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      await eventually(() => waiting.count()).toBe(0);
      expect(posted).toBe(1);

      const after = await invoices();
      expect(after).toHaveLength(before + 1);
      expect(await cablesSold()).toBe(cablesBefore + 1);
      expect(await page.evaluate(() => localStorage.getItem("wapos.pos.outbox"))).toBe("[]");
    });
  }, 120_000);
  it("names the item when stock runs out, and asks an admin on the same screen for a discount above the cashier's limit", async () => {
    await atCounter("approval", async (page) => {
      const before = (await invoices()).length;
      const left = await stockOf(glass.sku);
      await page.getByLabel("Scan or type a barcode / SKU").fill(glass.barcode);
      await page.keyboard.press("Enter");
      await page.locator(`[data-cart-line="${glass.sku}"]`).waitFor();
      await page.getByLabel(`Quantity of ${glass.name}`).fill(String(left + 2));
      await page.getByLabel("Cash amount").fill("300.00");
      await page.getByTestId("charge").click();
      await eventually(() => page.getByTestId("stock-problem").textContent()).toContain(
        `Only ${left} of ${glass.name} (${glass.sku}) left; ${left + 2} asked for.`,
      );

      await page.getByLabel(`Quantity of ${glass.name}`).fill("1");
      await page.getByLabel(`Discount on ${glass.name}`).first().fill("50");
      await page.getByLabel("Cash amount").fill("20.00");
      await page.getByTestId("charge").click();
      const approval = page.getByTestId("approval");
      await approval.waitFor();
      expect(await approval.textContent()).toContain("50.00% off is above the 10% a cashier may give");
      await page.getByLabel("Admin email").fill(ADMIN.email);
      await page.getByLabel("Admin password").fill("not-the-password");
      await page.getByRole("button", { name: "Approve and charge" }).click();
      await approval.getByRole("alert").waitFor();
      expect(await approval.getByRole("alert").textContent()).toBe(
        "That admin email or password is not right.",
      );
      expect((await invoices()).length).toBe(before);

      await page.getByLabel("Admin password").fill(ADMIN.password);
      await page.getByRole("button", { name: "Approve and charge" }).click();
      await page.waitForURL(/\/pos\/receipt\/[0-9a-f-]{36}$/);
      const sale = await call<Invoice>("GET", `/api/invoices/${page.url().split("/").at(-1)}`);
      expect(sale).toMatchObject({ total: "17.50", discount_given: "17.50", change_given: "2.50" });
      expect((await invoices()).length).toBe(before + 1);
    });
  }, 120_000);

  it("shows a kept sale that the API refuses once it is back, until the cashier dismisses it", async () => {
    await atCounter("refused", async (page) => {
      const before = (await invoices()).length;
      const left = await stockOf(glass.sku);
      const down = (route: Route) => route.abort("internetdisconnected");
      await page.route("**/api/checkout", down);
      await page.getByLabel("Scan or type a barcode / SKU").fill(glass.sku);
      await page.keyboard.press("Enter");
      await page.locator(`[data-cart-line="${glass.sku}"]`).waitFor();
      await page.getByLabel(`Quantity of ${glass.name}`).fill(String(left + 5));
      await page.getByLabel("Cash amount").fill("400.00");
      await page.getByTestId("charge").click();
      const kept = page.locator("[data-testid=outbox] li[data-outbox]");
      await kept.first().waitFor();

      await page.unroute("**/api/checkout", down);
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      await eventually(() => kept.first().getAttribute("data-state")).toBe("refused");
      expect(await kept.first().getByRole("alert").textContent()).toContain(`Only ${left} of ${glass.name}`);
      expect((await invoices()).length).toBe(before);
      // Still there after a reload: only the cashier removes it.
      await page.reload();
      await eventually(() => kept.first().getAttribute("data-state")).toBe("refused");
      await kept.first().getByRole("button", { name: "Dismiss" }).click();
      await eventually(() => kept.count()).toBe(0);
    });
  }, 120_000);

  it("serves the camera decoder's WebAssembly from the dashboard itself", async () => {
    const wasm = createRequire(import.meta.url).resolve("zxing-wasm/reader/zxing_reader.wasm");
    const { version } = JSON.parse(fs.readFileSync(path.join(wasm, "../../../package.json"), "utf8")) as {
      version: string;
    };
    const response = await fetch(`${base}/zxing/${version}/zxing_reader.wasm`);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // "\0asm": a WebAssembly module.
    expect([...bytes.slice(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
  });
});
