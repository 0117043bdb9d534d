import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as Format from "@wapos/core/template/format";
import type { Browser, BrowserContextOptions, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interrupt, kill, type Running } from "../../functions/test/runtime";
import { tamper } from "../../functions/test/tamper";
import { HAS_CHROMIUM, openShop } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/intake/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Intake-test-${randomBytes(6).toString("hex")}` };
// A 1×1 PNG, so storage and the browser handle a real image.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const PHONE_SIZED: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "en-GB",
  timezoneId: "UTC",
};

const randomPhone = () => `+6012${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

describe.skipIf(!HAS_CHROMIUM)("the customer's intake and status pages, and the form builder", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-intake-browser-"));
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;
  let adminToken: string;

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN));
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    if (runtime) await interrupt(runtime).catch(() => kill(runtime));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** Runs a test in a fresh browser context; on failure its page is saved as a screenshot. */
  async function inBrowser(name: string, options: BrowserContextOptions, run: (page: Page) => Promise<void>) {
    const context = await browser.newContext(options);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    try {
      await run(page);
    } catch (error) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  }

  const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

  const staff = (method: string, route: string, body?: unknown) =>
    fetch(`${base}/api${route}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function fillCoreFields(page: Page, name: string) {
    await page.getByLabel("Your name").fill(name);
    await page.getByLabel("Phone number").fill(randomPhone());
    await page.getByLabel("Type of device").selectOption("phone");
    await page.getByLabel("Brand").fill("Samsung");
    await page.getByLabel("Model").fill("Galaxy A54");
    await page
      .getByLabel("What is wrong with it?")
      .fill("The screen is cracked and the bottom does not respond.");
  }

  /** A repair registered through the API, as the page sends it; returns the link token. */
  async function registerByApi(language: "en" | "ms" = "en") {
    const form = (await (await fetch(`${base}/api/public/intake`)).json()) as {
      form: { version: number };
      upload_session: string;
    };
    const response = await fetch(`${base}/api/public/intake`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        form_version: form.form.version,
        language,
        name: "Lim Wei Ling",
        phone: randomPhone(),
        device: { category: "laptop", brand: "Lenovo", model: "ThinkPad T14" },
        problem: "Does not charge any more",
        terms_accepted: true,
        whatsapp_opt_in: false,
        upload_session: form.upload_session,
      }),
    });
    expect(response.status).toBe(201);
    const { status_url } = (await response.json()) as { status_url: string };
    const token = status_url.slice(status_url.lastIndexOf("/s/") + 3);
    const view = (await (await fetch(`${base}/api/public/tickets/${token}`)).json()) as {
      ticket_id: string;
      number: string;
    };
    return { token, ...view };
  }

  it("registers a repair from a phone with a photo, and opens the status link", async () => {
    await inBrowser("intake-with-javascript", PHONE_SIZED, async (page) => {
      await page.goto(`${base}/intake`);
      // The page's whole budget: no framework bundle, only its own inline enhancement.
      expect(await page.locator("script[src]").count()).toBe(0);
      const honeypot = page.locator('input[name="website"]');
      expect(await honeypot.getAttribute("tabindex")).toBe("-1");
      expect(await honeypot.getAttribute("autocomplete")).toBe("off");
      expect(await page.locator(".hp").getAttribute("aria-hidden")).toBe("true");
      const trap = (await page.locator(".hp").boundingBox())!;
      expect(trap.x + trap.width).toBeLessThanOrEqual(0);
      expect(await page.getByLabel(/WhatsApp/).isChecked()).toBe(false);

      await fillCoreFields(page, "Nurul Aina");
      await page
        .locator('input[type="file"][name="photos"]')
        .setInputFiles({ name: "screen.png", mimeType: "image/png", buffer: PNG });
      await eventually(() => page.locator("#photo-list li[data-uploaded]").count()).toBe(1);
      expect(await page.locator("#photo-list img").count()).toBe(1);
      await page.getByLabel(/I agree to the repair terms/).check();
      await page.getByRole("button", { name: "Send repair request" }).click();

      await page.waitForURL(/\/intake\/done\?n=T-\d+&t=/);
      const number = (await page.getByTestId("ticket-number").textContent())?.trim();
      expect(number).toMatch(/^T-\d+$/);
      await page.getByRole("link", { name: "Follow your repair" }).click();
      await page.waitForURL(/\/s\/[\w-]{22}$/);
      expect(await page.getByTestId("status-title").textContent()).toBe(`Repair ${number}`);
      expect(await page.locator('[aria-current="step"]').textContent()).toContain("Received");

      const token = page.url().slice(page.url().lastIndexOf("/s/") + 3);
      const view = (await (await fetch(`${base}/api/public/tickets/${token}`)).json()) as {
        ticket_id: string;
      };
      const ticket = (await (await staff("GET", `/tickets/${view.ticket_id}`)).json()) as {
        events: { type: string; photo_keys: unknown[] }[];
      };
      expect(ticket.events.find((e) => e.type === "CREATED")?.photo_keys).toHaveLength(1);
    });
  });

  it("registers a repair with JavaScript turned off, photo straight to storage, and names a wrong field in plain words", async () => {
    await inBrowser(
      "intake-without-javascript",
      { ...PHONE_SIZED, javaScriptEnabled: false },
      async (page) => {
        await page.goto(`${base}/intake`);
        // The photo goes to storage on its own small form; the answers never carry a file.
        expect(await page.locator('form[data-intake] input[type="file"]').count()).toBe(1);
        expect(await page.locator("form[data-intake] [data-js-photos]").isVisible()).toBe(false);
        expect(await page.locator("form[data-intake]").getAttribute("enctype")).toBeNull();
        await page
          .getByLabel("Choose a photo")
          .setInputFiles({ name: "back.png", mimeType: "image/png", buffer: PNG });
        await page.getByRole("button", { name: "Upload this photo" }).click();
        await page.waitForURL(/\/intake\?s=.+&key=/);
        expect(await page.getByAltText("Photo 1 of your device").count()).toBe(1);
        expect(await page.locator('input[name="photo_keys"]').count()).toBe(1);

        await fillCoreFields(page, "Rajesh Kumar");
        await page.getByLabel("Phone number").fill("123");
        await page.getByLabel(/I agree to the repair terms/).check();
        await page.getByRole("button", { name: "Send repair request" }).click();
        await page.waitForURL(/\/intake\?error=request\.invalid&fields=phone&s=/);
        const summary = page.locator("#form-errors");
        expect(await summary.isVisible()).toBe(true);
        expect(await summary.getByRole("link").allTextContents()).toEqual(["Phone number"]);
        expect(await page.getByLabel("Phone number").getAttribute("aria-invalid")).toBe("true");
        // The photo is still there after the refusal.
        expect(await page.locator('input[name="photo_keys"]').count()).toBe(1);

        await fillCoreFields(page, "Rajesh Kumar");
        await page.getByLabel(/I agree to the repair terms/).check();
        await page.getByLabel(/WhatsApp/).check();
        await page.getByRole("button", { name: "Send repair request" }).click();
        await page.waitForURL(/\/intake\/done\?n=T-\d+&t=/);
        expect((await page.getByTestId("ticket-number").textContent())?.trim()).toMatch(/^T-\d+$/);
        expect(await page.getByRole("link", { name: "Follow your repair" }).getAttribute("href")).toMatch(
          /^\/s\/[\w-]{22}$/,
        );

        const token = new URL(page.url()).searchParams.get("t")!;
        const view = (await (await fetch(`${base}/api/public/tickets/${token}`)).json()) as {
          ticket_id: string;
        };
        const ticket = (await (await staff("GET", `/tickets/${view.ticket_id}`)).json()) as {
          events: { type: string; photo_keys: string[] }[];
        };
        const photos = ticket.events.find((e) => e.type === "CREATED")?.photo_keys;
        expect(photos).toHaveLength(1);
        expect(photos![0]).toMatch(/\.png$/);
      },
    );
  });

  it("shows the form in Bahasa Melayu to a Malay phone, and switches language with a plain link", async () => {
    await inBrowser("intake-language", { ...PHONE_SIZED, locale: "ms-MY" }, async (page) => {
      await page.goto(`${base}/intake`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Daftar pembaikan anda");
      expect(await page.locator("html").getAttribute("lang")).toBe("ms");
      expect(await page.locator('input[name="language"]').inputValue()).toBe("ms");
      await page.getByRole("link", { name: "EN English" }).click();
      await eventually(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(
        "Register your repair",
      );
      expect(new URL(page.url()).pathname).toBe("/intake");
    });
  });

  it("approves an estimate from the status page, then shows the finished photos and the invoice", async () => {
    const ticket = await registerByApi();
    const eta = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    expect(
      (
        await staff("PATCH", `/tickets/${ticket.ticket_id}/estimate`, {
          price_estimate: "180.00",
          eta_ready_at: eta.toISOString(),
        })
      ).status,
    ).toBe(200);

    await inBrowser("status-approve", PHONE_SIZED, async (page) => {
      await page.goto(`${base}/s/${ticket.token}`);
      expect(await page.getByTestId("estimate-price").textContent()).toBe("RM 180.00");
      // The rules of the WhatsApp text and the dashboard: the shop's zone, the month named.
      expect(await page.getByTestId("estimate-eta").textContent()).toBe(Format.longDateTime(eta, "en"));
      expect(await page.locator('[aria-current="step"]').textContent()).toContain("Estimate");

      await page.getByRole("link", { name: "Decline" }).click();
      // A plain link (the page works without JavaScript): wait for the page it opens.
      await page.getByText("Decline the repair?").waitFor();
      await page.getByRole("link", { name: "Go back" }).click();
      await page.getByRole("button", { name: "Approve the repair" }).click();
      await eventually(() => page.getByTestId("estimate-answer-state").textContent()).toBe(
        "You approved the estimate.",
      );
      expect(await page.getByTestId("status-now").textContent()).toContain("We are repairing your device");
    });
    const staffView = (await (await staff("GET", `/tickets/${ticket.ticket_id}`)).json()) as {
      ticket: { approval: string };
    };
    expect(staffView.ticket.approval).toBe("approved");

    const upload = (await (
      await staff("POST", `/tickets/${ticket.ticket_id}/photos`, {
        content_type: "image/png",
        size: PNG.length,
      })
    ).json()) as { key: string; upload_url: string };
    expect(
      (await fetch(upload.upload_url, { method: "PUT", body: PNG, headers: { "content-type": "image/png" } }))
        .status,
    ).toBe(200);
    expect((await staff("POST", `/tickets/${ticket.ticket_id}/ready`, { photos: [upload.key] })).status).toBe(
      200,
    );

    await inBrowser("status-ready", PHONE_SIZED, async (page) => {
      await page.goto(`${base}/s/${ticket.token}#invoice`);
      expect(await page.locator('[aria-current="step"]').textContent()).toContain("Ready");
      await eventually(() =>
        page.getByAltText("Finished repair, photo 1").evaluate((img: HTMLImageElement) => img.naturalWidth),
      ).toBe(1);
      const invoice = page.locator("#invoice");
      expect(await invoice.getByRole("heading").textContent()).toMatch(/^Invoice \S+/);
      expect(await invoice.getByTestId("invoice-total").textContent()).toMatch(/^RM \d+\.\d\d$/);
      // Until LHDN validates an e-invoice, the invoice says where to ask for one, as a link and a QR.
      const ask = invoice.getByTestId("einvoice-request");
      expect(await ask.locator("svg").count()).toBe(1);
      expect(await ask.getByRole("link").getAttribute("href")).toMatch(/\/e\/[\w.-]+$/);
      expect(await invoice.getByTestId("invoice-state").textContent()).toBe("Not paid yet");
    });
  }, 90_000);

  it("shows the status page in the language the customer chose, month and day named in it", async () => {
    const ticket = await registerByApi("ms");
    const eta = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    await staff("PATCH", `/tickets/${ticket.ticket_id}/estimate`, {
      price_estimate: "50.00",
      eta_ready_at: eta.toISOString(),
    });
    // The phone speaks English; the customer chose Bahasa Melayu on the form.
    await inBrowser("status-language", PHONE_SIZED, async (page) => {
      await page.goto(`${base}/s/${ticket.token}`);
      expect(await page.getByTestId("status-title").textContent()).toBe(`Pembaikan ${ticket.number}`);
      // "Khamis, 12 Mac 2026, 10:00 PG": Malay day and month names, whatever the phone speaks.
      expect(await page.getByTestId("estimate-eta").textContent()).toBe(Format.longDateTime(eta, "ms"));
      expect(await page.getByRole("button", { name: "Luluskan pembaikan" }).count()).toBe(1);
      await page.getByRole("link", { name: "EN English" }).click();
      await eventually(() => page.getByTestId("status-title").textContent()).toBe(`Repair ${ticket.number}`);
    });
  });

  it("shows a friendly message for a tampered link, and nothing of the ticket", async () => {
    const ticket = await registerByApi();
    const tampered = tamper(ticket.token);
    await inBrowser("status-tampered", PHONE_SIZED, async (page) => {
      await page.goto(`${base}/s/${tampered}`);
      expect(await page.getByTestId("link-invalid").getByRole("heading").textContent()).toBe(
        "This link does not work",
      );
      const html = await page.content();
      for (const secret of [ticket.number, "ThinkPad", "Does not charge"]) expect(html).not.toContain(secret);
    });
  });

  async function logIn(page: Page) {
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${base}/`);
  }

  it("offers the QR poster as SVG, PNG and an A4 PDF", async () => {
    const read = async (download: Download) => {
      const chunks: Buffer[] = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    await inBrowser(
      "qr-poster",
      { viewport: { width: 1280, height: 900 }, locale: "en-GB" },
      async (page) => {
        await logIn(page);
        await page.goto(`${base}/intake-form`);
        const poster = page.getByTestId("qr-poster");
        await eventually(() => poster.getByTestId("qr-preview").count()).toBe(1);
        // The public address (PUBLIC_BASE_URL), not the one this admin browses from.
        expect(await poster.getByText(`${base.replace("127.0.0.1", "localhost")}/intake`).count()).toBe(1);
        const take = async (kind: "svg" | "png" | "pdf") => {
          const [download] = await Promise.all([
            page.waitForEvent("download"),
            poster.locator(`[data-download="${kind}"]`).click(),
          ]);
          return { name: download.suggestedFilename(), body: await read(download) };
        };
        const svg = await take("svg");
        expect(svg.name).toBe("intake-qr.svg");
        expect(svg.body.toString("utf8")).toContain("<svg");
        const png = await take("png");
        expect(png.name).toBe("intake-qr.png");
        expect(png.body.subarray(1, 4).toString("latin1")).toBe("PNG");
        expect(png.body.readUInt32BE(16)).toBe(1024);
        const pdf = await take("pdf");
        expect(pdf.name).toBe("intake-poster-a4.pdf");
        expect(pdf.body.subarray(0, 4).toString("latin1")).toBe("%PDF");
      },
    );
  });

  it("publishes a new form version, and refuses a consent text that does not name the shop", async () => {
    await inBrowser(
      "form-builder",
      { viewport: { width: 1280, height: 900 }, locale: "en-GB" },
      async (page) => {
        await logIn(page);
        await page.goto(`${base}/intake-form`);
        const version = page.getByTestId("form-version");
        await eventually(() => version.count()).toBe(1);
        const before = Number((await version.textContent())?.replace(/\D/g, ""));

        expect(await page.getByText("Unpublished changes").count()).toBe(0);
        await page.getByRole("switch", { name: "Ask Address" }).click();
        expect(await page.getByText("Unpublished changes").count()).toBe(1);
        await page.getByRole("button", { name: "Add a question" }).click();
        await page.getByLabel("Key").fill("warranty_card");
        await page.getByLabel("Question in English").fill("Do you have the warranty card?");
        await page.getByLabel("Question in Bahasa Melayu").fill("Adakah anda mempunyai kad waranti?");
        await page.getByRole("button", { name: "Publish new version" }).click();
        await eventually(() => page.locator("[data-toast=success] p").last().textContent()).toBe(
          `Version ${before + 1} published.`,
        );
        expect(await version.textContent()).toBe(`Version ${before + 1}`);

        const consent = page.getByLabel("WhatsApp consent — English");
        await consent.fill("We may send you updates about your repair.");
        await page.getByRole("button", { name: "Publish new version" }).click();
        await eventually(() => page.locator('[data-issue="consent_text.en"]').textContent()).toContain(
          "Name the shop",
        );
        expect(await page.locator('[data-issue="consent_text.en"]').textContent()).toContain("WhatsApp");
        expect(await consent.getAttribute("aria-invalid")).toBe("true");
        expect(await version.textContent()).toBe(`Version ${before + 1}`);

        await page.goto(`${base}/intake`);
        expect(await page.getByLabel(/^Address/).count()).toBe(1);
        expect(await page.getByLabel(/^Do you have the warranty card\?/).count()).toBe(1);
        expect(await page.locator('input[name="form_version"]').inputValue()).toBe(String(before + 1));
      },
    );
  });
});
