import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { randomPhone, waitFor } from "./harness";
import { freePort, interrupt, kill, type Running, startProduct } from "./runtime";

const ADMIN = { email: "owner@example.test", password: "correct horse battery staple 42" };

type Health = { status: string; components: Record<string, { status: string; error?: string }> };

/**
 * `WA_MODE=baileys npm start` with WhatsApp out of reach (this machine has no internet):
 * the real Baileys socket fails to connect and backs off, and everything else still works.
 */
describe("npm start with the Baileys transport and no way to reach WhatsApp", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-baileys-"));
  let running: Running | undefined;
  afterAll(async () => {
    kill(running);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("reports WhatsApp as not connected with the reason, and keeps the rest of the product working", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    running = startProduct({
      port,
      dataDir,
      // The dashboard plays no part here (the smoke test serves it); without it this is an integration test.
      env: { WA_MODE: "baileys", SKIP_WEB: "1", ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    });
    const health = await waitFor(
      async () => {
        const response = await fetch(`${base}/api/health`).catch(() => undefined);
        if (!response) return undefined;
        const body = (await response.json()) as Health;
        return body.components.whatsapp_gateway?.error?.includes("retrying") ? { response, body } : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${running!.output()}`);
    });
    expect(health.response.status).toBe(503);
    expect(health.body.components.whatsapp_gateway!.error).toMatch(
      /^connection is closed: .+; retrying in \d+ s/,
    );
    for (const name of ["database", "queues", "blob_store"])
      expect(health.body.components[name]!.status).toBe("ok");

    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    const { access_token } = (await login.json()) as { access_token: string };
    const auth = { authorization: `Bearer ${access_token}` };

    const connection = await fetch(`${base}/api/whatsapp/connection`, { headers: auth });
    expect(connection.status).toBe(200);
    const view = (await connection.json()) as { state: string; mode: string; last_error: string };
    expect(view).toMatchObject({ state: "closed", mode: "baileys" });
    expect(view.last_error).toMatch(/retrying in/);

    expect((await fetch(`${base}/api/tickets/kanban`, { headers: auth })).status).toBe(200);
    // The dev routes that drive the simulated phone do not exist with a real one.
    const dev = await fetch(`${base}/api/dev/wa/messages?phone=${encodeURIComponent(randomPhone())}`, {
      headers: auth,
    });
    expect(dev.status).toBe(404);

    await interrupt(running);
    expect(running.output()).toContain("stopped cleanly");
  }, 180_000);
});
