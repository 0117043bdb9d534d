import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { randomPhone, waitFor } from "./harness";
import { freePort, healthy, interrupt, kill, type Running, startProduct } from "./runtime";

const ADMIN = { email: "owner@example.test", password: "correct horse battery staple 42" };

/** Logs in as the first admin made from ADMIN_EMAIL / ADMIN_PASSWORD; returns the bearer header. */
async function login(base: string) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  expect(response.status).toBe(200);
  const { access_token } = (await response.json()) as { access_token: string };
  return { authorization: `Bearer ${access_token}` };
}

describe("npm start on the embedded defaults", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-smoke-"));
  let running: Running | undefined;
  afterAll(async () => {
    kill(running);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers /api/health with every component ok, serves the dashboard, stops on Ctrl-C and keeps data", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const phone = randomPhone();

    const start = () =>
      startProduct({
        port,
        dataDir,
        viaNpm: true,
        env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
      });
    running = start();
    const report = await healthy(running);
    expect(new Set(Object.values(report.components).map((c) => c.status))).toEqual(new Set(["ok"]));
    expect((await fetch(base)).status).toBeLessThan(500);
    const auth = await login(base);

    const sent = await fetch(`${base}/api/dev/wa/outbound`, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth },
      body: JSON.stringify({ to: phone, text: "Ticket T-1001 received" }),
    });
    expect(sent.status).toBe(202);
    const chat = `${base}/api/dev/wa/messages?phone=${encodeURIComponent(phone)}`;
    await waitFor(async () => {
      const body = (await (await fetch(chat, { headers: auth })).json()) as {
        messages: { status: string }[];
      };
      return body.messages[0]?.status === "read";
    });

    await interrupt(running);

    running = start();
    await healthy(running);
    // The same admin, the same keys (DATA_DIR/keys.json): the old token is still good.
    const after = (await (await fetch(chat, { headers: auth })).json()) as { messages: { text: string }[] };
    expect(after.messages.map((m) => m.text)).toEqual(["Ticket T-1001 received"]);
    await interrupt(running);
  }, 300_000);
});
