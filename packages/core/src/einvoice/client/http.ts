import * as z from "zod";
import { log } from "../../log";
import type { Clock } from "../../util/clock";
import { errorFromResponse, refusal } from "./errors";
import {
  createRateLimiter,
  type Endpoint,
  MIN_INTERVAL_MS,
  RATE_LIMITS,
  type RateLimiter,
  type Sleep,
} from "./limits";

export type TransportOptions = {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  onBehalfOf?: string;
  fetch: typeof fetch;
  clock: Clock;
  sleep: Sleep;
  rateLimits: Record<Endpoint, number>;
  /** A 429 asking for a longer wait than this is handed to the caller instead of waited out. */
  maxRetryAfterSeconds: number;
};

export type Request = {
  method: "GET" | "POST" | "PUT";
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: Record<string, string>;
};

export type Reply = { status: number; body: unknown; headers: Headers };

const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().default(3600),
});

/** Renew a token this long before LHDN says it expires, so a call never starts with a dying token. */
const TOKEN_MARGIN_MS = 60_000;
const MAX_RATE_LIMIT_RETRIES = 3;
/** What to wait on a 429 that carries no Retry-After. */
const DEFAULT_RETRY_AFTER_SECONDS = 30;
const REQUEST_TIMEOUT_MS = 30_000;

/** `Retry-After` is seconds in practice, but HTTP also allows a date. */
export function retryAfterSeconds(header: string | null, now: Date): number {
  if (!header) return DEFAULT_RETRY_AFTER_SECONDS;
  if (/^\s*\d+\s*$/.test(header)) return Number(header);
  const at = Date.parse(header);
  if (Number.isNaN(at)) return DEFAULT_RETRY_AFTER_SECONDS;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

export const facts = (reply: Reply, retryAfter?: number) => ({
  status: reply.status,
  body: reply.body,
  correlationId: reply.headers.get("correlationid") ?? undefined,
  retryAfterSeconds: retryAfter,
});

/**
 * HTTP to MyInvois: one rate limiter per endpoint, the cached login token, a fresh login and
 * one retry on 401, and 429s waited out as `Retry-After` asks (a bounded number of times).
 * The client secret and tokens go only into request bodies and headers, never into logs or errors.
 */
export function createTransport(options: TransportOptions) {
  const { clock, sleep } = options;
  const limiters = Object.fromEntries(
    (Object.keys(RATE_LIMITS) as Endpoint[]).map((endpoint) => [
      endpoint,
      createRateLimiter({
        perMinute: options.rateLimits[endpoint],
        minIntervalMs: MIN_INTERVAL_MS[endpoint],
        clock,
        sleep,
      }),
    ]),
  ) as Record<Endpoint, RateLimiter>;
  let token: { value: string; renewAt: number } | undefined;
  let loggingIn: Promise<string> | undefined;

  async function send(endpoint: Endpoint, request: Request, accessToken?: string): Promise<Reply> {
    await limiters[endpoint].acquire();
    const url = new URL(request.path, options.baseUrl);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { Accept: "application/json" };
    if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
    if (options.onBehalfOf) headers.onbehalfof = options.onBehalfOf;
    let body: string | undefined;
    if (request.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(request.form).toString();
    } else if (request.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(request.json);
    }
    try {
      const response = await options.fetch(url, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      return { status: response.status, body: parseBody(text), headers: response.headers };
    } catch (error) {
      log.warn("myinvois unreachable", {
        endpoint,
        reason: error instanceof Error ? error.message : "unknown",
      });
      throw refusal(
        "einvoice.unavailable",
        {
          en: "MyInvois could not be reached. Try again later.",
          ms: "MyInvois tidak dapat dihubungi. Cuba lagi kemudian.",
        },
        { endpoint },
      );
    }
  }

  async function exchange(endpoint: Endpoint, request: Request, accessToken?: string): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      const reply = await send(endpoint, request, accessToken);
      if (reply.status !== 429) return reply;
      const wait = retryAfterSeconds(reply.headers.get("retry-after"), clock.now());
      if (attempt >= MAX_RATE_LIMIT_RETRIES || wait > options.maxRetryAfterSeconds) {
        throw errorFromResponse(facts(reply, wait), "einvoice.rate_limited");
      }
      log.warn("myinvois rate limited", {
        endpoint,
        retry_after_seconds: wait,
        correlation_id: reply.headers.get("correlationid") ?? undefined,
      });
      await sleep(wait * 1000);
    }
  }

  async function login(): Promise<string> {
    const reply = await exchange("login", {
      method: "POST",
      path: "/connect/token",
      form: {
        grant_type: "client_credentials",
        client_id: options.clientId,
        client_secret: options.clientSecret,
        scope: "InvoicingAPI",
      },
    });
    if (reply.status !== 200) {
      throw errorFromResponse(facts(reply), reply.status < 500 ? "einvoice.unauthorized" : undefined);
    }
    const parsed = TokenResponse.safeParse(reply.body);
    if (!parsed.success) throw unexpected("login");
    const lifetimeMs = parsed.data.expires_in * 1000;
    const now = clock.now().getTime();
    token = {
      value: parsed.data.access_token,
      renewAt: now + Math.max(lifetimeMs - TOKEN_MARGIN_MS, lifetimeMs / 2),
    };
    return token.value;
  }

  function accessToken(): Promise<string> {
    if (token && clock.now().getTime() < token.renewAt) return Promise.resolve(token.value);
    loggingIn ??= login().finally(() => {
      loggingIn = undefined;
    });
    return loggingIn;
  }

  /**
   * An authenticated call. Statuses in `expect` are returned; anything else becomes our
   * VisibleError. A 401 means the token died early (LHDN restarts, clock skew): log in
   * again and retry once.
   */
  async function call(endpoint: Endpoint, request: Request, expect: number[] = [200]): Promise<Reply> {
    const used = await accessToken();
    let reply = await exchange(endpoint, request, used);
    if (reply.status === 401) {
      log.warn("myinvois refused the token; logging in again", { endpoint });
      if (token?.value === used) token = undefined;
      reply = await exchange(endpoint, request, await accessToken());
    }
    if (!expect.includes(reply.status)) {
      // A 422 DuplicateSubmission says with Retry-After when the same payload may go again.
      const retryAfter = reply.headers.get("retry-after");
      throw errorFromResponse(
        facts(reply, retryAfter ? retryAfterSeconds(retryAfter, clock.now()) : undefined),
      );
    }
    return reply;
  }

  return { call };
}

export type Transport = ReturnType<typeof createTransport>;

function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** LHDN answered 2xx with something we cannot read: treat it like an outage, not our bug. */
export function unexpected(endpoint: Endpoint) {
  log.warn("myinvois answered in an unexpected shape", { endpoint });
  return refusal(
    "einvoice.unavailable",
    {
      en: "MyInvois sent an answer that could not be read. Try again later.",
      ms: "MyInvois menghantar jawapan yang tidak dapat dibaca. Cuba lagi kemudian.",
    },
    { endpoint },
  );
}
