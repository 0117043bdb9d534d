import { Blob } from "@wapos/core/blob/index";
import { useDb } from "@wapos/core/db/index";
import { Queue } from "@wapos/core/queue/index";
import { NO_PACING } from "@wapos/wa-gateway/pacing";
import { SimulatedTransport } from "@wapos/wa-gateway/simulated";
import { type StartedGateway, startGateway } from "@wapos/wa-gateway/start";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { createPublicApi } from "../src/public/index";
import { fromAddress, type LocalAws, randomPhone, startLocalAws } from "./harness";

// Row counts of every table are compared before and after, so no other file may write here.
useIsolatedDatabase();

const BODIES_PER_ROUTE = 500;
const ADDRESSES_PER_ROUTE = 60;
/** Written by design on every public request that counts against a limit. */
const NOT_COMPARED = new Set(["rate_limits"]);

type App = ReturnType<typeof createApi> | ReturnType<typeof createPublicApi>;
type Schema = { properties?: Record<string, unknown> };
type Operation = { app: App; method: string; template: string; fields: string[] };
type Sent = { method: string; path: string; headers: Record<string, string>; body?: string | Uint8Array };

const staffApi = createApi();
const publicApi = createPublicApi();
let aws: LocalAws;
let gateway: StartedGateway;
/** A real upload session and form version, so some generated bodies get past the first checks. */
let plausible: Record<string, unknown> = {};

/**
 * Every operation anyone may call without a staff session: all of the public document, and the
 * staff document's operations whose security allows no credentials. Read from the documents, so
 * a route added later is covered without touching this file.
 */
async function publicOperations(): Promise<Operation[]> {
  const documents: [App, string][] = [
    [publicApi, "/api/public/openapi.json"],
    [staffApi, "/api/openapi.json"],
  ];
  const operations: Operation[] = [];
  for (const [app, url] of documents) {
    const document = (await (await app.request(url)).json()) as {
      paths: Record<string, Record<string, { security?: object[]; requestBody?: unknown }>>;
    };
    for (const [template, item] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(item)) {
        const open =
          app === publicApi ||
          !operation.security?.length ||
          operation.security.some((s) => !Object.keys(s).length);
        if (!open) continue;
        const schema = (
          operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined
        )?.content?.["application/json"]?.schema;
        operations.push({
          app,
          method: method.toUpperCase(),
          template,
          fields: Object.keys(schema?.properties ?? {}),
        });
      }
  }
  return operations;
}

const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "%00",
  "\ud800",
  "\uffff\ufffe",
  "'; drop table customers; --",
  '" OR 1=1 --',
  "<script>alert(1)</script>",
  "{{7*7}}#{7*7}<%= 7*7 %>",
  "../../etc/passwd",
  "0000-01-01T00:00:00Z",
  "9999-12-31",
  "NaN",
  "-1",
  "1e309",
  "__proto__",
  "constructor",
  "null",
  "Ｓｉｔｉ",
  "😀".repeat(300),
  "x".repeat(70_000),
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ maxLength: 40 }),
);

const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(true, false, null, 0, -0, Number.MAX_SAFE_INTEGER + 2),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileString, tie("value"), { maxKeys: 4 }),
  ),
}));

/** A documented field: hostile, or a plausible value so the rest of the body is checked too. */
const field = (name: string) =>
  name in plausible ? fc.oneof(hostileValue, fc.constant(plausible[name])) : hostileValue;

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-16",
  "application/jsonx",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
];

/** A body: the documented fields made hostile (as JSON or as a form), any JSON, or raw bytes. */
function body(operation: Operation): fc.Arbitrary<Pick<Sent, "headers" | "body">> {
  const shaped = fc.record(Object.fromEntries(operation.fields.map((name) => [name, field(name)])), {
    requiredKeys: [],
  });
  const json = (value: unknown) => ({
    headers: { "content-type": "application/json" },
    body: JSON.stringify(value) ?? "null",
  });
  return fc.oneof(
    { arbitrary: shaped.map(json), weight: 4 },
    { arbitrary: hostileValue.map(json), weight: 2 },
    {
      arbitrary: shaped.map((fields) => ({
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(
          Object.entries(fields).map(([name, value]): [string, string] => [
            name,
            typeof value === "string" ? value : (JSON.stringify(value) ?? ""),
          ]),
        ).toString(),
      })),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom(...CONTENT_TYPES),
          fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.string({ unit: "binary" })),
        )
        .map(([type, raw]) => ({ headers: { "content-type": type }, body: raw })),
      weight: 1,
    },
  );
}

/** Percent-encodes the UTF-8 bytes (encodeURIComponent throws on a lone surrogate). */
const percentEncode = (text: string) =>
  Array.from(new TextEncoder().encode(text), (byte) =>
    /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).padStart(2, "0")}`,
  ).join("");

const RAW_SEGMENTS = ["%", "%zz", "..", "%2e%2e%2f", "a%2Fb", "%E0%A4%A", "%C0%AF", "%00", "x".repeat(5000)];

/** The operation's path with hostile parameters, and a hostile query string. */
function address(operation: Operation): fc.Arbitrary<string> {
  const segment = fc.oneof(fc.constantFrom(...RAW_SEGMENTS), fc.uuid(), hostileString.map(percentEncode));
  const query = fc.oneof(
    fc.constant(""),
    fc.constantFrom(
      "?a=%00",
      "?%ZZ=1",
      "?q=%E0%A4%A",
      "?&&==&",
      "?limit=-1&cursor=x&from=0000-01-01T00:00:00Z",
    ),
    fc
      .array(fc.tuple(hostileString, hostileString), { maxLength: 4 })
      .map((pairs) => `?${new URLSearchParams(pairs as [string, string][]).toString()}`),
  );
  const names = [...operation.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return fc
    .tuple(fc.array(segment, { minLength: names.length, maxLength: names.length }), query)
    .map(([values, q]) => {
      let index = 0;
      return operation.template.replace(/\{\w+\}/g, () => values[index++]!) + q;
    });
}

async function send(operation: Operation, sent: Sent) {
  const response = await operation.app.request(
    sent.path,
    { method: sent.method, headers: sent.headers, ...(sent.body === undefined ? {} : { body: sent.body }) },
    fromAddress("198.18.250.250"),
  );
  const text = await response.text();
  return { status: response.status, text };
}

async function rowCounts(): Promise<Record<string, number>> {
  const db = await useDb();
  const tables = (await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  )) as unknown as { rows?: { table_name: string }[] } | { table_name: string }[];
  const names = (Array.isArray(tables) ? tables : (tables.rows ?? [])).map((row) => row.table_name);
  const counts: Record<string, number> = {};
  for (const name of names.filter((n) => !NOT_COMPARED.has(n))) {
    const result = (await db.execute(sql.raw(`select count(*)::int as n from "${name}"`))) as unknown as
      | { rows?: { n: number }[] }
      | { n: number }[];
    counts[name] = (Array.isArray(result) ? result : (result.rows ?? []))[0]!.n;
  }
  return counts;
}

beforeAll(async () => {
  process.env.WA_SESSION_NAME = `hostile-${randomPhone()}`;
  aws = await startLocalAws();
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  gateway = await startGateway({ transport: new SimulatedTransport(), port: 0, pacing: NO_PACING });
  // Opening the form the first time publishes version 1 and the settings: a legitimate write, done before counting.
  const form = (await (await publicApi.request("/api/public/intake")).json()) as {
    form: { version: number };
    upload_session: string;
  };
  plausible = {
    form_version: form.form.version,
    upload_session: form.upload_session,
    language: "ms",
    terms_accepted: true,
    whatsapp_opt_in: true,
    content_type: "image/png",
    device: { category: "phone", brand: "Samsung", model: "A15" },
    problem: "Screen cracked",
    email: "someone@example.test",
    password: "a-password-long-enough",
  };
});
afterAll(async () => {
  await gateway?.stop();
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  await aws?.stop();
});

describe("hostile input on every public route", () => {
  it("never answers 5xx and writes nothing", async () => {
    const operations = await publicOperations();
    expect(operations.map((o) => `${o.method} ${o.template}`)).toEqual(
      expect.arrayContaining([
        "POST /api/public/intake",
        "GET /api/public/tickets/{token}",
        "POST /api/auth/login",
      ]),
    );
    const before = await rowCounts();
    const statuses = new Map<string, Map<number, number>>();
    const seen = (operation: Operation, status: number) => {
      const key = `${operation.method} ${operation.template}`;
      const counts = statuses.get(key) ?? new Map<number, number>();
      counts.set(status, (counts.get(status) ?? 0) + 1);
      statuses.set(key, counts);
      return status < 500;
    };

    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(address(operation), async (path) => {
          const { status, text } = await send(operation, { method: operation.method, path, headers: {} });
          expect(
            seen(operation, status),
            `${operation.method} ${path}: ${status} ${text.slice(0, 300)}`,
          ).toBe(true);
        }),
        { numRuns: ADDRESSES_PER_ROUTE },
      );
      if (operation.method === "GET") continue;
      await fc.assert(
        fc.asyncProperty(body(operation), fc.boolean(), async (sent, plainPath) => {
          const path = plainPath
            ? operation.template.replace(/\{\w+\}/g, () => "0195f3b2-7c1d-7a00-8b00-0123456789ab")
            : operation.template.replace(/\{\w+\}/g, "not-a-token");
          const { status, text } = await send(operation, { method: operation.method, path, ...sent });
          expect(
            seen(operation, status),
            `${operation.method} ${path} ${JSON.stringify(sent).slice(0, 300)}: ${status} ${text.slice(0, 300)}`,
          ).toBe(true);
        }),
        { numRuns: BODIES_PER_ROUTE },
      );
    }

    expect(await rowCounts()).toEqual(before);
    // The generators reach past the guard: each route with a body refused some on its own schema.
    for (const operation of operations.filter((o) => o.method !== "GET" && o.fields.length))
      expect(
        statuses.get(`${operation.method} ${operation.template}`)!.get(400),
        `${operation.method} ${operation.template}`,
      ).toBeGreaterThan(0);
  }, 300_000);
});
