import { createId } from "@wapos/core/util/id";
import {
  acquireLease,
  getSession,
  HEARTBEAT_STALE_MS,
  reportSession,
  type SessionReport,
  sessionName,
} from "@wapos/core/whatsapp/session";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TEST_NOW, useFixedClock } from "../../core/test/clock";
import { createApi } from "../src/api/index";
import { staff } from "./harness";

const clock = useFixedClock();
const api = createApi();
const GATEWAY = "test-gateway";
let admin: { user: { id: string }; auth: Record<string, string> };
let tech: Record<string, string>;
let cashier: Record<string, string>;

beforeAll(async () => {
  admin = await staff("admin");
  tech = (await staff("tech")).auth;
  cashier = (await staff("cashier")).auth;
});

// Each test its own session, so the tests never see each other's state or requests.
beforeEach(() => {
  process.env.WA_SESSION_NAME = `connection-${createId()}`;
});

/** Acts as the gateway: takes the session's lease and reports, as the real one does on every change. */
async function gatewayReports(report: Partial<SessionReport> & Pick<SessionReport, "state">) {
  expect(await acquireLease(sessionName(), GATEWAY)).toBe(true);
  expect(
    await reportSession({
      name: sessionName(),
      mode: "simulated",
      instanceId: GATEWAY,
      since: clock.now(),
      ...report,
    }),
  ).toBe(true);
}

const get = (path: string, headers: Record<string, string> = admin.auth) => api.request(path, { headers });

const post = (path: string, body: unknown = {}, headers: Record<string, string> = admin.auth) =>
  api.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

async function auditOf(action: string) {
  const query = new URLSearchParams({ entity: "whatsapp_session", entity_id: sessionName() });
  const { entries } = (await (await get(`/api/audit?${query}`)).json()) as {
    entries: { action: string; actor_type: string; actor_id: string; diff: Record<string, unknown> }[];
  };
  return entries.filter((entry) => entry.action === action);
}

describe("GET /api/whatsapp/connection", () => {
  it("shows the admin the gateway's report: state, linked number, metrics", async () => {
    const metrics = {
      started_at: clock.now().toISOString(),
      state_changes: 3,
      reconnects: 1,
      connected_ms: 42_000,
      watchdog_restarts: 0,
    };
    await gatewayReports({ state: "open", linkedPhone: "+60123456789", metrics });
    const response = await get("/api/whatsapp/connection");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      state: "open",
      mode: "simulated",
      gateway_running: true,
      linked_phone: "+60123456789",
      last_error: null,
      qr: null,
      metrics,
    });
  });

  it("shows the QR while the session waits to be linked", async () => {
    await gatewayReports({ state: "needs_pairing", qr: "2@simulated-qr", lastError: "logged out" });
    expect(await (await get("/api/whatsapp/connection")).json()).toMatchObject({
      state: "needs_pairing",
      qr: "2@simulated-qr",
      last_error: "logged out",
    });
  });

  it("shows a gateway that stopped reporting as closed, with the reason", async () => {
    clock.set(new Date(TEST_NOW.getTime() - HEARTBEAT_STALE_MS - 60_000));
    await gatewayReports({ state: "open", qr: undefined, linkedPhone: "+60123456789" });
    clock.set(TEST_NOW);
    const body = (await (await get("/api/whatsapp/connection")).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ state: "closed", gateway_running: false });
    expect(body.last_error).toMatch(/not running/);
  });

  it("shows closed, with the reason, before any gateway has started", async () => {
    expect(await (await get("/api/whatsapp/connection")).json()).toMatchObject({
      state: "closed",
      gateway_running: false,
      last_error: expect.stringMatching(/not started/),
    });
  });

  it.each([
    ["tech", () => tech],
    ["cashier", () => cashier],
  ])("refuses a %s, who cannot see the QR or pairing code", async (_role, auth) => {
    await gatewayReports({ state: "needs_pairing", qr: "2@simulated-qr" });
    const response = await get("/api/whatsapp/connection", auth());
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "auth.forbidden" });
  });
});

describe("GET /api/whatsapp/status", () => {
  it("tells every staff member the state and alert, and nothing else", async () => {
    await gatewayReports({
      state: "needs_pairing",
      qr: "2@simulated-qr",
      alert: { text: "The phone unlinked this device", at: clock.now() },
    });
    for (const auth of [tech, cashier, admin.auth]) {
      const response = await get("/api/whatsapp/status", auth);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        state: "needs_pairing",
        alert: "The phone unlinked this device",
      });
    }
  });
});

describe("POST /api/whatsapp/connection/pairing-code", () => {
  it("records the request for the gateway with the number in E.164, and audits it with the admin", async () => {
    await gatewayReports({ state: "needs_pairing", qr: "2@simulated-qr" });
    const response = await post("/api/whatsapp/connection/pairing-code", { phone: "012-345 6789" });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ requested: true });

    const row = await getSession(sessionName());
    expect(row?.pairing_request_phone).toBe("+60123456789");
    expect(row?.pairing_requested_at).toBeInstanceOf(Date);
    const [entry] = await auditOf("request_pairing_code");
    expect(entry).toMatchObject({
      actor_type: "user",
      actor_id: admin.user.id,
      diff: { pairing_request_phone: { from: null, to: "+60123456789" } },
    });
  });

  it("refuses a number that is not a phone number, naming the field", async () => {
    await gatewayReports({ state: "needs_pairing", qr: "2@simulated-qr" });
    const response = await post("/api/whatsapp/connection/pairing-code", { phone: "12345" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; issues: { path: string }[] };
    expect(body.code).toBe("request.invalid");
    expect(body.issues.map((issue) => issue.path)).toEqual(["phone"]);
    expect((await getSession(sessionName()))?.pairing_request_phone).toBeNull();
  });

  it("refuses while the shop's number is linked, and records nothing", async () => {
    await gatewayReports({ state: "open", linkedPhone: "+60123456789" });
    const response = await post("/api/whatsapp/connection/pairing-code", { phone: "0123456789" });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "whatsapp.already_linked" });
    expect((await getSession(sessionName()))?.pairing_request_phone).toBeNull();
    expect(await auditOf("request_pairing_code")).toEqual([]);
  });

  it("refuses when the gateway is not running, saying so", async () => {
    clock.set(new Date(TEST_NOW.getTime() - HEARTBEAT_STALE_MS - 60_000));
    await gatewayReports({ state: "needs_pairing", qr: "2@simulated-qr" });
    clock.set(TEST_NOW);
    const response = await post("/api/whatsapp/connection/pairing-code", { phone: "0123456789" });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "whatsapp.gateway_not_running" });
    expect((await getSession(sessionName()))?.pairing_request_phone).toBeNull();
  });

  it("refuses a technician", async () => {
    await gatewayReports({ state: "needs_pairing", qr: "2@simulated-qr" });
    const response = await post("/api/whatsapp/connection/pairing-code", { phone: "0123456789" }, tech);
    expect(response.status).toBe(403);
    expect((await getSession(sessionName()))?.pairing_request_phone).toBeNull();
  });
});

describe("POST /api/whatsapp/connection/logout", () => {
  it("records the request for the gateway and audits it with the admin", async () => {
    await gatewayReports({ state: "open", linkedPhone: "+60123456789" });
    const response = await post("/api/whatsapp/connection/logout");
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ requested: true });
    expect((await getSession(sessionName()))?.logout_requested_at).toBeInstanceOf(Date);
    const [entry] = await auditOf("request_logout");
    expect(entry).toMatchObject({ actor_type: "user", actor_id: admin.user.id });
  });

  it("refuses when no gateway has ever run", async () => {
    const response = await post("/api/whatsapp/connection/logout");
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "whatsapp.gateway_not_running" });
  });

  it("refuses a cashier", async () => {
    await gatewayReports({ state: "open", linkedPhone: "+60123456789" });
    const response = await post("/api/whatsapp/connection/logout", {}, cashier);
    expect(response.status).toBe(403);
    expect((await getSession(sessionName()))?.logout_requested_at).toBeNull();
  });
});
