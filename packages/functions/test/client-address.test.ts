import http from "node:http";
import { Auth } from "@wapos/core/auth/index";
import { Blob } from "@wapos/core/blob/index";
import { consentTable } from "@wapos/core/customer/customer.sql";
import { useTransaction } from "@wapos/core/db/transaction";
import { intakeFormTable } from "@wapos/core/intake/intake.sql";
import { Queue } from "@wapos/core/queue/index";
import { RateLimit } from "@wapos/core/ratelimit/index";
import { fixedClock, setClock } from "@wapos/core/util/clock";
import { createId } from "@wapos/core/util/id";
import { eq } from "drizzle-orm";
import { type ApiGatewayRequestContextV2, handle, type LambdaContext } from "hono/aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../src/api/index";
import { startHttpServer } from "../src/local/server";
import { createPublicApi } from "../src/public/index";
import { type LocalAws, randomPhone, startLocalAws } from "./harness";

/** A loopback address of its own per call: Linux routes all of 127.0.0.0/8 to lo, so a client can bind any. */
const octet = () => 1 + Math.floor(Math.random() * 250);
const loopback = () => `127.${octet()}.${octet()}.${octet()}`;
/** An address in the benchmarking range, random so no other test shares its bucket. */
const remote = () => `198.18.${octet()}.${octet()}`;

type Answer = { status: number; body: Record<string, unknown> };

let aws: LocalAws;
let server: Awaited<ReturnType<typeof startHttpServer>>;

/** A real HTTP request to the local server from `from`, as a client on that address would send it. */
function call(
  from: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
) {
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise<Answer>((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        path,
        method: init.method ?? "GET",
        localAddress: from,
        headers: { ...(payload ? { "content-type": "application/json" } : {}), ...init.headers },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : {} }),
        );
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

const wrongLogin = (from: string, headers: Record<string, string> = {}) =>
  call(from, "/api/auth/login", {
    method: "POST",
    headers,
    body: { email: `nobody-${createId()}@example.test`, password: "not the password at all" },
  });

/**
 * Spends an address's whole login allowance through the limiter itself (twenty real attempts
 * would each pay for a password hash), so the next attempt from it must be refused.
 */
async function exhaust(address: string) {
  for (let i = 0; i < Auth.LOGIN_ATTEMPTS_PER_IP; i++)
    await RateLimit.hit(`login:ip:${address}`, Auth.LOGIN_ATTEMPTS_PER_IP, Auth.LOGIN_WINDOW_SECONDS);
}

beforeAll(async () => {
  // Limits count in fixed windows: a pinned clock keeps a test from straddling two.
  setClock(fixedClock("2026-03-02T03:04:05Z"));
  aws = await startLocalAws({ names: ["wa-outbound-tx"] });
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    api: createApi(),
    publicApi: createPublicApi(),
  });
});
afterAll(async () => {
  setClock(undefined);
  await server?.close();
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  await aws?.stop();
});
afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
});

describe("the client's address on the local server", () => {
  it("gives two clients without X-Forwarded-For a bucket each", async () => {
    const first = loopback();
    await exhaust(first);
    expect((await wrongLogin(first)).status).toBe(429);
    expect((await wrongLogin(loopback())).status).toBe(401);
  });

  it("does not give a fresh allowance for a forged X-Forwarded-For", async () => {
    const from = loopback();
    await exhaust(from);
    const forged = await wrongLogin(from, { "x-forwarded-for": remote() });
    expect(forged.status).toBe(429);
    expect(forged.body).toMatchObject({ code: "auth.rate_limited" });
  });

  it("reads X-Forwarded-For only when the peer is a trusted proxy", async () => {
    const proxy = loopback();
    process.env.TRUSTED_PROXIES = `${proxy}/32`;
    const client = remote();
    await exhaust(client);
    expect((await wrongLogin(proxy, { "x-forwarded-for": `10.1.2.3, ${client}` })).status).toBe(429);
    // Another client behind the same proxy still has its allowance.
    expect((await wrongLogin(proxy, { "x-forwarded-for": remote() })).status).toBe(401);
  });

  it("records the socket's address as the consent evidence of an intake, not the header", async () => {
    const from = loopback();
    const form = (await call(from, "/api/public/intake")).body as {
      form: { version: number };
      upload_session: string;
    };
    const created = await call(from, "/api/public/intake", {
      method: "POST",
      headers: { "x-forwarded-for": "192.0.2.66" },
      body: {
        form_version: form.form.version,
        language: "en",
        name: "Aminah Yusof",
        phone: randomPhone(),
        device: { category: "phone", brand: "Oppo", model: "A78" },
        problem: "Battery drains in two hours",
        terms_accepted: true,
        whatsapp_opt_in: false,
        upload_session: form.upload_session,
      },
    });
    expect(created.status).toBe(201);
    const [intake] = await useTransaction((tx) =>
      tx.select().from(intakeFormTable).where(eq(intakeFormTable.source_ip, from)),
    );
    expect(intake).toBeDefined();
    const consents = await useTransaction((tx) =>
      tx.select().from(consentTable).where(eq(consentTable.customer_id, intake!.customer_id)),
    );
    expect(consents.map((consent) => consent.evidence.ip)).toEqual([from]);
  });
});

describe("the client's address behind API Gateway", () => {
  const handler = handle(createApi());

  /** An HTTP API (payload 2.0) event as API Gateway sends it: it appends the address it saw to the header. */
  const event = (sourceIp: string, forwarded?: string) => ({
    version: "2.0",
    routeKey: "ANY /api/{proxy+}",
    rawPath: "/api/auth/login",
    rawQueryString: "",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": forwarded ? `${forwarded}, ${sourceIp}` : sourceIp,
    },
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      authentication: null,
      authorizer: {},
      domainName: "api.example.test",
      domainPrefix: "api",
      http: { method: "POST", path: "/api/auth/login", protocol: "HTTP/1.1", sourceIp, userAgent: "test" },
      requestId: createId(),
      routeKey: "ANY /api/{proxy+}",
      stage: "$default",
      time: "01/Jan/2026:00:00:00 +0000",
      timeEpoch: 0,
    } satisfies ApiGatewayRequestContextV2,
    body: JSON.stringify({ email: `nobody-${createId()}@example.test`, password: "not the password at all" }),
    isBase64Encoded: false,
  });
  const invoke = async (sourceIp: string, forwarded?: string) =>
    (await handler(event(sourceIp, forwarded), {} as LambdaContext)) as { statusCode: number };

  it("limits by requestContext.http.sourceIp, whatever X-Forwarded-For the client sent", async () => {
    const sourceIp = remote();
    await exhaust(sourceIp);
    expect((await invoke(sourceIp, remote())).statusCode).toBe(429);
    expect((await invoke(remote())).statusCode).toBe(401);
  });
});
