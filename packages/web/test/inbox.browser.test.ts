import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeRequest } from "../../functions/test/intake-request";
import type { Running } from "../../functions/test/runtime";
import { waitFor } from "../../functions/test/wait";
import { apiCall, closeShop, createStaff, HAS_CHROMIUM, inContext, openShop, signIn } from "./harness";

const SCREENSHOTS = fileURLToPath(new URL("./screenshots/inbox/", import.meta.url));
const ADMIN = { email: "admin@example.test", password: `Inbox-test-${randomBytes(6).toString("hex")}` };

type ChatMessage = {
  id: string;
  wa_message_id: string;
  direction: "in" | "out";
  author: string;
  text: string | null;
  kind: string;
  status: string;
};

// A 1×1 PNG, sent from the reply box as a photo.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

const randomPhone = () => `+6012${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

describe.skipIf(!HAS_CHROMIUM)("the staff inbox on the simulated WhatsApp", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-inbox-browser-"));
  const phone = randomPhone();
  let runtime: Running | undefined;
  let browser: Browser;
  let base: string;
  let adminToken: string;
  let ticketNumber: string;

  const call = <T>(method: string, route: string, body?: unknown) =>
    apiCall<T>(base, adminToken, method, route, body);

  /** The customer's own WhatsApp chat as the simulated phone holds it, oldest first. */
  const chat = async () =>
    (
      await call<{ messages: ChatMessage[] }>(
        "GET",
        `/api/dev/wa/messages?phone=${encodeURIComponent(phone)}`,
      )
    ).messages;

  /** The customer writes to the shop; returns the ledger's row for it once the inbound consumer recorded it. */
  async function customerWrites(text: string) {
    const { message_id } = await call<{ message_id: string }>("POST", "/api/dev/wa/inbound", {
      from: phone,
      text,
    });
    await eventually(async () => (await chat()).some((m) => m.wa_message_id === message_id)).toBe(true);
    return (await chat()).find((m) => m.wa_message_id === message_id)!;
  }

  /** Pages and queues answer in their own time: waits up to 20 s (expect.poll's own default is 1 s). */
  const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });

  beforeAll(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ({ runtime, base, browser, adminToken } = await openShop(dataDir, ADMIN));
    const { settings } = await call<{ settings: Record<string, Record<string, unknown>> }>(
      "GET",
      "/api/settings",
    );
    await call("PUT", "/api/settings", { assistant: { ...settings.assistant, enabled: true } });
    // A customer with a repair, from the public intake form.
    const form = await call<Parameters<typeof intakeRequest>[0]>("GET", "/api/public/intake");
    ({ ticket_number: ticketNumber } = await call<{ ticket_number: string }>(
      "POST",
      "/api/public/intake",
      intakeRequest(form, phone),
    ));
    // The acknowledgement reached the customer's phone.
    await waitFor(async () => (await chat()).some((m) => m.direction === "out" && m.status !== "queued"), {
      timeoutMs: 20_000,
    });
  }, 360_000);

  afterAll(() => closeShop(browser, runtime, dataDir), 60_000);

  it("shows a new message without reloading, sends staff's reply, pauses the assistant, and hands the chat back", async () => {
    // The counter answers chats too.
    const cashier = await createStaff(base, adminToken, "cashier");
    await inContext(browser, path.join(SCREENSHOTS, "failed.png"), {}, async (page: Page) => {
      await signIn(page, base, cashier, "/whatsapp/inbox");
      const thread = page.locator(`[data-testid="inbox-thread"][data-phone="${phone}"]`);
      await thread.click();
      const conversation = page.getByTestId("inbox-conversation");
      await expect.poll(() => conversation.getByTestId("conversation-name").textContent()).toBe("Siti Hajar");
      // Anything that reloads the page forgets this.
      await page.evaluate(() => Object.assign(window, { sameDocument: true }));
      const stillSamePage = () =>
        page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument === true);

      // A question the shop's records cannot answer: it shows, the assistant gives the fallback
      // and flags the chat for staff.
      await customerWrites("Do you also sell coffee?");
      const messages = conversation.getByTestId("inbox-messages");
      await messages.getByText("Do you also sell coffee?").waitFor();
      await messages.locator('[data-author="bot"]').first().waitFor();
      await thread.getByTestId("needs-staff").waitFor();
      expect(await stillSamePage()).toBe(true);

      // Staff reply, with the repair's status link inserted from beside the chat.
      await page.getByLabel("Reply", { exact: true }).fill("Yes, 3pm is fine. Your repair:");
      await page.getByRole("button", { name: `Insert the status link of ${ticketNumber}` }).click();
      await expect
        .poll(() => page.getByLabel("Reply", { exact: true }).inputValue())
        .toMatch(/^Yes, 3pm is fine\. Your repair: http:\/\/[\w.]+:\d+\/s\/[\w-]{22}$/);
      const reply = await page.getByLabel("Reply", { exact: true }).inputValue();
      await page.getByRole("button", { name: "Send", exact: true }).click();

      // The customer's phone has it, from staff, and the assistant is paused in the chat.
      await eventually(async () =>
        (await chat()).some((m) => m.author === "staff" && m.text === reply && m.status !== "queued"),
      ).toBe(true);
      await messages.locator('[data-author="staff"]').getByText("Yes, 3pm is fine.").waitFor();
      const paused = conversation.getByTestId("paused-until");
      await paused.waitFor();
      expect(await paused.textContent()).toContain("Test cashier");
      await thread.getByTestId("paused").waitFor();
      await thread.getByTestId("needs-staff").waitFor({ state: "detached" });

      // A photo from the reply box goes to the customer as an image, the text as its caption.
      await page
        .locator("#inbox-photos")
        .setInputFiles({ name: "part.png", mimeType: "image/png", buffer: PNG });
      await page.getByLabel("Reply", { exact: true }).fill("This is the new screen");
      await eventually(() => page.getByRole("button", { name: "Send", exact: true }).isEnabled()).toBe(true);
      await page.getByRole("button", { name: "Send", exact: true }).click();
      await eventually(async () =>
        (await chat()).some(
          (m) => m.author === "staff" && m.kind === "image" && m.text === "This is the new screen",
        ),
      ).toBe(true);
      await messages.locator('[data-author="staff"]').getByText("This is the new screen").waitFor();

      // The customer writes again: staff see it, and the assistant stays silent. The router
      // decides in the transaction that records the message, so its decision is there already.
      const followUp = await customerWrites(`status ${ticketNumber}`);
      await messages.getByText(`status ${ticketNumber}`).waitFor();
      const decision = await call<{ entries: { action: string }[] }>(
        "GET",
        `/api/audit?entity=wa_message&entity_id=${followUp.id}`,
      );
      expect(decision.entries.map((e) => e.action)).toEqual(["assistant.paused"]);
      expect((await chat()).filter((m) => m.author === "bot")).toHaveLength(1);
      await page.screenshot({ path: path.join(SCREENSHOTS, "paused.png"), fullPage: true });

      // Handed back, the assistant answers the next question, in the inbox without reloading.
      await conversation.getByRole("button", { name: "Hand back to assistant" }).click();
      await paused.waitFor({ state: "detached" });
      await conversation.getByText("The assistant answers this chat when it is turned on.").waitFor();
      await thread.getByTestId("paused").waitFor({ state: "detached" });
      await customerWrites(`is ${ticketNumber} ready?`);
      await messages.locator('[data-author="bot"]').nth(1).waitFor();
      expect(await messages.locator('[data-author="bot"]').nth(1).textContent()).toContain(ticketNumber);
      expect(await stillSamePage()).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, "handed-back.png"), fullPage: true });
    });
  }, 300_000);
});
