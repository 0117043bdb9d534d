import { sql } from "drizzle-orm";
import { Blob } from "../blob/index";
import { useDb } from "../db/index";
import { QUEUE_NAMES } from "../queue/contracts";
import { Queue } from "../queue/index";
import { useClock } from "../util/clock";
import { getSession, HEARTBEAT_STALE_MS, sessionName } from "../whatsapp/session";

export * as Health from "./index";

export type Component = {
  status: "ok" | "error";
  latency_ms: number;
  detail?: Record<string, unknown>;
  error?: string;
};

export type Report = {
  status: "ok" | "error";
  components: { database: Component; queues: Component; blob_store: Component; whatsapp_gateway: Component };
};

/** Each check is given this long before it counts as failed, so a hung dependency cannot hang /health. */
export const CHECK_TIMEOUT_MS = 3000;

async function timed(check: () => Promise<Record<string, unknown> | undefined>): Promise<Component> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      );
    });
    const detail = await Promise.race([check(), timeout]);
    return {
      status: "ok",
      latency_ms: Math.round(performance.now() - started),
      ...(detail ? { detail } : {}),
    };
  } catch (error) {
    return {
      status: "error",
      latency_ms: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

async function checkQueues() {
  const port = Queue.usePort();
  const stats = await Promise.all(QUEUE_NAMES.map(async (name) => [name, await port.stats(name)] as const));
  const missingDlq = stats.filter(([, s]) => !s.deadLetterTargetArn).map(([name]) => name);
  if (missingDlq.length) throw new Error(`no dead-letter queue on ${missingDlq.join(", ")}`);
  return Object.fromEntries(stats.map(([name, s]) => [name, { visible: s.visible, in_flight: s.inFlight }]));
}

async function checkGateway() {
  const session = await getSession(sessionName());
  if (!session) throw new Error("the gateway has not reported yet");
  const age = useClock().now().getTime() - session.heartbeat_at.getTime();
  const detail = { mode: session.mode, state: session.state, since: session.since.toISOString() };
  if (age > HEARTBEAT_STALE_MS) throw new Error(`no heartbeat for ${Math.round(age / 1000)} s`);
  if (session.state !== "open")
    throw new Error(`connection is ${session.state}${session.last_error ? `: ${session.last_error}` : ""}`);
  return detail;
}

/** Checks every component the product depends on, one by one, in parallel. */
export async function check(): Promise<Report> {
  const [database, queues, blob_store, whatsapp_gateway] = await Promise.all([
    timed(async () => {
      await (await useDb()).execute(sql`select 1`);
      return undefined;
    }),
    timed(checkQueues),
    timed(async () => {
      await Blob.useStore().check();
      return undefined;
    }),
    timed(checkGateway),
  ]);
  const components = { database, queues, blob_store, whatsapp_gateway };
  const status = Object.values(components).every((c) => c.status === "ok") ? "ok" : "error";
  return { status, components };
}
