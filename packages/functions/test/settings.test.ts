import { Blob } from "@wapos/core/blob/index";
import { Settings } from "@wapos/core/settings/index";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { type LocalAws, staff, startLocalAws } from "./harness";

// Settings are shop-wide: this file has a database of its own, and its tests run in order.
useIsolatedDatabase();

const api = createApi();
let admin: Record<string, string>;
let aws: LocalAws;
beforeAll(async () => {
  admin = { "content-type": "application/json", ...(await staff("admin")).auth };
  aws = await startLocalAws({ names: [] });
  Blob.setStore(aws.blob);
});
afterAll(async () => {
  Blob.setStore(undefined);
  await aws.stop();
});

const get = async () => {
  const response = await api.request("/api/settings", { headers: admin });
  return {
    status: response.status,
    text: await response.clone().text(),
    body: (await response.json()) as { settings: Record<string, Record<string, unknown>> },
  };
};
const put = (body: unknown) =>
  api.request("/api/settings", { method: "PUT", headers: admin, body: JSON.stringify(body) });
const audit = async (entity_id: string) => {
  const response = await api.request(`/api/audit?entity=settings&entity_id=${entity_id}&limit=1`, {
    headers: admin,
  });
  return ((await response.json()) as { entries: { diff: Record<string, unknown> }[] }).entries[0];
};

describe("settings", () => {
  it("start from defaults that a shop in Malaysia can use", async () => {
    const { settings } = (await get()).body;
    expect(settings.shop).toMatchObject({ time_zone: "Asia/Kuala_Lumpur", currency: "MYR" });
    expect(settings.openai!.api_key).toEqual({ set: false, last4: null });
  });

  it("store a secret encrypted and never return it, showing only that it is set and its last four", async () => {
    const key = "sk-test-abcdefghijklmnopqrstuvwxyz-9876";
    expect((await put({ openai: { model: "gpt-4.1-mini", api_key: key } })).status).toBe(200);
    const read = await get();
    expect(read.body.settings.openai!.api_key).toEqual({ set: true, last4: "9876" });
    expect(read.text).not.toContain(key);
    expect(await Settings.secret("openai", "api_key")).toBe(key);

    const entry = await audit("openai");
    expect(JSON.stringify(entry)).not.toContain(key);
    expect(entry!.diff.api_key).toEqual({ from: "(set)", to: "(changed)" });
  });

  it("keep a secret that a save leaves out, and clear it on null", async () => {
    await put({ openai: { model: "gpt-4.1" } });
    expect((await get()).body.settings.openai).toMatchObject({
      model: "gpt-4.1",
      api_key: { set: true, last4: "9876" },
    });
    await put({ openai: { model: "gpt-4.1", api_key: null } });
    expect((await get()).body.settings.openai!.api_key).toEqual({ set: false, last4: null });
    expect(await Settings.secret("openai", "api_key")).toBeUndefined();
  });

  it("refuse a bad field with 400 naming it, and change nothing", async () => {
    const before = (await get()).text;
    const response = await put({
      shop: {
        name: "Kedai Baiki Ali",
        address: "Jalan 1",
        phone: "not a phone",
        logo_key: "",
        email: "",
        time_zone: "Mars/Base",
        currency: "MYR",
      },
      tax: { sales_tax_rate: "10.00", service_tax_rate: "8.00", prices_include_tax: true },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; issues: { path: string }[] };
    expect(body.code).toBe("request.invalid");
    expect(body.issues.map((i) => i.path).sort()).toEqual(["shop.phone", "shop.time_zone"]);
    expect((await get()).text).toBe(before);
  });

  it("refuse a WhatsApp template with an unknown placeholder, naming the template and language", async () => {
    const { settings } = (await get()).body;
    const templates = structuredClone(settings.whatsapp_templates) as Record<
      string,
      { en: string; ms: string }
    >;
    templates.ack!.ms = "Tiket {ticket_no} diterima";
    const response = await put({ whatsapp_templates: templates });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string; message: string }[] };
    expect(body.issues).toEqual([expect.objectContaining({ path: "whatsapp_templates.ack.ms" })]);
    expect(body.issues[0]!.message).toContain("{ticket_no}");
  });

  it("refuse a money rate written as a float-looking number", async () => {
    const response = await put({
      tax: { sales_tax_rate: 10, service_tax_rate: "8.00", prices_include_tax: true },
    });
    expect(response.status).toBe(400);
  });

  it("audit each saved section with what changed", async () => {
    const before = (await get()).body.settings.invoice_numbering as { prefix: string };
    const prefix = before.prefix === "INV" ? "KB" : "INV";
    await put({ invoice_numbering: { ...before, prefix } });
    const entry = await audit("invoice_numbering");
    expect(entry!.diff).toEqual({ prefix: { from: before.prefix, to: prefix } });
  });

  it("take a shop logo uploaded straight to storage, and refuse a key nothing was uploaded to", async () => {
    const shop = (await get()).body.settings.shop;
    const upload = await api.request("/api/settings/logo", {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ content_type: "image/png", size: 11 }),
    });
    const { key, upload_url } = (await upload.json()) as { key: string; upload_url: string };
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

    const early = await put({ shop: { ...shop, logo_key: key } });
    expect(early.status).toBe(400);
    expect(await early.json()).toMatchObject({ code: "settings.logo_not_uploaded" });

    expect(
      (await fetch(upload_url, { method: "PUT", body: png, headers: { "content-type": "image/png" } }))
        .status,
    ).toBe(200);
    const saved = await put({ shop: { ...shop, logo_key: key } });
    expect(saved.status).toBe(200);
    const { logo_url } = (await saved.json()) as { logo_url: string };
    expect(new Uint8Array(await (await fetch(logo_url)).arrayBuffer())).toEqual(png);
  });

  it("refuse a logo that is not PNG, JPEG or WebP", async () => {
    const response = await api.request("/api/settings/logo", {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ content_type: "image/svg+xml", size: 11 }),
    });
    expect(response.status).toBe(400);
  });
});
