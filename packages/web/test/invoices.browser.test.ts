import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PaymentQr } from "@wapos/core/payment-qr/index";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DUITNOW_STATIC, DUITNOW_STATIC_MERCHANT } from "../../core/test/duitnow";
import type { Running } from "../../functions/test/runtime";
import { fromSen, toSen } from "../app/(app)/pos/cart";
import {
  apiCall,
  apiLogin,
  closeShop,
  createStaff,
  HAS_CHROMIUM,
  inContext,
  openShop,
  signIn,
} from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/invoices/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Invoices-test-${randomBytes(6).toString("hex")}` };

type User = { email: string; password: string };
type Invoice = {
  id: string;
  number: string;
  status: string;
  payable: string;
  amount_due: string;
  payments: { method: string; amount: string; reference: string | null }[];
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

  afterAll(() => closeShop(browser, runtime, dataDir), 60_000);

  const call = <T>(token: string, method: string, route: string, body?: unknown) =>
    apiCall<T>(base, token, method, route, body);

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
  const signedIn = (user: User, route: string, name: string, run: (page: Page) => Promise<void>) =>
    inContext(browser, path.join(SCREENSHOTS, `${name}.png`), {}, async (page) => {
      await signIn(page, base, user, route);
      await run(page);
    });

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

  it("takes part of an invoice in cash, then the rest by DuitNow with the QR for what is still due", async () => {
    const { settings } = await call<{ settings: Record<string, Record<string, unknown>> }>(
      adminToken,
      "GET",
      "/api/settings",
    );
    await call(adminToken, "PUT", "/api/settings", { pos: { ...settings.pos, duitnow_qr: DUITNOW_STATIC } });
    // Issued unpaid (a repair collected later): RM 25.00 + RM 19.90.
    const invoice = await call<Invoice>(cashierToken, "POST", "/api/invoices", {
      items: [
        { product_id: ids[glass.sku], qty: 1 },
        { product_id: ids[cable.sku], qty: 1 },
      ],
      idempotency_key: crypto.randomUUID(),
    });
    expect(invoice.amount_due).toBe("44.90");

    await signedIn(cashier, `/invoices?invoice=${invoice.id}`, "take-payment", async (page) => {
      const detail = page.getByTestId("invoice-detail");
      const status = page.getByTestId("invoice-status");
      const due = () => page.getByTestId("invoice-totals").locator("dd").last().textContent();
      await eventually(() => detail.getAttribute("data-number")).toBe(invoice.number);
      expect(await status.textContent()).toBe("Unpaid");
      const form = page.getByRole("form", { name: "Take payment" });
      expect(await form.getByLabel("Amount (RM)").inputValue()).toBe("44.90");

      await form.getByLabel("Amount (RM)").fill("20.00");
      await form.getByRole("button", { name: "Record payment" }).click();
      await eventually(() => status.textContent()).toBe("Part paid");
      expect(await due()).toBe("RM 24.90");
      expect(await page.getByTestId("payments").textContent()).toContain("CashRM 20.00");
      // The form starts again from what is still due.
      await eventually(() => form.getByLabel("Amount (RM)").inputValue()).toBe("24.90");

      /** The DuitNow QR shown, once it carries `amount`: its payload's fields. */
      const qrFor = async (amount: string) => {
        const qr = form.getByTestId("payment-qr");
        const image = qr.getByRole("img", { name: `DuitNow QR for RM ${amount}` });
        await image.waitFor();
        expect(await qr.textContent()).toBe(`RM ${amount}${DUITNOW_STATIC_MERCHANT}`);
        expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(
          true,
        );
        // The shop's QR made dynamic for the amount, its CRC good (parse checks it).
        const fields = PaymentQr.parse((await image.getAttribute("data-payload"))!);
        expect(fields.find((f) => f.id === "01")?.value).toBe("12");
        return fields;
      };
      await form.getByLabel("Method").selectOption("duitnow");
      expect((await qrFor("24.90")).find((f) => f.id === "54")?.value).toBe("24.90");
      // A part by DuitNow: the customer's app must be asked for that part, not all that is due.
      await form.getByLabel("Amount (RM)").fill("10.00");
      expect((await qrFor("10.00")).find((f) => f.id === "54")?.value).toBe("10.00");
      await form.getByLabel("Amount (RM)").fill("24.90");
      expect((await qrFor("24.90")).find((f) => f.id === "54")?.value).toBe("24.90");
      // Beside the payment column, now tall with the QR, the totals stay one line each.
      const tops = await page
        .getByTestId("invoice-totals")
        .locator("dt")
        .evaluateAll((labels) => labels.map((label) => label.getBoundingClientRect().top));
      expect(Math.max(...tops.slice(1).map((top, i) => top - tops[i]!))).toBeLessThan(32);
      await page.screenshot({ path: path.join(SCREENSHOTS, "duitnow-qr.png"), fullPage: true });

      await form.getByLabel("Reference (optional)").fill("DN-88231");
      await form.getByRole("button", { name: "Record payment" }).click();
      await eventually(() => status.textContent()).toBe("Paid");
      expect(await due()).toBe("RM 0.00");
      expect(await page.getByRole("form", { name: "Take payment" }).count()).toBe(0);
      expect(await page.getByTestId("payments").textContent()).toContain("DuitNowDN-88231RM 24.90");
    });
    const paid = await call<Invoice>(adminToken, "GET", `/api/invoices/${invoice.id}`);
    expect(paid).toMatchObject({ status: "paid", amount_due: "0.00" });
    expect(paid.payments.map(({ method, amount, reference }) => ({ method, amount, reference }))).toEqual([
      { method: "cash", amount: "20.00", reference: null },
      { method: "duitnow", amount: "24.90", reference: "DN-88231" },
    ]);
  }, 120_000);
});
