import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { addDays, dayIn, zonedInstant } from "@wapos/core/util/zone";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Running } from "../../functions/test/runtime";
import { apiCall, closeShop, createStaff, HAS_CHROMIUM, inContext, openShop, signIn } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/appointments/", import.meta.url));
const ADMIN = {
  email: "admin@example.test",
  password: `Appointments-test-${randomBytes(6).toString("hex")}`,
};
const ZONE = "Asia/Kuala_Lumpur";

type Appointment = { id: string; starts_at: string; status: string };

describe.skipIf(!HAS_CHROMIUM)("the appointments page", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-appointments-browser-"));
  let runtime: Running | undefined;
  let browser: Browser | undefined;
  let base: string;
  let adminToken: string;
  let cashier: { email: string; password: string };
  // Tomorrow in the shop's zone, whatever the hour the suite runs: every slot of it is ahead.
  const day = addDays(dayIn(new Date(), ZONE), 1);
  const at = (clock: string) => zonedInstant(day, clock, ZONE).toISOString();
  const booked: Appointment[] = [];

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN));
    cashier = await createStaff(base, adminToken, "cashier");
    const open = { open: true, from: "09:00", to: "18:00" };
    await apiCall(base, adminToken, "PUT", "/api/settings", {
      appointments: {
        slot_minutes: 30,
        days_ahead: 14,
        hours: { sun: open, mon: open, tue: open, wed: open, thu: open, fri: open, sat: open },
      },
    });
    for (const [clock, phone] of [
      ["10:00", "+60123456701"],
      ["10:30", "+60123456702"],
    ] as const)
      booked.push(
        await apiCall<Appointment>(base, adminToken, "POST", "/api/appointments", {
          starts_at: at(clock),
          phone,
          note: `walk-in ${clock}`,
        }),
      );
  }, 360_000);

  afterAll(() => closeShop(browser, runtime, dataDir), 60_000);

  const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

  it("shows a cashier the day's bookings, moves one to a free slot and cancels the other", async () => {
    await inContext(browser!, path.join(SCREENSHOTS, "failed.png"), {}, async (page) => {
      await signIn(page, base, cashier, "/appointments");
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Appointments" })
        .waitFor();
      await page.getByLabel("Day", { exact: true }).fill(day);
      const rows = page.getByTestId("appointment");
      await eventually(() => rows.count()).toBe(2);
      expect(await rows.nth(0).textContent()).toContain("10:00 AM–10:30 AM");
      expect(await rows.nth(0).textContent()).toContain("walk-in 10:00");

      await rows.nth(0).getByRole("button", { name: "Move" }).click();
      const slot = rows.nth(0).getByLabel("Free slot");
      // Only free slots are offered: 10:30 is the other booking's.
      await eventually(() => slot.locator("option").allTextContents()).toContain("11:00 AM");
      expect(await slot.locator("option").allTextContents()).not.toContain("10:30 AM");
      await slot.selectOption({ label: "11:00 AM" });
      await rows.nth(0).getByRole("button", { name: "Move here" }).click();
      // In time order, the moved booking is now second.
      await eventually(() => rows.nth(1).textContent()).toContain("11:00 AM–11:30 AM");

      page.once("dialog", (dialog) => void dialog.accept());
      await rows.nth(0).getByRole("button", { name: "Cancel" }).click();
      await eventually(() => rows.nth(0).textContent()).toContain("Cancelled");

      await page.getByRole("button", { name: "Week" }).click();
      await eventually(() => page.getByTestId("appointments-range").textContent()).toContain("–");
      await eventually(() => rows.count()).toBe(2);
      await page.screenshot({ path: path.join(SCREENSHOTS, "appointments.png"), fullPage: true });
    });
    const { appointments } = await apiCall<{ appointments: Appointment[] }>(
      base,
      adminToken,
      "GET",
      `/api/appointments?from=${day}&to=${day}`,
    );
    expect(appointments.find((a) => a.id === booked[0]!.id)).toMatchObject({
      starts_at: at("11:00"),
      status: "booked",
    });
    expect(appointments.find((a) => a.id === booked[1]!.id)?.status).toBe("cancelled");
  });

  it("books a visit for a caller from the form, then marks it done when they came", async () => {
    await inContext(browser!, path.join(SCREENSHOTS, "book-failed.png"), {}, async (page) => {
      await signIn(page, base, cashier, "/appointments");
      await page.getByRole("button", { name: "Book a visit" }).click();
      const form = page.getByRole("form", { name: "Book a visit" });
      // The caller's number typed the local way.
      await form.getByLabel("Customer's phone").fill("012-345 6703");
      await form.getByLabel("Day of the visit").fill(day);
      const slot = form.getByLabel("Free slot");
      await eventually(() => slot.locator("option").allTextContents()).toContain("12:00 PM");
      await slot.selectOption({ label: "12:00 PM" });
      await form.getByLabel("Note (what the visit is for)").fill("battery check");
      await form.getByRole("button", { name: "Book", exact: true }).click();
      await eventually(() => form.count()).toBe(0);
      const row = page.getByTestId("appointment").filter({ hasText: "battery check" });
      await eventually(() => row.textContent()).toContain("12:00 PM–12:30 PM");
      expect(await row.textContent()).toContain("+60 12-345 6703");
      await row.getByRole("button", { name: "Done" }).click();
      await eventually(() => row.textContent()).toContain("Done");
      await eventually(() => row.getByRole("button", { name: "Move" }).count()).toBe(0);
    });
    const { appointments } = await apiCall<{
      appointments: (Appointment & { phone: string; note: string })[];
    }>(base, adminToken, "GET", `/api/appointments?from=${day}&to=${day}`);
    expect(appointments.find((a) => a.note === "battery check")).toMatchObject({
      phone: "+60123456703",
      starts_at: at("12:00"),
      status: "done",
    });
  });
});
