import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { freePort, healthy, interrupt, kill, type Running, startProduct } from "../../functions/test/runtime";

/**
 * Debian's chromium (never a downloaded browser). Where it is missing the browser tests skip,
 * except in CI (`CI` set), where they fail: a green CI run must have driven the dashboard.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const IN_CI = !["", "0", "false"].includes(process.env.CI ?? "");
if (!HAS_CHROMIUM && IN_CI)
  throw new Error(
    `${CHROMIUM} is missing and CI is set, so the browser tests cannot be skipped: install it (apt-get install -y chromium) or point CHROMIUM_PATH at it`,
  );

/** Headless chromium, quiet: no background traffic, no first-run pages. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Logs in through the API; returns the bearer token. */
export async function apiLogin(base: string, user: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(user),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * A new staff account made by the admin. By default its owner has already replaced the
 * temporary password with their own (as on every day after the first), through the API; with
 * `temporary: true` it still has the one-time password the admin was shown.
 */
export async function createStaff(
  base: string,
  adminToken: string,
  role: "admin" | "tech" | "cashier",
  options: { temporary?: boolean } = {},
) {
  const email = `${role}-${randomBytes(4).toString("hex")}@example.test`;
  const response = await fetch(`${base}/api/users`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ email, name: `Test ${role}`, role }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { user: { id: string }; temporary_password: string };
  const account = { id: body.user.id, email, password: body.temporary_password };
  if (options.temporary) return account;
  const password = `kopi-o-kosong-${randomBytes(4).toString("hex")}`;
  const changed = await fetch(`${base}/api/auth/password`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${await apiLogin(base, account)}`,
    },
    body: JSON.stringify({ current_password: account.password, new_password: password }),
  });
  expect(changed.status).toBe(200);
  return { ...account, password };
}

/**
 * The product as a newcomer's `npm start` runs it (PGlite under `dataDir`, the first admin from
 * ADMIN_EMAIL/ADMIN_PASSWORD, plus `env`), once healthy; a chromium; and the admin's API token.
 */
export async function openShop(
  dataDir: string,
  admin: { email: string; password: string },
  env: Record<string, string> = {},
) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The dashboard is built once before the test files (packages/functions/test/global-web.ts).
  const runtime: Running = startProduct({
    port,
    dataDir,
    env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, ...env },
  });
  await healthy(runtime, 300_000);
  const browser: Browser = await launchChromium();
  return { runtime, base, browser, adminToken: await apiLogin(base, admin) };
}

/** A JSON call to the API as `token`; fails the test on any error status. A body-less call declares no media type. */
export async function apiCall<T>(
  base: string,
  token: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Signs `user` in through the login form, then opens `route`. */
export async function signIn(
  page: Page,
  base: string,
  user: { email: string; password: string },
  route: string,
) {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/`, { waitUntil: "commit" });
  await page.goto(`${base}${route}`);
}

/**
 * Runs `run` in a fresh browser context in the shop's zone (a phone's screen with `mobile`);
 * on failure its page is saved as `screenshot`.
 */
export async function inContext(
  browser: Browser,
  screenshot: string,
  options: { mobile?: boolean },
  run: (page: Page, context: BrowserContext) => Promise<void>,
) {
  const context = await browser.newContext({
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    isMobile: options.mobile,
    hasTouch: options.mobile,
    locale: "en-GB",
    timezoneId: "Asia/Kuala_Lumpur",
  });
  // Two shared cores: a page's first load can take a while under the other test files' builds.
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  try {
    await run(page, context);
  } catch (error) {
    await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}

/** For afterAll: whatever state a failed test left, the browser closed, the product stopped and its data gone. */
export async function closeShop(browser: Browser | undefined, runtime: Running | undefined, dataDir: string) {
  await browser?.close();
  if (runtime) await interrupt(runtime).catch(() => kill(runtime));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
