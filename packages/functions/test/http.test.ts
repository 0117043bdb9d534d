import { Blob } from "@wapos/core/blob/index";
import { Message } from "@wapos/core/message/index";
import { Queue } from "@wapos/core/queue/index";
import { NO_PACING } from "@wapos/wa-gateway/pacing";
import { SimulatedTransport } from "@wapos/wa-gateway/simulated";
import { type StartedGateway, startGateway } from "@wapos/wa-gateway/start";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../src/api/index";
import { createPublicApi } from "../src/public/index";
import { type LocalAws, randomPhone, staff, startLocalAws } from "./harness";

let auth: Record<string, string>;
let json: Record<string, string>;

describe("staff and public HTTP APIs", () => {
  let aws: LocalAws;
  let gateway: StartedGateway;
  const api = createApi();
  const publicApi = createPublicApi();

  beforeAll(async () => {
    process.env.WA_SESSION_NAME = `http-${randomPhone()}`;
    aws = await startLocalAws();
    auth = (await staff("admin")).auth;
    json = { "content-type": "application/json", ...auth };
    Queue.setPort(aws.queue);
    Blob.setStore(aws.blob);
    gateway = await startGateway({ transport: new SimulatedTransport(), port: 0, pacing: NO_PACING });
  });
  afterAll(async () => {
    await gateway?.stop();
    Queue.setPort(undefined);
    Blob.setStore(undefined);
    await aws.stop();
  });

  it("reports every component ok on /api/health, and names the one that fails", async () => {
    const ok = await api.request("/api/health");
    expect(ok.status).toBe(200);
    const report = (await ok.json()) as { status: string; components: Record<string, { status: string }> };
    expect(report.status).toBe("ok");
    expect(Object.keys(report.components).sort()).toEqual([
      "blob_store",
      "database",
      "dead_letters",
      "queues",
      "whatsapp_gateway",
    ]);

    await gateway.stop();
    const failing = await api.request("/api/health");
    expect(failing.status).toBe(503);
    const body = (await failing.json()) as typeof report & { components: Record<string, { error?: string }> };
    expect(body.components.whatsapp_gateway).toMatchObject({
      status: "error",
      error: "connection is closed: the gateway stopped",
    });
    expect(body.components.database!.status).toBe("ok");
    gateway = await startGateway({ transport: new SimulatedTransport(), port: 0, pacing: NO_PACING });
  });

  it.each([
    {
      label: "malformed JSON",
      init: () => ({ method: "POST", headers: json, body: '{"to": "+6012' }),
      status: 400,
      code: "request.malformed_json",
    },
    {
      label: "a body failing its schema",
      init: () => ({ method: "POST", headers: json, body: JSON.stringify({ to: "not a phone", text: "" }) }),
      status: 400,
      code: "request.invalid",
    },
    {
      label: "no credentials",
      init: { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
      status: 401,
      code: "auth.required",
    },
    {
      label: "a token that is not a session",
      init: {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer nope" },
        body: "{}",
      },
      status: 401,
      code: "auth.invalid_token",
    },
  ])("answers $label with $status $code", async ({ init, status, code }) => {
    const response = await api.request(
      "/api/dev/wa/outbound",
      (typeof init === "function" ? init() : init) as RequestInit,
    );
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ code });
  });

  it("refuses a body over the size limit with 413 request.too_large", async () => {
    const response = await api.request("/api/dev/wa/outbound", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ to: randomPhone(), text: "x".repeat(300 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "request.too_large" });
  });

  it("lists each failing field in the issues of a 400", async () => {
    const response = await api.request("/api/dev/wa/outbound", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ to: "12", text: "" }),
    });
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((issue) => issue.path).sort()).toEqual(["text", "to"]);
  });

  it("writes nothing when the input is refused", async () => {
    const phone = randomPhone();
    const response = await api.request("/api/dev/wa/outbound", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ to: phone, text: "x".repeat(5000) }),
    });
    expect(response.status).toBe(400);
    expect(await Message.listChat({ phone })).toEqual([]);
    expect((await aws.queue.stats("wa-outbound-tx")).visible).toBe(0);
  });

  it.each([
    ["GET", "/api/nope"],
    ["DELETE", "/api/health"],
    ["GET", "/api/public/nope"],
  ])("answers an unknown route %s %s with a JSON 404", async (method, path) => {
    const app = path.startsWith("/api/public") ? publicApi : api;
    const response = await app.request(path, { method });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      code: "route.not_found",
      message: `No route for ${method} ${path}`,
    });
  });

  it("publishes OpenAPI documents generated from the route schemas", async () => {
    const staff = (await (await api.request("/api/openapi.json")).json()) as {
      openapi: string;
      paths: object;
    };
    expect(staff.openapi).toBe("3.1.0");
    expect(Object.keys(staff.paths)).toEqual(
      expect.arrayContaining([
        "/api/health",
        "/api/dev/wa/inbound",
        "/api/dev/wa/outbound",
        "/api/dev/wa/messages",
      ]),
    );
    const pub = (await (await publicApi.request("/api/public/openapi.json")).json()) as { paths: object };
    expect(Object.keys(pub.paths)).toEqual(
      expect.arrayContaining([
        "/api/public/ping",
        "/api/public/intake",
        "/api/public/intake/photos",
        "/api/public/tickets/{token}",
        "/api/public/tickets/{token}/approve",
        "/api/public/tickets/{token}/decline",
      ]),
    );
  });

  it("hides the dev endpoints when WhatsApp is not simulated", async () => {
    process.env.WA_MODE = "baileys";
    try {
      const response = await createApi().request("/api/dev/wa/messages?phone=%2B60123456789", {
        headers: auth,
      });
      expect(response.status).toBe(404);
    } finally {
      delete process.env.WA_MODE;
    }
  });
});
