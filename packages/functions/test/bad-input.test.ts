import { Blob } from "@wapos/core/blob/index";
import { customerTable } from "@wapos/core/customer/customer.sql";
import { useTransaction } from "@wapos/core/db/transaction";
import { Queue } from "@wapos/core/queue/index";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../src/api/index";
import { createPublicApi } from "../src/public/index";
import { fromAddress, type LocalAws, randomAddress, randomPhone, staff, startLocalAws } from "./harness";

const api = createApi();
const pub = createPublicApi();
let aws: LocalAws;
let admin: Record<string, string>;
let ticketId: string;

const JSON_TYPE = { "content-type": "application/json" };
const customers = async () =>
  (await useTransaction((tx) => tx.select({ n: count() }).from(customerTable)))[0]!.n;

async function intakeBody(extra: Record<string, unknown> = {}) {
  const form = (await (await pub.request("/api/public/intake")).json()) as {
    form: { version: number };
    upload_session: string;
  };
  return {
    form_version: form.form.version,
    upload_session: form.upload_session,
    language: "en",
    name: "Lim Wei Ming",
    phone: randomPhone(),
    device: { category: "phone", brand: "Vivo", model: "Y36" },
    problem: "Speaker crackles",
    terms_accepted: true,
    whatsapp_opt_in: false,
    ...extra,
  };
}

const intake = (init: RequestInit) =>
  pub.request("/api/public/intake", { method: "POST", ...init }, fromAddress(randomAddress()));

async function expectRefused(response: Response, status: number, code: string) {
  const body = (await response.json()) as {
    code: string;
    message: string;
    issues?: { path: string; code: string }[];
  };
  expect({ status: response.status, code: body.code }).toEqual({ status, code });
  expect(body.message.length).toBeGreaterThan(0);
  return body;
}

beforeAll(async () => {
  aws = await startLocalAws({ names: ["wa-outbound-tx"] });
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  admin = (await staff("admin")).auth;
  const created = await intake({ headers: JSON_TYPE, body: JSON.stringify(await intakeBody()) });
  expect(created.status).toBe(201);
  const { ticket_number } = (await created.json()) as { ticket_number: string };
  const found = (await (
    await api.request(`/api/tickets/search?q=${ticket_number}`, { headers: admin })
  ).json()) as {
    tickets: { id: string }[];
  };
  ticketId = found.tickets[0]!.id;
});
afterAll(async () => {
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  await aws?.stop();
});

describe("bad input is a 4xx with the reason, never a 500", () => {
  it.each([
    ["a cut-off object", '{"name": "Ali'],
    ["an empty body", ""],
    ["no body at all", undefined],
  ])(
    "answers malformed JSON (%s) on the public intake with 400 request.malformed_json",
    async (_label, body) => {
      await expectRefused(await intake({ headers: JSON_TYPE, body }), 400, "request.malformed_json");
    },
  );

  it("refuses a NUL in a JSON string, naming the field, and writes nothing", async () => {
    const before = await customers();
    const body = await intakeBody({
      name: "Ali\u0000bin Abu",
      device: { category: "phone", brand: "X\u0000", model: "Y" },
    });
    const refused = await expectRefused(
      await intake({ headers: JSON_TYPE, body: JSON.stringify(body) }),
      400,
      "request.invalid",
    );
    expect(refused.issues!.map((issue) => issue.path).sort()).toEqual(["device.brand", "name"]);
    expect(refused.issues!.every((issue) => issue.code === "nul_character")).toBe(true);
    expect(await customers()).toBe(before);
  });

  it.each([
    ["GET", "/api/tickets/search?q=ab%00cd"],
    ["GET", "/api/customers?q=%00"],
    ["GET", "/api/audit?entity=ticket%00"],
    ["GET", "/api/tickets/kanban?priority=%00"],
    ["GET", "/api/public/tickets/abcdefghijkl%00mnop"],
    ["GET", "/api/public/einvoice/abcdefghijkl%00mnop"],
  ])("refuses a NUL in the address or query of %s %s with 400", async (method, path) => {
    const app = path.startsWith("/api/public") ? pub : api;
    await expectRefused(await app.request(path, { method, headers: admin }), 400, "request.invalid");
  });

  it("refuses a NUL in a staff write's text field with 400", async () => {
    const response = await api.request(`/api/tickets/${ticketId}/notes`, {
      method: "POST",
      headers: { ...JSON_TYPE, ...admin },
      body: JSON.stringify({ note: "called the customer\u0000" }),
    });
    await expectRefused(response, 400, "request.invalid");
  });

  it.each([
    [
      "an estimate's ready time",
      "PATCH",
      () => `/api/tickets/${ticketId}/estimate`,
      { price_estimate: "80.00", eta_ready_at: "0000-01-01T00:00:00Z" },
    ],
    ["the audit filter", "GET", () => "/api/audit?from=0000-01-01T00:00:00Z", undefined],
    ["the e-invoice export", "GET", () => "/api/einvoice/export?from=0000-01-01&to=2026-01-31", undefined],
    ["a consolidation month", "POST", () => "/api/einvoice/runs", { month: "0000-12" }],
  ])("refuses year 0000 in %s with 400", async (_label, method, path, body) => {
    const response = await api.request(path(), {
      method,
      headers: { ...JSON_TYPE, ...admin },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    await expectRefused(response, 400, "request.invalid");
  });

  it.each([
    ["application/jsonx", new TextEncoder().encode("{}")],
    ["application/json; charset=utf-16", new TextEncoder().encode("{}")],
    ["text/plain", new TextEncoder().encode("{}")],
    ["application/json", new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])],
    ["application/json", new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
  ])("refuses a body sent as %s (%#) with 415 and the reason", async (type, bytes) => {
    const body = await expectRefused(
      await intake({ headers: { "content-type": type }, body: bytes }),
      415,
      "request.unsupported_media_type",
    );
    expect(body.message).toMatch(/JSON|UTF/);
  });

  it("refuses a body without a Content-Type with 415", async () => {
    await expectRefused(
      await intake({ body: new TextEncoder().encode("{}") }),
      415,
      "request.unsupported_media_type",
    );
  });

  it("refuses 44 MB of JSON on the public intake with 413: JSON gets the small limit there too", async () => {
    const body = JSON.stringify({ ...(await intakeBody()), problem: "x".repeat(44 * 1024 * 1024) });
    await expectRefused(await intake({ headers: JSON_TYPE, body }), 413, "request.too_large");
  });

  it("stops a body streamed without Content-Length at the limit with 413", async () => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 8 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await intake({ headers: JSON_TYPE, body: stream, duplex: "half" } as RequestInit);
    await expectRefused(response, 413, "request.too_large");
    expect(sent).toBeLessThan(1024 * 1024);
  });

  it("takes a form post without JavaScript, and refuses one over the JSON limit: photos go to storage", async () => {
    const body = await intakeBody();
    const form = () => {
      const data = new FormData();
      for (const [name, value] of Object.entries({
        form_version: String(body.form_version),
        upload_session: body.upload_session,
        language: "en",
        name: "Tan Mei Ling",
        phone: randomPhone(),
        "device.category": "phone",
        "device.brand": "Realme",
        "device.model": "C55",
        problem: "Screen flickers",
        terms_accepted: "on",
      }))
        data.set(name, value);
      return data;
    };
    const padded = form();
    padded.set("padding", "y".repeat(300 * 1024));
    await expectRefused(await intake({ body: padded }), 413, "request.too_large");
    const response = await intake({ body: form() });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/intake\/done\?/);
  });
});
