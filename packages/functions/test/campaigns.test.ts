import { randomBytes } from "node:crypto";
import { systemActor, withActor } from "@wapos/core/actor";
import { signAccess } from "@wapos/core/auth/token";
import { Blob } from "@wapos/core/blob/index";
import { campaignLogTable } from "@wapos/core/campaign/campaign.sql";
import { Campaign } from "@wapos/core/campaign/index";
import { customerTable } from "@wapos/core/customer/customer.sql";
import { useDb } from "@wapos/core/db/index";
import { waMessageTable } from "@wapos/core/message/message.sql";
import { Queue } from "@wapos/core/queue/index";
import { Scheduler } from "@wapos/core/scheduler/index";
import { createLocalScheduler } from "@wapos/core/scheduler/local";
import { Settings } from "@wapos/core/settings/index";
import { NO_PACING } from "@wapos/wa-gateway/pacing";
import { SimulatedTransport } from "@wapos/wa-gateway/simulated";
import { type StartedGateway, startGateway } from "@wapos/wa-gateway/start";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { handler as waInbound } from "../src/consumers/wa-inbound";
import { startPoller } from "../src/local/poller";
import { drained, type LocalAws, randomPhone, staff, startLocalAws } from "./harness";
import { waitFor } from "./wait";

useIsolatedDatabase();
/** 14:00 in Kuala Lumpur, Tuesday 10 March 2026. */
const clock = useFixedClock("2026-03-10T06:00:00.000Z");
const api = createApi();
const OWNER = "+60122220000";
const RESTRICTED = ["+60129990001", "+60129990002"];
let aws: LocalAws;
let gateway: StartedGateway;
let poller: { stop: () => Promise<void> };
let transport: SimulatedTransport;
let admin: Awaited<ReturnType<typeof staff>>;

// A 1×1 PNG: a variant's picture.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** A throttle fast enough to test: a gap of a second, so each tick releases the most it may (5). */
const FAST = {
  warmup_per_day: [1000],
  daily_cap: 1000,
  min_gap_seconds: 1,
  jitter_seconds: 0,
  quiet_hours: { start: "21:00", end: "09:00" },
  per_customer_days: 14,
};

beforeAll(async () => {
  process.env.WA_SESSION_NAME = `test-${randomBytes(6).toString("hex")}`;
  aws = await startLocalAws({ names: ["wa-inbound", "wa-outbound-tx", "wa-outbound-bulk", "jobs"] });
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  Scheduler.setPort(createLocalScheduler());
  transport = new SimulatedTransport({ deliverAfterMs: 5, readAfterMs: 10, restricted: RESTRICTED });
  gateway = await startGateway({ transport, port: 0, pacing: NO_PACING, pollWaitSeconds: 1 });
  poller = startPoller({
    port: aws.queue,
    queue: "wa-inbound",
    queueArn: "arn:local:wa-inbound",
    handler: waInbound,
  });
  admin = await staff("admin");
  await withActor(systemActor("test"), async () => {
    const templates = await Settings.section("whatsapp_templates");
    await Settings.update({
      campaign_throttle: FAST,
      whatsapp_templates: { ...templates, alert_phone: OWNER },
    });
  });
});
afterAll(async () => {
  await poller.stop();
  await gateway.stop();
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  Scheduler.setPort(undefined);
  await aws.stop();
});

/** As the admin, with a token signed at the test clock's now (the clock jumps hours ahead). */
const call = async (method: string, path: string, body?: unknown) => {
  const { token } = await signAccess(admin.user, admin.sessionId);
  return api.request(`/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
};
const ok = async <T>(response: Response | Promise<Response>, status = 200): Promise<T> => {
  const r = await response;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return JSON.parse(text) as T;
};

/** Customers tagged `tag`, each with the given consent (set as the customer book caches it). */
async function customers(
  tag: string,
  spec: {
    consent: "opted_in" | "unknown" | "opted_out";
    n: number;
    language?: "en" | "ms";
    phones?: string[];
  }[],
) {
  const db = await useDb();
  const made: { id: string; phone: string; consent: string }[] = [];
  for (const group of spec)
    for (let i = 0; i < group.n; i++) {
      const phone = group.phones?.[i] ?? randomPhone();
      const [row] = await db
        .insert(customerTable)
        .values({
          name: `Customer ${made.length + 1}`,
          phone,
          language: group.language ?? "en",
          whatsapp_consent: group.consent,
          tags: [tag],
        })
        .returning();
      made.push({ id: row!.id, phone, consent: group.consent });
    }
  return made;
}

const VARIANTS = [
  {
    key: "A",
    weight: 50,
    text: {
      en: "Hi {customer_name}, battery swap 20% off this week.",
      ms: "Hai {customer_name}, tukar bateri diskaun 20% minggu ini.",
    },
  },
  { key: "B", weight: 50, text: { en: "{customer_name}, is {device} slow? New battery, 20% off." } },
];

const campaignMessages = async (campaignId: string) =>
  (await useDb()).select().from(waMessageTable).where(eq(waMessageTable.campaign_id, campaignId));

/** Runs the governor's tick as the scheduler would, a minute later each time. */
async function tick(minutes = 1) {
  clock.advance(minutes * 60_000);
  await Campaign.tick.run({});
}

describe("campaigns", () => {
  it("sends to exactly the opted-in, reports the excluded with reasons, and stops for a STOP mid-campaign", async () => {
    const tag = `battery-${randomBytes(4).toString("hex")}`;
    const book = await customers(tag, [
      { consent: "opted_in", n: 240 },
      { consent: "opted_in", n: 10, language: "ms" },
      { consent: "unknown", n: 40 },
      { consent: "opted_out", n: 10 },
    ]);
    const created = await ok<Campaign.View>(
      call("POST", "/campaigns", { name: "Battery week", audience: { tags: [tag] }, variants: VARIANTS }),
      201,
    );
    expect(created.status).toBe("draft");
    const preview = await ok<{
      eligible: number;
      excluded: Record<string, number>;
      samples: { text: string }[];
    }>(call("POST", "/campaigns/preview", { audience: { tags: [tag] }, variants: VARIANTS }));
    expect(preview).toMatchObject({ total: 300, eligible: 250, excluded: { no_opt_in: 40, opted_out: 10 } });
    // The opt-out footer is on every message, and the author cannot leave it out.
    for (const sample of preview.samples) expect(sample.text).toMatch(/Reply STOP to stop messages from/);

    const scheduled = await ok<Campaign.View>(call("POST", `/campaigns/${created.id}/schedule`, {}));
    expect(scheduled).toMatchObject({
      status: "scheduled",
      progress: { recipients: 250, waiting: 250, released: 0 },
      excluded: { no_opt_in: 40, opted_out: 10, recently_messaged: 0, bad_number: 0 },
    });
    // The A/B split follows the weights.
    const split = await (await useDb())
      .select({ variant: campaignLogTable.variant })
      .from(campaignLogTable)
      .where(and(eq(campaignLogTable.campaign_id, created.id), eq(campaignLogTable.status, "planned")));
    expect(split.filter((r) => r.variant === "A")).toHaveLength(125);

    // The first tick sends one; each later one what fell due since, up to five.
    await tick();
    expect(await campaignMessages(created.id)).toHaveLength(1);
    await tick();
    expect(await campaignMessages(created.id)).toHaveLength(6);
    // A customer still waiting replies STOP (to an earlier message): nothing more goes to them.
    const waiting = await (await useDb())
      .select()
      .from(campaignLogTable)
      .where(and(eq(campaignLogTable.campaign_id, created.id), eq(campaignLogTable.status, "planned")));
    const quitter = waiting[0]!.phone;
    await transport.receive(quitter, "STOP");
    await waitFor(async () => {
      const [c] = await (await useDb()).select().from(customerTable).where(eq(customerTable.phone, quitter));
      return c?.whatsapp_consent === "opted_out";
    });

    for (let i = 0; i < 60; i++) {
      await tick();
      const view = await Campaign.get(created.id);
      if (view.status === "done") break;
    }
    // The ticks ran faster than a minute each: give the gateway time to send and the phones to read.
    await waitFor(async () => (await campaignMessages(created.id)).every((m) => m.status === "read"), {
      timeoutMs: 90_000,
    });
    await drained(aws, ["wa-outbound-bulk", "wa-inbound"]);
    const view = await ok<Campaign.View>(call("GET", `/campaigns/${created.id}`));
    expect(view.status).toBe("done");

    const sent = await campaignMessages(created.id);
    expect(sent).toHaveLength(249);
    const reached = new Set(sent.map((m) => m.phone));
    expect(reached.size).toBe(249);
    expect(reached.has(quitter)).toBe(false);
    for (const c of book) if (c.consent !== "opted_in") expect(reached.has(c.phone)).toBe(false);
    // The simulated WhatsApp saw the same: one campaign message to each, none to the one who stopped.
    const promoted = (phone: string) =>
      (transport.chats.get(phone) ?? []).some(
        (e) => e.direction === "out" && /battery|bateri/i.test(e.message.text ?? ""),
      );
    expect(book.filter((c) => promoted(c.phone))).toHaveLength(249);
    expect(promoted(quitter)).toBe(false);
    // Malay customers read the Malay text (variant A) with the Malay footer.
    const malay = sent.find((m) => m.body?.startsWith("Hai "));
    expect(malay?.body).toMatch(/Balas BERHENTI/);

    const metrics = await ok<Campaign.Metrics>(call("GET", `/campaigns/${created.id}/metrics`));
    expect(metrics).toMatchObject({
      recipients: 250,
      waiting: 0,
      excluded: { no_opt_in: 40, opted_out: 10 },
    });
    const t = metrics.total;
    expect(t.queued).toBe(t.sent + t.failed + t.cancelled + t.still_queued);
    expect(t).toMatchObject({ queued: 249, sent: 249, delivered: 249, read: 249, failed: 0 });
    expect(metrics.variants.reduce((sum, v) => sum + v.queued, 0)).toBe(249);

    const csv = await call("GET", `/campaigns/${created.id}/export.csv`);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")
      .slice(1);
    expect(lines).toHaveLength(300);
    const states = (state: string) => lines.filter((l) => l.split(",")[3] === state);
    expect(states("queued")).toHaveLength(metrics.total.queued);
    expect(states("queued").filter((l) => l.split(",")[4] === "read")).toHaveLength(metrics.total.read);
    expect(states("excluded")).toHaveLength(50);
    // A phone starts with "+", so the cell is guarded against running as a formula ('+60…).
    expect(states("cancelled").map((l) => l.split(",")[0])).toEqual([`'${quitter}`]);
  }, 120_000);

  it("stops at the quiet hours in Kuala Lumpur and starts again at 09:00; pause and stop act within one tick", async () => {
    const tag = `quiet-${randomBytes(4).toString("hex")}`;
    await customers(tag, [{ consent: "opted_in", n: 40 }]);
    // 20:55 in Kuala Lumpur.
    clock.set("2026-03-10T12:55:00.000Z");
    const { id } = await ok<Campaign.View>(
      call("POST", "/campaigns", { name: "Evening", audience: { tags: [tag] }, variants: [VARIANTS[0]] }),
      201,
    );
    await ok(call("POST", `/campaigns/${id}/schedule`, {}));
    const count = async () => (await campaignMessages(id)).length;
    await tick(0); // 20:55: one
    for (let i = 0; i < 4; i++) await tick(); // to 20:59: five a minute
    const beforeNine = await count();
    expect(beforeNine).toBe(21);
    await tick(1); // 21:00: quiet
    await tick(120); // 23:00
    expect(await count()).toBe(beforeNine);
    expect((await Campaign.get(id)).next_send_at).toBe("2026-03-11T01:00:00.000Z");
    clock.set("2026-03-11T00:59:00.000Z"); // 08:59
    await Campaign.tick.run({});
    expect(await count()).toBe(beforeNine);
    await tick(1); // 09:00: sending again, one to start with
    expect(await count()).toBe(beforeNine + 1);

    const paused = await ok<Campaign.View>(call("POST", `/campaigns/${id}/pause`));
    expect(paused).toMatchObject({ status: "paused", paused_reason: "owner" });
    // Whatever the last tick released and the gateway had not yet taken was withdrawn.
    expect((await campaignMessages(id)).filter((m) => m.status === "queued")).toHaveLength(0);
    const atPause = await count();
    await tick();
    await tick();
    expect(await count()).toBe(atPause);

    await ok(call("POST", `/campaigns/${id}/resume`));
    await tick();
    expect(await count()).toBeGreaterThan(atPause);

    const stopped = await ok<Campaign.View>(call("POST", `/campaigns/${id}/stop`));
    expect(stopped.status).toBe("stopped");
    const atStop = await count();
    await tick();
    expect(await count()).toBe(atStop);
    expect((await campaignMessages(id)).filter((m) => m.status === "queued")).toHaveLength(0);
    expect(stopped.progress.waiting).toBe(0);
    // Stopped is final.
    const again = await call("POST", `/campaigns/${id}/resume`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe("campaign.invalid_state");
  }, 60_000);

  it("pauses itself on WhatsApp's 463 restrictions and tells the owner why", async () => {
    const tag = `restricted-${randomBytes(4).toString("hex")}`;
    await customers(tag, [
      { consent: "opted_in", n: 2, phones: RESTRICTED },
      { consent: "opted_in", n: 30 },
    ]);
    const { id } = await ok<Campaign.View>(
      call("POST", "/campaigns", { name: "Risky", audience: { tags: [tag] }, variants: [VARIANTS[0]] }),
      201,
    );
    await ok(call("POST", `/campaigns/${id}/schedule`, {}));
    // Both restricted numbers are sent once, whichever order the recipients come in.
    for (let i = 0; i < 10; i++) {
      const released = (await campaignMessages(id)).map((m) => m.phone);
      if (RESTRICTED.every((p) => released.includes(p))) break;
      await tick();
    }
    await waitFor(async () =>
      (await campaignMessages(id))
        .filter((m) => RESTRICTED.includes(m.phone))
        .every((m) => m.status === "failed"),
    );
    await tick();
    const view = await Campaign.get(id);
    expect(view).toMatchObject({ status: "paused", paused_reason: "restrictions", health: { risk: "high" } });
    const released = await campaignMessages(id);
    await tick();
    expect(await campaignMessages(id)).toHaveLength(released.length);
    await waitFor(async () =>
      (transport.chats.get(OWNER) ?? []).some((e) =>
        /Campaign "Risky" paused itself: WhatsApp is restricting/.test(e.message.text ?? ""),
      ),
    );
    // The owner read why and resumes: health is judged on the sends from now, so it sends again
    // instead of pausing at once on the same two 463s.
    await ok(call("POST", `/campaigns/${id}/resume`));
    await tick();
    expect((await Campaign.get(id)).status).toBe("sending");
    expect((await campaignMessages(id)).length).toBeGreaterThan(released.length);
  }, 60_000);

  it("sends a variant's picture with its text as the caption, and refuses a picture that is not one of its uploads", async () => {
    const tag = `photo-${randomBytes(4).toString("hex")}`;
    const [customer] = await customers(tag, [{ consent: "opted_in", n: 1 }]);
    const upload = await ok<{ key: string; upload_url: string; headers: Record<string, string> }>(
      call("POST", "/campaigns/images", { content_type: "image/png", size: PNG.length }),
    );
    expect(upload.key).toMatch(/^campaigns\/images\//);
    expect(
      (await fetch(upload.upload_url, { method: "PUT", body: PNG, headers: upload.headers })).status,
    ).toBe(200);
    const variant = { key: "A", text: { en: "New screen protectors are in." }, image_key: upload.key };
    const { id } = await ok<Campaign.View>(
      call("POST", "/campaigns", { name: "Photo", audience: { tags: [tag] }, variants: [variant] }),
      201,
    );
    await ok(call("POST", `/campaigns/${id}/schedule`, {}));
    await tick();
    const [sent] = await campaignMessages(id);
    expect(sent).toMatchObject({ phone: customer!.phone, kind: "image", media_key: upload.key });
    expect(sent!.body).toMatch(/^New screen protectors are in\.\n\nReply STOP/);
    await waitFor(async () =>
      (transport.chats.get(customer!.phone) ?? []).some(
        (e) => e.direction === "out" && e.message.kind === "image",
      ),
    );

    const foreign = await call("POST", "/campaigns", {
      name: "Not ours",
      variants: [{ ...variant, image_key: "tickets/0197a3c0-0000-7000-8000-000000000000/x.png" }],
    });
    expect(foreign.status).toBe(400);
    expect(await foreign.json()).toMatchObject({ code: "upload.invalid_key" });
  });

  it("answers generated hostile drafts and previews with a 4xx or a draft, never a 5xx", async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.integer(),
      fc.double({ noNaN: false }),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(
        "{customer_name}",
        "{{name}}",
        "\u0000",
        "'; drop table campaigns; --",
        "2026-13-45T25:61:00Z",
        "9".repeat(40),
      ),
    );
    const audience = fc.dictionary(
      fc.constantFrom(
        "tags",
        "brand",
        "language",
        "min_spend",
        "last_visit_after",
        "closed_from",
        "closed_to",
        "extra",
      ),
      fc.oneof(value, fc.array(value, { maxLength: 3 })),
      { maxKeys: 4 },
    );
    const variant = fc.record(
      {
        key: fc.oneof(fc.constantFrom("A", "B"), value),
        weight: value,
        text: fc.dictionary(fc.constantFrom("en", "ms", "zh"), value),
      },
      { requiredKeys: [] },
    );
    const body = fc.record(
      {
        name: value,
        audience: fc.oneof(audience, value),
        variants: fc.oneof(fc.array(variant, { maxLength: 3 }), value),
        daily_cap: value,
      },
      { requiredKeys: [] },
    );
    // Shaped like a real draft, with hostile text where text goes: these reach the audience query.
    const text = fc.string({ minLength: 1, maxLength: 60, unit: "binary" });
    const plausible = fc.record({
      name: text,
      audience: fc.record(
        {
          brand: text,
          tags: fc.array(text, { minLength: 1, maxLength: 3 }),
          min_spend: fc.constantFrom("0", "10.50", "99999"),
        },
        { requiredKeys: [] },
      ),
      variants: fc.tuple(fc.record({ key: fc.constant("A"), text: fc.record({ en: text }) })),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(body, plausible),
        fc.constantFrom("/campaigns", "/campaigns/preview"),
        async (draft, path) => {
          const response = await call("POST", path, draft);
          expect(response.status, await response.text()).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("sends one campaign message per customer per period, even from two campaigns running together", async () => {
    const tag = `together-${randomBytes(4).toString("hex")}`;
    const book = await customers(tag, [{ consent: "opted_in", n: 4 }]);
    const ids: string[] = [];
    for (const name of ["First", "Second"]) {
      const { id } = await ok<Campaign.View>(
        call("POST", "/campaigns", { name, audience: { tags: [tag] }, variants: [VARIANTS[0]] }),
        201,
      );
      // Both resolve their audience before either has sent: each plans all four.
      expect(
        (await ok<Campaign.View>(call("POST", `/campaigns/${id}/schedule`, {}))).progress.recipients,
      ).toBe(4);
      ids.push(id);
    }
    for (let i = 0; i < 6; i++) await tick();
    const sent = (await Promise.all(ids.map(campaignMessages))).flat();
    expect(sent.map((m) => m.phone).sort()).toEqual(book.map((c) => c.phone).sort());
    const skipped = await (await useDb())
      .select({ error: campaignLogTable.error })
      .from(campaignLogTable)
      .where(eq(campaignLogTable.status, "cancelled"));
    expect(skipped.filter((r) => r.error === "recently_messaged").length).toBeGreaterThanOrEqual(4);
    for (const id of ids) expect((await Campaign.get(id)).status).toBe("done");
  });

  it("refuses what is not a campaign: an unknown placeholder, a winner for one variant, nobody to send to", async () => {
    const bad = await call("POST", "/campaigns", {
      name: "Typo",
      variants: [{ key: "A", text: { en: "Hi {customer_nam}" } }],
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Unknown placeholder \{customer_nam\}/);

    const tag = `empty-${randomBytes(4).toString("hex")}`;
    await customers(tag, [{ consent: "unknown", n: 3 }]);
    const { id } = await ok<Campaign.View>(
      call("POST", "/campaigns", { name: "Nobody", audience: { tags: [tag] }, variants: [VARIANTS[0]] }),
      201,
    );
    const none = await call("POST", `/campaigns/${id}/schedule`, {});
    expect(none.status).toBe(409);
    expect(await none.json()).toMatchObject({ code: "campaign.no_recipients" });
    const winner = await call("POST", `/campaigns/${id}/winner`, { variant: "A" });
    expect(winner.status).toBe(400);
    const cashier = await staff("cashier");
    const forbidden = await api.request("/api/campaigns", { headers: cashier.auth });
    expect(forbidden.status).toBe(403);
  });
});

describe("importing contacts with their opt-in evidence", () => {
  const header = "phone,name,language,tags,opt_in_source,opt_in_date,opt_in_wording";
  const agreed = "Yes, send me WhatsApp offers from the shop";
  const quoted = `"${agreed}"`;

  it("reports each line on a dry run, then adds exactly the good ones", async () => {
    const tag = `import-${randomBytes(4).toString("hex")}`;
    const [known, stopped] = await customers(tag, [
      { consent: "unknown", n: 1 },
      { consent: "opted_out", n: 1 },
    ]);
    const fresh = randomPhone();
    const local = `0${fresh.slice(3, 5)}-${fresh.slice(5, 8)} ${fresh.slice(8)}`;
    const csv = `\uFEFF${[
      header,
      `${fresh},Aminah,ms,${tag};vip,counter sign-up sheet,10/03/2026,${quoted}`,
      `${local},Aminah again,ms,${tag},counter sign-up sheet,2026-03-10,${quoted}`,
      `${known!.phone},Known,en,${tag},website form,2026-02-01,${quoted}`,
      `${stopped!.phone},Stopped,en,${tag},website form,2026-02-01,${quoted}`,
      `12345,Bad number,en,${tag},website form,2026-02-01,${quoted}`,
      `${randomPhone()},No evidence,en,${tag},,2026-02-01,`,
      `${randomPhone()},Bad date,en,${tag},website form,31/02/2026,${quoted}`,
      `${randomPhone()},Unquoted,en,${tag},website form,2026-02-01,${agreed}`,
    ].join("\r\n")}\r\n`;
    const dry = await ok<{
      added: number;
      merged: number;
      refused: number;
      lines: { line: number; action: string; reason?: string }[];
    }>(call("POST", "/campaigns/contacts/import", { csv }));
    expect(dry).toMatchObject({ dry_run: true, added: 1, merged: 1, refused: 6 });
    expect(dry.lines.map((l) => [l.line, l.action, l.reason])).toEqual([
      [2, "add", undefined],
      [3, "refuse", "duplicate"],
      [4, "merge", undefined],
      [5, "refuse", "opted_out"],
      [6, "refuse", "bad_number"],
      [7, "refuse", "no_evidence"],
      [8, "refuse", "no_evidence"],
      [9, "refuse", "bad_row"],
    ]);
    const db = await useDb();
    expect(await db.select().from(customerTable).where(eq(customerTable.phone, fresh))).toHaveLength(0);

    const done = await ok<{ added: number; merged: number }>(
      call("POST", "/campaigns/contacts/import", { csv, dry_run: false }),
    );
    expect(done).toMatchObject({ dry_run: false, added: 1, merged: 1, refused: 6 });
    const [aminah] = await db.select().from(customerTable).where(eq(customerTable.phone, fresh));
    expect(aminah).toMatchObject({ name: "Aminah", language: "ms", whatsapp_consent: "opted_in" });
    expect(aminah!.tags.sort()).toEqual([tag, "vip"].sort());
    const [merged] = await db.select().from(customerTable).where(eq(customerTable.id, known!.id));
    expect(merged!.whatsapp_consent).toBe("opted_in");
    const [still] = await db.select().from(customerTable).where(eq(customerTable.id, stopped!.id));
    expect(still!.whatsapp_consent).toBe("opted_out");
    // The evidence is kept with the consent, and nobody was messaged by the import.
    const page = await ok<{ consents: { source: string; text_shown: string | null }[] }>(
      call("GET", `/customers/${aminah!.id}`),
    );
    expect(page.consents[0]).toMatchObject({ source: "import:counter sign-up sheet", text_shown: agreed });
    expect(await db.select().from(waMessageTable).where(eq(waMessageTable.phone, fresh))).toHaveLength(0);
    // The imported contacts are a campaign's audience at once.
    const preview = await ok<{ eligible: number }>(
      call("POST", "/campaigns/preview", { audience: { tags: [tag] }, variants: [VARIANTS[0]] }),
    );
    expect(preview.eligible).toBe(2);
  });

  it("names what is wrong with the file itself", async () => {
    const report = await ok<{ errors: string[]; lines: unknown[] }>(
      call("POST", "/campaigns/contacts/import", { csv: "name,mobile\r\nAli,0123456789\r\n" }),
    );
    expect(report.lines).toEqual([]);
    expect(report.errors).toEqual(
      expect.arrayContaining([
        'Unknown column "mobile"; use phone, name, language, tags, opt_in_source, opt_in_date, opt_in_wording',
        "The file needs a phone column",
      ]),
    );
  });
});
