import { createHash, createHmac } from "node:crypto";
import { Audit } from "@wapos/core/audit/index";
import { Blob } from "@wapos/core/blob/index";
import { Message } from "@wapos/core/message/index";
import { Queue } from "@wapos/core/queue/index";
import { Settings } from "@wapos/core/settings/index";
import { fixedClock, setClock } from "@wapos/core/util/clock";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_NOW, useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { createPublicApi } from "../src/public/index";
import { type LocalAws, randomPhone, staff, startLocalAws } from "./harness";

// Changes the shop's settings and counts per-address limits: a database of its own.
useIsolatedDatabase();
// Public messages are counted per shop day: at a fixed time, never astride Kuala Lumpur's midnight.
useFixedClock();

const api = createApi();
const pub = createPublicApi();
let aws: LocalAws;
let tech: Record<string, string>;
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://shop.example";
  aws = await startLocalAws({ names: ["wa-outbound-tx"] });
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  tech = { "content-type": "application/json", ...(await staff("tech")).auth };
});
afterAll(async () => {
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  await aws.stop();
});

let lastAddress = 0;
/** A fresh client address per call unless one is given: as a socket gives it, and as a proxy would forward it. */
const address = () => `198.51.${Math.floor(++lastAddress / 250)}.${(lastAddress % 250) + 1}`;
const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

async function json<T>(response: Response | Promise<Response>): Promise<T> {
  const r = await response;
  const body = await r.text();
  if (!r.ok) throw new Error(`${r.status} ${body}`);
  return JSON.parse(body) as T;
}

type Form = {
  form: { version: number; definition: { consent_text: { en: string }; terms_text: { en: string } } };
  upload_session: string;
  photo_post: { url: string; fields: Record<string, string> } | null;
};
const openForm = (ip = address(), query = "") =>
  json<Form>(pub.request(`/api/public/intake${query}`, { headers: { "x-forwarded-for": ip } }, from(ip)));

const answers = (form: Form, phone: string, extra: Record<string, unknown> = {}) => ({
  form_version: form.form.version,
  language: "en",
  name: "Nurul Aina",
  phone,
  device: { category: "phone", brand: "Samsung", model: "Galaxy A54" },
  problem: "Cracked screen, touch not working at the bottom",
  terms_accepted: true,
  whatsapp_opt_in: true,
  upload_session: form.upload_session,
  ...extra,
});

const intake = (body: unknown, ip = address()) =>
  pub.request(
    "/api/public/intake",
    {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify(body),
    },
    from(ip),
  );

const sent = async (phone: string) => (await Message.listChat({ phone })).map((m) => m.body ?? "");

async function ticketOf(number: string) {
  const found = await json<{ tickets: { id: string }[] }>(
    api.request(`/api/tickets/search?q=${number}`, { headers: tech }),
  );
  return found.tickets[0]!.id;
}

async function presign(form: Form, size: number, contentType = "image/png", ip = address()) {
  return pub.request(
    "/api/public/intake/photos",
    {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify({ upload_session: form.upload_session, content_type: contentType, size }),
    },
    from(ip),
  );
}

describe("messages the public can make the shop send", () => {
  it("never echoes a link, an e-mail address or a phone number typed into the name or device", async () => {
    const phone = randomPhone();
    const form = await openForm();
    await json(
      intake(
        answers(form, phone, {
          name: "Ali https://evil.example/login call +60 12-999 8888",
          device: { category: "phone", brand: "bit.ly/win", model: "prize@evil.example" },
        }),
      ),
    );
    const [ack] = await sent(phone);
    expect(ack).toContain("Ali");
    expect(ack).toContain("https://shop.example/s/");
    for (const carrier of ["evil.example", "bit.ly", "12-999", "8888", "@"])
      expect(ack).not.toContain(carrier);
  });

  it("sends one phone at most the day's allowance, and still opens every ticket", async () => {
    const phone = randomPhone();
    const numbers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const form = await openForm();
      numbers.push((await json<{ ticket_number: string }>(intake(answers(form, phone)))).ticket_number);
    }
    expect(new Set(numbers).size).toBe(4);
    const acks = await sent(phone);
    expect(acks).toHaveLength(3);
    expect(acks.some((text) => text.includes(numbers[3]!))).toBe(false);
    const refused = await Audit.list({ entity: "ticket", entity_id: await ticketOf(numbers[3]!) });
    expect(refused.entries.map((entry) => entry.action)).toContain("acknowledgement_not_sent");
  });

  it("serves a queue of customers on the shop's one address, and stops an abuser messaging many phones", async () => {
    const shop = address();
    const customers = Array.from({ length: 12 }, () => randomPhone());
    for (const phone of customers)
      expect((await intake(answers(await openForm(shop), phone), shop)).status).toBe(201);
    for (const phone of customers) expect(await sent(phone)).toHaveLength(1);

    const abuser = address();
    const victims = Array.from({ length: 25 }, () => randomPhone());
    for (const phone of victims) await intake(answers(await openForm(abuser), phone), abuser);
    const reached = (await Promise.all(victims.map(sent))).filter((acks) => acks.length > 0);
    expect(reached.length).toBe(20);

    const again = randomPhone();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await intake(answers(await openForm(), again), abuser)).status);
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(statuses[5]).toBe(429);
  });
});

describe("an intake for a customer already on file", () => {
  it("keeps the record and waits for staff to accept what differs, audited", async () => {
    const phone = randomPhone();
    const first = await json<{ ticket_number: string }>(
      intake(answers(await openForm(), phone, { name: "Siti Aminah", email: "siti@example.com" })),
    );
    const second = await json<{ ticket_number: string }>(
      intake(
        answers(await openForm(), phone, {
          name: "Attacker Name",
          email: "attacker@example.com",
          language: "ms",
        }),
      ),
    );
    const { customers } = await json<{
      customers: { id: string; name: string; email: string; language: string }[];
    }>(api.request(`/api/customers?q=${encodeURIComponent(phone.slice(3))}`, { headers: tech }));
    expect(customers).toEqual([
      expect.objectContaining({ name: "Siti Aminah", email: "siti@example.com", language: "en" }),
    ]);
    const firstId = await ticketOf(first.ticket_number);
    const firstView = await json<{ customer_changes: unknown[] }>(
      api.request(`/api/tickets/${firstId}`, { headers: tech }),
    );
    expect(firstView.customer_changes).toEqual([]);

    const id = await ticketOf(second.ticket_number);
    const view = await json<{ customer_changes: { field: string; typed: string; on_file: string }[] }>(
      api.request(`/api/tickets/${id}`, { headers: tech }),
    );
    expect(view.customer_changes).toEqual([
      { field: "name", typed: "Attacker Name", on_file: "Siti Aminah" },
      { field: "email", typed: "attacker@example.com", on_file: "siti@example.com" },
      { field: "language", typed: "ms", on_file: "en" },
    ]);

    const cashier = { "content-type": "application/json", ...(await staff("cashier")).auth };
    const decide = (headers: Record<string, string>, body: unknown) =>
      api.request(`/api/tickets/${id}/customer-changes`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
      });
    expect((await decide(cashier, { accept: ["language"] })).status).toBe(403);
    const after = await json<{ customer_changes: { field: string }[] }>(
      decide(tech, { accept: ["language"], dismiss: ["name"] }),
    );
    expect(after.customer_changes.map((c) => c.field)).toEqual(["email"]);
    expect((await decide(tech, { accept: ["name"] })).status).toBe(409);
    const customer = await json<{ customer: { name: string; language: string } }>(
      api.request(`/api/customers/${customers[0]!.id}`, { headers: tech }),
    );
    expect(customer.customer).toMatchObject({ name: "Siti Aminah", language: "ms" });
    const audit = await Audit.list({ entity: "ticket", entity_id: id });
    expect(audit.entries.find((entry) => entry.action === "customer_changes")?.diff).toEqual({
      language: { from: "pending", to: "accepted" },
      name: { from: "pending", to: "dismissed" },
    });
  });
});

describe("the consent text", () => {
  it("names the shop as settings name it when the form is shown, and keeps exactly that text", async () => {
    const settings = await Settings.get();
    await Settings.update.force({ shop: { ...settings.shop, name: "Kedai Baiki Jaya" } } as never);
    const form = await openForm();
    const shown = form.form.definition.consent_text.en;
    expect(shown).toContain("Kedai Baiki Jaya");
    expect(shown).toContain("STOP");
    expect(shown).not.toContain("{shop_name}");
    // Renamed between showing the form and sending it: the evidence is still what was shown.
    await Settings.update.force({ shop: { ...settings.shop, name: "Jaya Repairs" } } as never);
    const phone = randomPhone();
    await json(intake(answers(form, phone)));
    const { customers } = await json<{ customers: { id: string }[] }>(
      api.request(`/api/customers?q=${encodeURIComponent(phone.slice(3))}`, { headers: tech }),
    );
    const page = await json<{ consents: { kind: string; text_shown: string }[] }>(
      api.request(`/api/customers/${customers[0]!.id}`, { headers: tech }),
    );
    expect(page.consents.find((c) => c.kind === "whatsapp")?.text_shown).toBe(shown);
    expect(page.consents.find((c) => c.kind === "terms")?.text_shown).toBe(
      form.form.definition.terms_text.en,
    );
  });
});

describe("uploads", () => {
  it("refuses a 60 MB photo for an 8 MB slot, whether asked for or sent anyway, and deletes it", async () => {
    const form = await openForm();
    const asked = await presign(form, 60 * 1024 * 1024);
    expect(asked.status).toBe(400);
    expect(await asked.json()).toMatchObject({ code: "upload.too_large" });

    // The local S3 server does not check the signed length (real S3 does): the upload lands,
    // and the intake refuses it and deletes it.
    const { key, upload_url } = await json<{ key: string; upload_url: string }>(
      presign(form, PNG.byteLength),
    );
    const big = new Uint8Array(60 * 1024 * 1024);
    big.set(PNG);
    expect(
      (await fetch(upload_url, { method: "PUT", body: big, headers: { "content-type": "image/png" } })).ok,
    ).toBe(true);
    const response = await intake(answers(form, randomPhone(), { photo_keys: [key] }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: "upload.too_large",
      details: { path: "photo_keys.0" },
    });
    expect(await aws.blob.head(key)).toBeUndefined();
  });

  it.each([
    ["an HTML page", "<html><script>alert(1)</script></html>"],
    ["an SVG", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
  ])("refuses %s uploaded as a photo, and deletes it", async (_, content) => {
    const form = await openForm();
    const body = new TextEncoder().encode(content);
    const { key, upload_url } = await json<{ key: string; upload_url: string }>(
      presign(form, body.byteLength),
    );
    await fetch(upload_url, { method: "PUT", body, headers: { "content-type": "image/png" } });
    const response = await intake(answers(form, randomPhone(), { photo_keys: [key] }));
    expect(await response.json()).toMatchObject({ code: "upload.wrong_type" });
    expect(await aws.blob.head(key)).toBeUndefined();
    expect((await presign(form, 10, "image/svg+xml")).status).toBe(400);
  });

  it("never serves a stored file as a page", async () => {
    await aws.blob.put("intake/old/page.html", "<html><script>alert(1)</script></html>", {
      contentType: "text/html",
    });
    const { Upload } = await import("@wapos/core/blob/upload");
    const served = await fetch(await Upload.viewUrl("intake/old/page.html"));
    expect(served.headers.get("content-type")).toBe("application/octet-stream");
    expect(served.headers.get("content-disposition")).toBe("attachment");
  });

  it.each([
    "intake/{nonce}/../../settings/logo/01a21644-485d-7141-b0d8-7f4c84d8e21a.png",
    "intake/{nonce}/%2e%2e/01a21644-485d-7141-b0d8-7f4c84d8e21a.png",
    "intake/{nonce}/..%2f01a21644-485d-7141-b0d8-7f4c84d8e21a.png",
    "intake/{nonce}/sub/01a21644-485d-7141-b0d8-7f4c84d8e21a.png",
  ])("refuses a key that climbs out of its folder: %s", async (pattern) => {
    const form = await openForm();
    const { key } = await json<{ key: string }>(presign(form, PNG.byteLength));
    const nonce = key.split("/")[1]!;
    const response = await intake(
      answers(form, randomPhone(), { photo_keys: [pattern.replace("{nonce}", nonce)] }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "upload.invalid_key" });
  });

  it("limits how many upload URLs one form may ask for", async () => {
    const form = await openForm();
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await presign(form, PNG.byteLength)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(15);
    expect(statuses.at(-1)).toBe(429);
  });

  it("takes a photo without JavaScript straight to storage, and the form itself in a few KB", async () => {
    const ip = address();
    const form = await openForm(ip);
    const post = form.photo_post!;
    // A screenshot (PNG) posted through the form that declares JPEG: stored, then typed by its bytes.
    const upload = new FormData();
    for (const [name, value] of Object.entries(post.fields)) upload.append(name, value);
    upload.append("file", new globalThis.Blob([PNG], { type: "image/png" }), "screen.png");
    const stored = await fetch(post.url, { method: "POST", body: upload, redirect: "manual" });
    expect(stored.status).toBe(303);
    const back = new URL(stored.headers.get("location")!);
    expect(back.origin + back.pathname).toBe("https://shop.example/intake");
    const key = back.searchParams.get("key")!;

    const continued = await openForm(
      ip,
      `?upload_session=${encodeURIComponent(back.searchParams.get("s")!)}&photos=${encodeURIComponent(key)}`,
    );
    expect(continued.upload_session).toBe(form.upload_session);

    const fields = new URLSearchParams({
      form_version: String(form.form.version),
      upload_session: form.upload_session,
      language: "en",
      name: "Rajesh Kumar",
      phone: randomPhone(),
      "device.category": "phone",
      "device.brand": "Xiaomi",
      "device.model": "Redmi Note 12",
      problem: "Battery drains in an hour",
      terms_accepted: "on",
      photo_keys: key,
    });
    expect(fields.toString().length).toBeLessThan(6 * 1024 * 1024);
    const posted = await pub.request(
      "/api/public/intake",
      { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: fields },
      from(ip),
    );
    expect(posted.status).toBe(303);
    const done = new URL(posted.headers.get("location")!, "https://shop.example");
    expect(done.pathname).toBe("/intake/done");
    const id = await ticketOf(done.searchParams.get("n")!);
    const view = await json<{ events: { type: string; photo_keys: string[] }[] }>(
      api.request(`/api/tickets/${id}`, { headers: tech }),
    );
    const [photo] = view.events.find((e) => e.type === "CREATED")!.photo_keys;
    expect(photo).toMatch(/\.png$/);
    expect(await aws.blob.head(photo!)).toMatchObject({ contentType: "image/png" });
  });

  it("refuses a form post carrying files over the body limit, storing nothing", async () => {
    const form = await openForm();
    const body = new FormData();
    body.append("upload_session", form.upload_session);
    body.append(
      "photos",
      new globalThis.Blob([new Uint8Array(7 * 1024 * 1024)], { type: "image/jpeg" }),
      "big.jpg",
    );
    const response = await pub.request("/api/public/intake", { method: "POST", body }, from(address()));
    expect(response.status).toBe(413);
  });
});

describe("customer links", () => {
  async function newTicket() {
    const created = await json<{ ticket_number: string; status_url: string }>(
      intake(answers(await openForm(), randomPhone(), { whatsapp_opt_in: false })),
    );
    return { id: await ticketOf(created.ticket_number), url: created.status_url };
  }
  const tokenOf = (url: string) => url.slice(url.lastIndexOf("/s/") + 3);

  it("open the status page in the language the customer chose on the form", async () => {
    const created = await json<{ status_url: string }>(
      intake(answers(await openForm(), randomPhone(), { language: "ms", whatsapp_opt_in: false })),
    );
    const view = await json<{ language: string }>(
      pub.request(`/api/public/tickets/${tokenOf(created.status_url)}`),
    );
    expect(view.language).toBe("ms");
  });

  it("are short, unguessable ids on the public origin", async () => {
    const { url } = await newTicket();
    expect(url).toMatch(/^https:\/\/shop\.example\/s\/[A-Za-z0-9_-]{22}$/);
  });

  it("refuse a changed character, another scope and an expired link, telling nothing", async () => {
    const { url } = await newTicket();
    const token = tokenOf(url);
    const middle = 11;
    const changed = `${token.slice(0, middle)}${token[middle] === "A" ? "B" : "A"}${token.slice(middle + 1)}`;
    for (const path of [`/api/public/tickets/${changed}`, `/api/public/einvoice/${token}`]) {
      const response = await pub.request(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: "link.invalid" });
    }
    setClock(fixedClock(new Date(TEST_NOW.getTime() + 61 * 86_400_000)));
    expect((await pub.request(`/api/public/tickets/${token}`)).status).toBe(404);
  });

  it("keep a signed link sent before short links working until it expires", async () => {
    const { id } = await newTicket();
    const key = new Uint8Array(
      createHmac("sha256", createHash("sha256").update(process.env.AUTH_SECRET!).digest())
        .update("customer-link")
        .digest(),
    );
    const now = Math.floor(TEST_NOW.getTime() / 1000);
    const legacy = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(id)
      .setAudience("wa-pos-crm:customer-link")
      .setIssuedAt(now)
      .setExpirationTime(now + 86_400)
      .sign(key);
    expect((await pub.request(`/api/public/tickets/${legacy}`)).status).toBe(200);
    setClock(fixedClock(new Date(TEST_NOW.getTime() + 2 * 86_400_000)));
    expect((await pub.request(`/api/public/tickets/${legacy}`)).status).toBe(404);
  });

  it("answer the estimate on the public API, with or without JavaScript, and nowhere else", async () => {
    const estimate = (id: string) =>
      json(
        api.request(`/api/tickets/${id}/estimate`, {
          method: "PATCH",
          headers: tech,
          body: JSON.stringify({
            price_estimate: "80.00",
            eta_ready_at: new Date(TEST_NOW.getTime() + 86_400_000).toISOString(),
          }),
        }),
      );
    const a = await newTicket();
    await estimate(a.id);
    const byStaffRouteWithLink = await api.request(`/api/tickets/${a.id}/approve`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: tokenOf(a.url) }),
    });
    expect(byStaffRouteWithLink.status).toBe(401);
    const approved = await json<{ approval: string }>(
      pub.request(`/api/public/tickets/${tokenOf(a.url)}/approve`, { method: "POST" }),
    );
    expect(approved.approval).toBe("approved");

    const b = await newTicket();
    await estimate(b.id);
    const form = {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "",
    };
    const declined = await pub.request(`/api/public/tickets/${tokenOf(b.url)}/decline`, form);
    expect(declined.status).toBe(303);
    expect(declined.headers.get("location")).toBe(`/s/${tokenOf(b.url)}?answered=decline`);
    const again = await pub.request(`/api/public/tickets/${tokenOf(b.url)}/approve`, form);
    expect(again.headers.get("location")).toBe(`/s/${tokenOf(b.url)}?error=ticket.transition_not_allowed`);
    const view = await json<{ approval: string }>(pub.request(`/api/public/tickets/${tokenOf(b.url)}`));
    expect(view.approval).toBe("declined");
  });
});
