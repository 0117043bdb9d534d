import { createHash, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Running } from "../../functions/test/runtime";
import { apiCall, closeShop, HAS_CHROMIUM, inContext, openShop, signIn } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/quotes/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Quotes-test-${randomBytes(6).toString("hex")}` };
// Given to the product, so the test can sign a link as links were signed before short ids.
const AUTH_SECRET = randomBytes(32).toString("base64url");

type Quote = {
  id: string;
  number: string;
  status: string;
  total: string;
  decided_at: string | null;
  decision_evidence: { channel: string; user_agent: string } | null;
  lines: { description: string; qty: string; line_total: string }[];
};
type ChatMessage = { direction: string; text: string | null; status: string };

const randomPhone = () => `+6012${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

describe.skipIf(!HAS_CHROMIUM)("quotes: the staff screen and the customer's link", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-quotes-browser-"));
  const glass = { sku: "TG-S24", name: "Tempered glass Galaxy S24", price: "25.00" };
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;
  let adminToken: string;

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN, { AUTH_SECRET }));
    await call(adminToken, "POST", "/api/products", { ...glass, initial_stock: 5 });
  }, 360_000);

  afterAll(() => closeShop(browser, runtime, dataDir), 60_000);

  const call = <T>(token: string, method: string, route: string, body?: unknown) =>
    apiCall<T>(base, token, method, route, body);

  /** The simulated customer's WhatsApp chat: the ledger rows for `phone`, oldest first. */
  const chat = async (phone: string) =>
    (
      await call<{ messages: ChatMessage[] }>(
        adminToken,
        "GET",
        `/api/dev/wa/messages?phone=${encodeURIComponent(phone)}`,
      )
    ).messages;

  /** The /q/<token> link in the one message sent to `phone`. */
  async function sentLink(phone: string) {
    await eventually(async () => (await chat(phone)).filter((m) => m.direction === "out").length).toBe(1);
    const [message] = (await chat(phone)).filter((m) => m.direction === "out");
    const token = message!.text?.match(/\/q\/([\w-]+)/)?.[1];
    expect(token).toBeDefined();
    return { message: message!, token: token! };
  }

  /** A quote for one typed line, sent through the API: the customer's link to it. */
  async function sentQuote(description: string, unitPrice: string) {
    const phone = randomPhone();
    const quote = await call<Quote>(adminToken, "POST", "/api/quotes", {
      customer_phone: phone,
      customer_name: "Siti Hajar",
      items: [{ description, qty: 1, unit_price: unitPrice }],
    });
    await call(adminToken, "POST", `/api/quotes/${quote.id}/send`);
    return { quote, ...(await sentLink(phone)) };
  }

  /** Pages answer after their API calls: waits up to 15 s (expect.poll's own default is 1 s). */
  const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

  const inBrowser = (
    name: string,
    options: { mobile?: boolean },
    run: (page: Page, context: BrowserContext) => Promise<void>,
  ) => inContext(browser, path.join(SCREENSHOTS, `${name}.png`), options, run);

  it("makes a quote of a catalogue and a typed line, sends it on WhatsApp, and opens its A4 PDF", async () => {
    const phone = randomPhone();
    let link = "";
    await inBrowser("staff-quote", {}, async (page, context) => {
      await signIn(page, base, ADMIN, "/quotes");
      await page.getByRole("button", { name: "New quote" }).click();
      const form = page.getByTestId("quote-form");
      await form.getByLabel("Customer phone").fill(phone);
      await form.getByLabel("Name (for a new customer)").fill("Lim Wei Ming");
      await form.getByLabel(/Add a product/).fill(glass.sku);
      await page
        .getByTestId("quote-products")
        .getByRole("button", { name: new RegExp(glass.sku) })
        .click();
      await form.getByLabel("Line 1 quantity").fill("2");
      await form.getByLabel("Line 1 discount").fill("10");
      await form.getByRole("button", { name: "Add a typed line" }).click();
      await form.getByLabel("Line 2 description").fill("Labour: screen protector fitting");
      await form.getByLabel("Line 2 unit price (RM)").fill("40.00");
      await form.getByRole("button", { name: "Make quote" }).click();

      // 2 × RM 25.00 less 10 % is RM 45.00, and RM 40.00 of labour: RM 85.00 (SST inside the prices).
      const detail = page.getByTestId("quote-detail");
      await eventually(() => detail.getByTestId("quote-total").textContent()).toBe("RM 85.00");
      const number = (await detail.getByRole("heading", { level: 2 }).textContent())!;
      expect(number).toMatch(/^Q-\d{4}-\d{6}$/);
      expect(await detail.getByRole("row").allTextContents()).toEqual([
        expect.stringContaining("Item"),
        expect.stringContaining(glass.name),
        expect.stringContaining("Labour: screen protector fitting"),
      ]);
      expect(await detail.getByText("Draft", { exact: true }).count()).toBe(1);
      await expect.poll(() => page.getByTestId("quote-form").count()).toBe(0);
      const id = new URL(page.url()).searchParams.get("quote")!;

      await page.screenshot({ path: path.join(SCREENSHOTS, "quote.png"), fullPage: true });
      await detail.getByRole("button", { name: "Send on WhatsApp" }).click();
      await eventually(() => detail.getByText("Sent", { exact: true }).count()).toBe(1);
      expect(await detail.textContent()).toContain("sent ");
      const { message, token } = await sentLink(phone);
      link = token;
      expect(message.text).toContain(number);
      expect(message.text).toContain("RM 85.00");
      expect((await call<Quote>(adminToken, "GET", `/api/quotes/${id}`)).status).toBe("sent");
      await eventually(() =>
        page.getByTestId("quotes").locator(`[data-number="${number}"]`).textContent(),
      ).toContain("Sent");

      // The A4 PDF: the API's file (read on its way through), handed to a new tab as a PDF.
      let fetched: { type?: string; bytes: Buffer } | undefined;
      await page.route(`${base}/api/quotes/${id}/pdf`, async (route) => {
        const response = await route.fetch();
        fetched = { type: response.headers()["content-type"], bytes: await response.body() };
        await route.fulfill({ response });
      });
      const [tab, shown] = await Promise.all([
        context.waitForEvent("page"),
        context.waitForEvent("response", (response) => response.url().startsWith("blob:")),
        detail.getByRole("button", { name: "A4 PDF" }).click(),
      ]);
      expect(fetched?.type).toBe("application/pdf");
      expect(fetched?.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(shown.frame().page()).toBe(tab);
      expect(shown.headers()["content-type"]).toBe("application/pdf");
      expect(await detail.getByRole("alert").count()).toBe(0);
    });

    // The customer's link shows the same lines, the discount as taken off, and the totals.
    await inBrowser("customer-reads", { mobile: true }, async (page) => {
      await page.goto(`${base}/q/${link}`);
      const shown = page.getByTestId("quote");
      expect(await shown.locator("tbody tr").allTextContents()).toEqual([
        `${glass.name}Discount −RM 5.002RM 45.00`,
        "Labour: screen protector fitting1RM 40.00",
      ]);
      expect(await shown.locator("dl").textContent()).toMatch(/^SSTRM 7\.05TotalRM 85\.00Valid until/);
      expect(await page.getByTestId("quote-answer").count()).toBe(1);
      await page.screenshot({ path: path.join(SCREENSHOTS, "customer-quote.png"), fullPage: true });
    });
  }, 120_000);

  it("shows the customer their quote on the link; their Accept is recorded and staff see it", async () => {
    const { quote, token } = await sentQuote("Battery replacement iPhone 13", "189.00");
    await inBrowser("customer-accepts", { mobile: true }, async (page) => {
      await page.goto(`${base}/q/${token}`);
      expect(await page.getByTestId("quote-title").textContent()).toBe(`Quote ${quote.number}`);
      const shown = page.getByTestId("quote");
      expect(await shown.locator("tbody tr").allTextContents()).toEqual([
        expect.stringMatching(/^Battery replacement iPhone 13\s*1\s*RM 189\.00$/),
      ]);
      expect(await shown.getByTestId("quote-total").textContent()).toBe("RM 189.00");
      expect(await shown.textContent()).toContain("Valid until");

      await page.getByRole("button", { name: "Accept" }).click();
      await page.waitForURL(`${base}/q/${token}?answered=accept`);
      expect(await page.getByTestId("quote-state").textContent()).toBe(
        "You accepted this quote. The shop will be in touch.",
      );
      expect(await page.getByTestId("quote-answer").count()).toBe(0);
    });
    const recorded = await call<Quote>(adminToken, "GET", `/api/quotes/${quote.id}`);
    expect(recorded.status).toBe("accepted");
    expect(recorded.decision_evidence).toMatchObject({
      channel: "link",
      user_agent: expect.stringContaining("Chrome"),
    });

    await inBrowser("staff-sees-accept", {}, async (page) => {
      await signIn(page, base, ADMIN, `/quotes?quote=${quote.id}`);
      const detail = page.getByTestId("quote-detail");
      await eventually(() => detail.getByTestId("decision").textContent()).toMatch(
        /^The customer accepted on /,
      );
      expect(await detail.getByText("Accepted", { exact: true }).count()).toBe(1);
    });
  }, 120_000);

  it("records the customer's Decline, and refuses a second answer with a message", async () => {
    const { quote, token } = await sentQuote("Charging port repair", "75.00");
    await inBrowser("customer-declines", { mobile: true }, async (page) => {
      await page.goto(`${base}/q/${token}`);
      // The same page opened twice: the customer declines in one, then presses Accept in the other.
      const stale = await page.context().newPage();
      await stale.goto(`${base}/q/${token}`);
      await page.getByRole("button", { name: "Decline" }).click();
      await page.waitForURL(`${base}/q/${token}?answered=decline`);
      expect(await page.getByTestId("quote-state").textContent()).toBe("You declined this quote.");

      await stale.getByRole("button", { name: "Accept" }).click();
      await stale.waitForURL(`${base}/q/${token}?error=quote.already_decided`);
      // (Next.js adds an empty alert of its own, the route announcer.)
      const refused = "Your answer could not be recorded: the quote has changed or expired.";
      expect(await stale.getByRole("alert").filter({ hasText: refused }).count()).toBe(1);
      expect(await stale.getByTestId("quote-state").textContent()).toBe("You declined this quote.");
    });
    expect((await call<Quote>(adminToken, "GET", `/api/quotes/${quote.id}`)).status).toBe("declined");
  }, 120_000);

  it("says plainly that an unknown, tampered or expired link is not valid", async () => {
    const { quote, token } = await sentQuote("Screen replacement", "350.00");
    const key = new Uint8Array(
      createHmac("sha256", createHash("sha256").update(AUTH_SECRET).digest())
        .update("customer-link")
        .digest(),
    );
    /** A link as signed before short ids existed, good until `expires` (seconds). */
    const legacy = (expires: number) =>
      new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(quote.id)
        .setAudience("wa-pos-crm:customer-link:quote")
        .setIssuedAt(expires - 86_400)
        .setExpirationTime(expires)
        .sign(key);
    const now = Math.floor(Date.now() / 1000);
    const current = await legacy(now + 86_400);
    const expired = await legacy(now - 60);
    const flip = (text: string, at: number) =>
      `${text.slice(0, at)}${text[at] === "A" ? "B" : "A"}${text.slice(at + 1)}`;

    await inBrowser("invalid-links", { mobile: true }, async (page) => {
      // The signed link opens the quote while it is good: the refusals below are the link's.
      await page.goto(`${base}/q/${current}`);
      expect(await page.getByTestId("quote-title").textContent()).toBe(`Quote ${quote.number}`);

      for (const bad of [expired, flip(current, current.length - 3), flip(token, 5), "not-a-link"]) {
        const response = await page.goto(`${base}/q/${bad}`);
        expect(response?.status(), bad).toBeLessThan(500);
        expect(await page.getByTestId("link-invalid").textContent(), bad).toContain("This link is not valid");
        expect(await page.getByTestId("quote").count(), bad).toBe(0);
        expect(await page.title(), bad).toContain("Link not valid");
      }
    });
  }, 120_000);
});
