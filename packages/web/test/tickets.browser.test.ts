import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interrupt, kill, type Running } from "../../functions/test/runtime";
import { createStaff, HAS_CHROMIUM, openShop } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/tickets/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Tickets-test-${randomBytes(6).toString("hex")}` };
const KL = "Asia/Kuala_Lumpur";
// A 1×1 PNG, so the browser can really decode the photos that come back from storage.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

type User = { id: string; email: string; password: string };

/** A wall-clock time in the shop's zone as a datetime-local value. */
function shopLocal(at: Date) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: KL,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

describe.skipIf(!HAS_CHROMIUM)("repair tickets in the dashboard", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-tickets-browser-"));
  const phone = `+6012${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;
  let adminToken: string;
  let tech: User;
  let cashier: User;
  let number: string;
  let token: string;

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN));
    tech = await createUser("tech");
    cashier = await createUser("cashier");
    ({ number, token } = await intake());
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    if (runtime) await interrupt(runtime).catch(() => kill(runtime));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const createUser = (role: "tech" | "cashier"): Promise<User> => createStaff(base, adminToken, role);

  /** The simulated customer's WhatsApp chat, as the dev endpoint lists it. */
  async function chat() {
    const response = await fetch(`${base}/api/dev/wa/messages?phone=${encodeURIComponent(phone)}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    return (
      (await response.json()) as {
        messages: { direction: string; kind: string; text: string; status: string }[];
      }
    ).messages;
  }

  /**
   * The customer scans the QR poster: the intake page on a phone, a photo taken with the
   * camera input, the terms and the WhatsApp opt-in ticked. Returns the ticket number and the
   * status link's token from the confirmation page.
   */
  async function intake() {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "en-GB",
      isMobile: true,
      hasTouch: true,
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/intake`);
      await page.getByLabel("Your name").fill("Nurul Aina");
      await page.getByLabel("Phone number").fill(phone);
      await page.getByLabel("Type of device").selectOption("phone");
      await page.getByLabel("Brand").fill("Samsung");
      await page.getByLabel("Model").fill("Galaxy A54");
      await page.getByLabel("What is wrong with it?").fill("Cracked screen, touch not working at the bottom");
      await page.locator('input[name="passcode"]').fill("2580");
      await page
        .locator('input[type="file"][name="photos"]')
        .setInputFiles({ name: "screen.png", mimeType: "image/png", buffer: PNG });
      await page.locator("#photo-list li[data-uploaded]").first().waitFor();
      await page.getByLabel(/I agree to the repair terms/).check();
      await page.getByLabel(/WhatsApp/).check();
      await page.getByRole("button", { name: "Send repair request" }).click();
      await page.waitForURL(/\/intake\/done\?n=T-\d+&t=/);
      const url = new URL(page.url());
      return { number: url.searchParams.get("n")!, token: url.searchParams.get("t")! };
    } catch (error) {
      await page.screenshot({ path: path.join(SCREENSHOTS, "intake.png"), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  }

  /** Runs a test in a fresh browser context signed in as `user`; on failure its page is saved as a screenshot. */
  async function as(
    user: { email: string; password: string },
    name: string,
    run: (page: Page) => Promise<void>,
  ) {
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

  const column = (page: Page, status: string) => page.locator(`[data-column="${status}"]`);
  const card = (page: Page, status: string) => column(page, status).locator(`[data-ticket="${number}"]`);

  /** A real pointer drag: press on the grip, move past dnd-kit's 8 px threshold, then over the column. */
  async function drag(page: Page, from: Locator, to: Locator) {
    const grip = (await from.getByTestId("drag-handle").boundingBox())!;
    const target = (await to.boundingBox())!;
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(grip.x + grip.width / 2 + 20, grip.y + grip.height / 2 + 10, { steps: 5 });
    await page.mouse.move(target.x + target.width / 2, target.y + 80, { steps: 15 });
    await page.mouse.up();
  }

  async function openBoard(page: Page) {
    await page.goto(`${base}/tickets`);
    await eventually(() => page.getByTestId("board").count()).toBe(1);
  }

  it("acknowledges the intake on the customer's WhatsApp with the ticket number and status link", async () => {
    await eventually(async () =>
      (await chat()).some((m) => m.text.includes(number) && m.text.includes(`/s/${token}`)),
    ).toBe(true);
  });

  it("drags the new ticket from NEW to IN_PROGRESS, which asks for the estimate", async () => {
    await as(tech, "estimate-by-drag", async (page) => {
      const today = page.locator('[data-kpi="new"] [data-window="today"]');
      await eventually(async () =>
        Number((await today.textContent())?.replace(/\D/g, "") || 0),
      ).toBeGreaterThanOrEqual(1);
      await openBoard(page);
      await eventually(() => card(page, "NEW").count()).toBe(1);
      await drag(page, card(page, "NEW"), column(page, "IN_PROGRESS"));

      const dialog = page.getByRole("dialog");
      await eventually(() => dialog.getByRole("heading").textContent()).toBe(`Estimate for ${number}`);
      await dialog.getByLabel("Price (RM)").fill("180.00");
      // Within a day of now, so the ticket is flagged as due soon.
      await dialog.getByLabel("Ready by").fill(shopLocal(new Date(Date.now() + 3 * 3600_000)));
      await dialog.getByRole("button", { name: "Send estimate" }).click();

      await eventually(() => card(page, "IN_PROGRESS").count()).toBe(1);
      expect(await card(page, "NEW").count()).toBe(0);
      const moved = card(page, "IN_PROGRESS");
      expect(await moved.locator("[data-approval]").textContent()).toContain("Awaiting approval");
      expect(await moved.locator("[data-sla]").textContent()).toContain("Due soon");

      await page.getByRole("link", { name: "Dashboard" }).click();
      const attention = page.getByTestId("needs-attention").locator(`[data-ticket="${number}"]`);
      await eventually(() => attention.textContent()).toContain("Due soon");
    });
  });

  it("refuses an illegal move with the reason, and the card stays where it was", async () => {
    await as(tech, "illegal-move", async (page) => {
      await openBoard(page);
      await eventually(() => card(page, "IN_PROGRESS").count()).toBe(1);
      // By keyboard this time: space picks the card up, the arrow moves it a column, space drops it.
      // Each key once the board has taken the last one: the grip pressed, then dnd-kit's announcement.
      const handle = card(page, "IN_PROGRESS").getByTestId("drag-handle");
      const announced = page.locator('[id^="DndLiveRegion"]');
      await handle.focus();
      await page.keyboard.press("Space");
      await eventually(() => handle.getAttribute("aria-pressed")).toBe("true");
      await page.keyboard.press("ArrowRight");
      await eventually(() => announced.textContent()).toBe(`${number} is over Ready.`);
      await page.keyboard.press("Space");

      const refused = page.getByTestId("move-refused");
      await eventually(() => refused.textContent()).toContain(`${number} cannot move to Ready`);
      expect(await refused.textContent()).toContain("In progress (Awaiting approval)");
      expect(await refused.textContent()).toContain("Approve for customer");
      expect(await card(page, "IN_PROGRESS").count()).toBe(1);
      expect(await card(page, "READY").count()).toBe(0);
      expect(await page.getByRole("dialog").count()).toBe(0);
    });
  });

  it("lets the customer approve the estimate from the link in their WhatsApp", async () => {
    const estimate = await eventually(
      async () => (await chat()).find((m) => m.text.includes("RM 180.00"))?.text,
    ).toBeTruthy();
    expect(estimate).toBeDefined();
    const sent = (await chat()).find((m) => m.text.includes("RM 180.00"))!.text;
    const link = /https?:\/\/\S+\/s\/[\w.-]+/.exec(sent)![0];
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "en-GB",
      isMobile: true,
    });
    const page = await context.newPage();
    try {
      await page.goto(`${base}${new URL(link).pathname}`);
      expect(await page.getByTestId("estimate-price").textContent()).toBe("RM 180.00");
      await page.getByRole("button", { name: "Approve the repair" }).click();
      await eventually(() => page.getByTestId("estimate-answer-state").textContent()).toBe(
        "You approved the estimate.",
      );
    } finally {
      await context.close();
    }
  });

  it("shows the passcode only once assigned, and marks it ready with a photo", async () => {
    await as(tech, "assign-and-ready", async (page) => {
      await openBoard(page);
      await eventually(() => card(page, "IN_PROGRESS").locator("[data-approval]").textContent()).toContain(
        "Approved",
      );

      await card(page, "IN_PROGRESS").getByRole("link", { name: number }).click();
      await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
      await page.getByRole("button", { name: "Show passcode" }).click();
      await eventually(() => page.getByTestId("passcode-refused").textContent()).toContain("Not allowed");
      await page.getByRole("button", { name: "Assign" }).click();
      await page.getByRole("dialog").getByLabel("Technician").click();
      await page.getByRole("option", { name: "Test tech (me)" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
      await eventually(() => page.getByRole("dialog").count()).toBe(0);
      await page.getByRole("button", { name: "Show passcode" }).click();
      await eventually(() => page.getByTestId("passcode-value").textContent()).toBe("2580");

      await openBoard(page);
      await drag(page, card(page, "IN_PROGRESS"), column(page, "READY"));
      const dialog = page.getByRole("dialog");
      await eventually(() => dialog.getByRole("heading").textContent()).toBe(`Mark ${number} ready`);
      await dialog
        .getByTestId("photo-input")
        .setInputFiles({ name: "done.png", mimeType: "image/png", buffer: PNG });
      await eventually(() => dialog.locator('[data-photo-state="done"]').count()).toBe(1);
      await dialog.getByLabel("Note (optional)").fill("New screen fitted");
      await dialog.getByRole("button", { name: "Mark ready" }).click();
      await eventually(() => card(page, "READY").count()).toBe(1);
      expect(await card(page, "IN_PROGRESS").count()).toBe(0);
    });
  });

  it("sends the customer the completion photo and the invoice link", async () => {
    await eventually(async () => {
      const messages = await chat();
      return (
        messages.some((m) => m.text.includes(`/s/${token}#invoice`) || m.text.includes("#invoice")) &&
        messages.some((m) => m.kind === "image")
      );
    }).toBe(true);
  });

  it("takes the pickup payment as a cashier and shows CLOSED with the events in order", async () => {
    await as(cashier, "pickup", async (page) => {
      await openBoard(page);
      await card(page, "READY").getByRole("link", { name: number }).click();
      await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
      await page.getByTestId("invoice").waitFor();
      // A cashier may not write notes or estimates: only the counter's steps are offered.
      expect(await page.getByTestId("note-composer").count()).toBe(0);
      expect(
        await page.locator("button[data-step]").evaluateAll((b) => b.map((e) => e.getAttribute("data-step"))),
      ).toEqual(["pickup"]);
      expect(await page.getByTestId("amount-due").textContent()).toBe("RM 180.00");

      await page.getByRole("button", { name: "Pickup and payment" }).click();
      const dialog = page.getByRole("dialog");
      expect(await dialog.getByTestId("remaining").textContent()).toBe("RM 180.00");
      await dialog.getByRole("button", { name: "Add DuitNow" }).click();
      await dialog.getByRole("button", { name: "Remove Cash" }).click();
      await dialog.getByRole("button", { name: "Rest" }).click();
      expect(await dialog.getByLabel("DuitNow amount").inputValue()).toBe("180.00");
      await dialog.getByRole("button", { name: "Take payment and close" }).click();

      await eventually(() => page.locator("h1 ~ [data-status]").first().textContent()).toBe("Closed");
      expect(await page.locator('[data-testid="invoice"] [data-invoice-status]').textContent()).toBe("Paid");
      const events = await page
        .locator("[data-event]")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-event")));
      expect(events).toEqual([
        "CREATED",
        "ESTIMATE_SET",
        "CUSTOMER_APPROVED",
        "ASSIGNED",
        "READY",
        "PICKED_UP",
        "CLOSED",
      ]);
      expect(await page.locator('[data-event="PICKED_UP"]').textContent()).toContain(
        "paid RM 180.00 by DuitNow QR",
      );
      // The intake photo and the completion photo, both viewable large.
      expect(await page.getByTestId("gallery").locator("img").count()).toBe(2);
      await page.getByTestId("gallery").locator("button").last().click();
      await eventually(() =>
        page
          .getByTestId("lightbox-image")
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      ).toBe(1);
      await page.keyboard.press("Escape");
      // The customer was told at each step; the chat shows up in the timeline once the gateway has sent it.
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.getByTestId("timeline").waitFor();
            return page.locator('[data-message="out"]').count();
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBeGreaterThanOrEqual(3);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(SCREENSHOTS, "ticket-closed.png"), fullPage: true });
    });
  });

  it("finds the ticket by the customer's phone, written the local way", async () => {
    await as(cashier, "search-by-phone", async (page) => {
      await openBoard(page);
      await page
        .getByLabel("Search tickets")
        .fill(`0${phone.slice(3, 5)}-${phone.slice(5, 8)} ${phone.slice(8)}`);
      const results = page.getByTestId("search-results");
      await eventually(() => results.locator(`[data-ticket="${number}"]`).count()).toBe(1);
      expect(await results.locator(`[data-ticket="${number}"]`).textContent()).toContain("Nurul Aina");
    });
  });

  it("shows the customer's consents with their evidence on the CRM page", async () => {
    await as(tech, "crm-consent", async (page) => {
      await page.goto(`${base}/customers`);
      await page.getByLabel("Search customers").fill(phone.slice(3));
      await page
        .locator(`table [data-customer="${phone}"]`)
        .getByRole("link", { name: "Nurul Aina" })
        .click();
      await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
      const whatsapp = page.locator('[data-consent-kind="whatsapp"]');
      await eventually(() => whatsapp.count()).toBeGreaterThanOrEqual(1);
      // A fresh shop answers the first version of the form.
      expect(await whatsapp.first().getByTestId("consent-source").textContent()).toBe("intake_form:v1");
      expect(await whatsapp.first().textContent()).toContain("Given");
      expect((await whatsapp.first().getByTestId("consent-text").textContent())?.length).toBeGreaterThan(10);
      expect(await page.getByTestId("customer-tickets").textContent()).toContain(number);
      await page.screenshot({ path: path.join(SCREENSHOTS, "customer.png"), fullPage: true });
    });
  });

  it("lets the counter stop WhatsApp messages on the customer's request, and only an admin restore them", async () => {
    const openCustomer = async (page: Page) => {
      await page.goto(`${base}/customers`);
      await page.getByLabel("Search customers").fill(phone.slice(3));
      await page
        .locator(`table [data-customer="${phone}"]`)
        .getByRole("link", { name: "Nurul Aina" })
        .click();
      await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    };
    const latest = (page: Page) => page.locator('[data-consent-kind="whatsapp"]').first();
    await as(cashier, "consent-withdraw", async (page) => {
      await openCustomer(page);
      await page.getByTestId("whatsapp-consent-withdraw").click();
      await page.getByLabel("What the customer asked, and how").fill("Asked at the counter to stop messages");
      await page.getByRole("button", { name: "Stop messages" }).click();
      await eventually(() => latest(page).getByTestId("consent-source").textContent()).toBe("staff");
      expect(await latest(page).textContent()).toContain("Withdrawn");
      // Restoring is an admin's call: the counter sees no button for it.
      expect(await page.getByTestId("whatsapp-consent-restore").count()).toBe(0);
    });
    await as(ADMIN, "consent-restore", async (page) => {
      await openCustomer(page);
      await page.getByTestId("whatsapp-consent-restore").click();
      await page.getByLabel("What the customer asked, and how").fill("Customer phoned to get updates again");
      await page.getByRole("button", { name: "Restore messages" }).click();
      await eventually(async () => (await latest(page).textContent())?.includes("Given")).toBe(true);
      expect(await latest(page).getByTestId("consent-source").textContent()).toBe("staff");
    });
    // One confirmation each way reached the customer's WhatsApp.
    await eventually(
      async () =>
        (await chat()).filter((m) => m.direction === "out" && /Reply (START|STOP)/.test(m.text)).length,
    ).toBe(2);
  });
});
