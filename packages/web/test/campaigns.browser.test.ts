import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeRequest } from "../../functions/test/intake-request";
import type { Running } from "../../functions/test/runtime";
import { apiCall, closeShop, HAS_CHROMIUM, inContext, openShop, signIn } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/campaigns/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Campaigns-test-${randomBytes(6).toString("hex")}` };
const TAG = "battery-week";

// A 1×1 PNG: variant A's picture.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

const randomPhone = () => `+6013${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

describe.skipIf(!HAS_CHROMIUM)("campaigns on the simulated WhatsApp", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-campaigns-browser-"));
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;
  let adminToken: string;
  const phones = [randomPhone(), randomPhone(), randomPhone(), randomPhone(), randomPhone()];

  const call = <T>(method: string, route: string, body?: unknown) =>
    apiCall<T>(base, adminToken, method, route, body);
  /** Pages and queues answer in their own time: waits up to 20 s (expect.poll's own default is 1 s). */
  const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN));
    // A second between messages and no quiet hours, so the test runs at any hour in a few ticks.
    await call("PUT", "/api/settings", {
      campaign_throttle: {
        warmup_per_day: [100],
        daily_cap: 100,
        min_gap_seconds: 1,
        jitter_seconds: 0,
        quiet_hours: { start: "00:00", end: "00:00" },
        per_customer_days: 14,
      },
    });
    // Five customers who opted in on the intake form, tagged for the promotion; one then asks the counter to stop.
    const form = await call<Parameters<typeof intakeRequest>[0]>("GET", "/api/public/intake");
    for (const phone of phones) await call("POST", "/api/public/intake", intakeRequest(form, phone));
    const { customers } = await call<{ customers: { id: string; phone: string }[] }>(
      "GET",
      `/api/customers?q=${encodeURIComponent("Siti")}`,
    );
    for (const customer of customers.filter((c) => phones.includes(c.phone))) {
      await call("PATCH", `/api/customers/${customer.id}`, { tags: [TAG] });
      if (customer.phone === phones[4])
        await call("POST", `/api/customers/${customer.id}/whatsapp-consent/withdraw`, {
          note: "Asked at the counter for no more messages",
        });
    }
  }, 360_000);

  afterAll(() => closeShop(browser, runtime, dataDir), 60_000);

  it("imports contacts from a CSV: checks the file first, names each refused line, then imports the rest", async () => {
    const fresh = randomPhone();
    const csv = [
      "phone,name,language,tags,opt_in_source,opt_in_date,opt_in_wording",
      `${fresh},Mei Ling,en,imported,counter sign-up sheet,02/12/2026,"Yes, send me offers"`,
      "0123,Too short,en,imported,counter sign-up sheet,02/12/2026,Yes",
      `${randomPhone()},No evidence,en,imported,,,`,
    ].join("\r\n");
    await inContext(browser, path.join(SCREENSHOTS, "import-failed.png"), {}, async (page: Page) => {
      await signIn(page, base, ADMIN, "/whatsapp/campaigns");
      await page.getByRole("button", { name: "Import contacts" }).click();
      await page
        .getByLabel("CSV file")
        .setInputFiles({ name: "contacts.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      const report = page.getByTestId("import-report");
      await eventually(() => report.textContent()).toContain(
        "This file would add 1, update 0 and leave out 2.",
      );
      expect(await report.textContent()).toContain('Line 3 (0123): "0123" is not a valid phone number');
      expect(await report.textContent()).toContain("Line 4");
      await page.getByRole("button", { name: "Import 1 contact" }).click();
      await eventually(() => report.textContent()).toContain("Added 1, updated 0, left out 2.");
    });
    const { customers } = await call<{
      customers: { phone: string; whatsapp_consent: string; tags: string[] }[];
    }>("GET", `/api/customers?q=${encodeURIComponent("Mei Ling")}`);
    expect(customers.find((c) => c.phone === fresh)).toMatchObject({
      whatsapp_consent: "opted_in",
      tags: ["imported"],
    });
  }, 120_000);

  it("makes a campaign with two variants, schedules it, follows its progress, pauses, resumes and exports", async () => {
    await inContext(browser, path.join(SCREENSHOTS, "failed.png"), {}, async (page: Page) => {
      await signIn(page, base, ADMIN, "/whatsapp/campaigns");
      await page.getByRole("button", { name: "New campaign" }).click();
      await page.getByLabel("Name (only staff see it)").fill("Battery week");
      await page.getByLabel("Customer tags (any of, separated by commas)").fill(TAG);
      await page.getByLabel("Variant A: English").fill("Hi {customer_name}, battery swap 20% off this week.");
      // Variant A carries a picture, uploaded the moment it is chosen.
      await page
        .locator("#campaign-a-picture")
        .setInputFiles({ name: "promo.png", mimeType: "image/png", buffer: PNG });
      await page.getByRole("button", { name: "Add variant B (A/B test)" }).click();
      await page
        .getByLabel("Variant B: English")
        .fill("{customer_name}, is your {device} slow? New battery, 20% off.");
      // Who gets it, who does not and why, and what they will read, footer included.
      const audience = page.getByTestId("campaign-audience");
      await eventually(() => audience.textContent()).toContain("4 of 5 customers will get it.");
      expect(await audience.textContent()).toContain("1 customer replied STOP: never sent.");
      const samples = page.getByTestId("campaign-samples");
      await eventually(() => samples.textContent()).toContain(
        "Hi Siti Hajar, battery swap 20% off this week.",
      );
      expect(await samples.textContent()).toContain("Siti Hajar, is your Xiaomi Redmi Note 13 slow?");
      expect(await samples.textContent()).toContain("Reply STOP to stop messages from");
      await eventually(() => page.getByTestId("campaign-projection").textContent()).toMatch(
        /may send campaign messages to 100 customers in 24 hours today\. At that pace this audience is done by/,
      );
      await page.screenshot({ path: path.join(SCREENSHOTS, "new-campaign.png"), fullPage: true });
      await page.getByRole("button", { name: "Schedule" }).click();

      // The live page: the governor releases them tick by tick.
      await page.waitForURL(/\/whatsapp\/campaigns\/[0-9a-f-]{36}$/);
      const id = page.url().split("/").pop()!;
      await eventually(() => page.getByTestId("campaign-progress").textContent()).toBe(
        "0 of 4 handled, 4 waiting",
      );
      await call("POST", "/api/dev/campaigns/tick");
      await eventually(() => page.getByTestId("campaign-status").textContent()).toBe("Sending");
      await eventually(() => page.getByTestId("campaign-progress").textContent()).toBe(
        "1 of 4 handled, 3 waiting",
      );

      await page.getByRole("button", { name: "Pause" }).click();
      await eventually(() => page.getByTestId("campaign-paused").textContent()).toBe(
        "Paused. Nothing is sent until you resume.",
      );
      // A tick while paused releases nothing.
      await call("POST", "/api/dev/campaigns/tick");
      const paused = await call<{ progress: { waiting: number } }>("GET", `/api/campaigns/${id}`);
      expect(paused.progress.waiting).toBe(3);

      await page.getByRole("button", { name: "Resume" }).click();
      await eventually(() => page.getByTestId("campaign-status").textContent()).toBe("Sending");
      // Ticks a second apart: each releases what fell due, until nobody waits.
      await eventually(async () => {
        await call("POST", "/api/dev/campaigns/tick");
        return page.getByTestId("campaign-status").textContent();
      }).toBe("Done");
      const metrics = page.getByTestId("campaign-metrics");
      const all = metrics.getByRole("row", { name: /^All/ });
      await eventually(() => all.locator('[data-column="sent"]').textContent()).toBe("4");
      await eventually(() => all.locator('[data-column="read"]').textContent()).toBe("4");
      expect(await all.locator('[data-column="failed"]').textContent()).toBe("0");
      // Both variants went out; the split is 50/50 of four.
      for (const key of ["A", "B"])
        expect(
          await metrics
            .getByRole("row", { name: new RegExp(`^Variant ${key}`) })
            .locator('[data-column="queued"]')
            .textContent(),
        ).toBe("2");
      await page.screenshot({ path: path.join(SCREENSHOTS, "campaign-done.png"), fullPage: true });

      const download = page.waitForEvent("download");
      await page.getByRole("button", { name: "Export CSV" }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe("campaign-battery-week.csv");
      const csv = fs
        .readFileSync((await file.path())!, "utf8")
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\r\n");
      expect(csv[0]).toBe("phone,name,variant,state,delivery,reason,sent_at,replied,opted_out");
      expect(csv.filter((line) => line.split(",")[4] === "read")).toHaveLength(4);
      expect(csv.filter((line) => line.includes(",excluded,"))).toHaveLength(1);

      // Variant A's two recipients got the picture with the text as its caption.
      const kinds = await Promise.all(
        phones.slice(0, 4).map(async (phone) => {
          const { messages } = await call<{
            messages: { kind: string; text: string | null; direction: string }[];
          }>("GET", `/api/dev/wa/messages?phone=${encodeURIComponent(phone)}`);
          return messages.find((m) => m.direction === "out" && /battery/i.test(m.text ?? ""))?.kind;
        }),
      );
      expect(kinds.filter((kind) => kind === "image")).toHaveLength(2);
      expect(kinds.filter((kind) => kind === "text")).toHaveLength(2);

      // The customer who stopped got nothing of it.
      const stopped = await call<{ messages: { text: string | null; direction: string }[] }>(
        "GET",
        `/api/dev/wa/messages?phone=${encodeURIComponent(phones[4]!)}`,
      );
      expect(stopped.messages.some((m) => m.direction === "out" && /battery/i.test(m.text ?? ""))).toBe(
        false,
      );
      expect((await call<{ status: string }>("GET", `/api/campaigns/${id}`)).status).toBe("done");
    });
  }, 180_000);
});
