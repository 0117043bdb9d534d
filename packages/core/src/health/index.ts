import { sql } from "drizzle-orm";
import { Blob } from "../blob/index";
import { useDb } from "../db/index";
import { QUEUE_NAMES } from "../queue/contracts";
import { Queue } from "../queue/index";
import { useClock } from "../util/clock";
import { getSession, HEARTBEAT_STALE_MS, sessionName } from "../whatsapp/session";

export * as Health from "./index";

/**
 * ok; warn: working, but someone should look (a message in a dead-letter queue); error: broken.
 * Only error fails /health (503): a poisoned message must not make a monitor or a release's
 * health watch roll back a shop that otherwise works. AWS also alarms on each DLQ.
 */
export type Status = "ok" | "warn" | "error";

export type Component = {
  status: Status;
  latency_ms: number;
  detail?: Record<string, unknown>;
  error?: string;
};

export type Report = {
  status: Status;
  components: {
    database: Component;
    queues: Component;
    dead_letters: Component;
    blob_store: Component;
    whatsapp_gateway: Component;
  };
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

async function queueStats() {
  const port = Queue.usePort();
  const stats = await Promise.all(QUEUE_NAMES.map(async (name) => [name, await port.stats(name)] as const));
  const missingDlq = stats.filter(([, s]) => !s.deadLetterTargetArn).map(([name]) => name);
  if (missingDlq.length) throw new Error(`no dead-letter queue on ${missingDlq.join(", ")}`);
  return stats;
}

/** Messages a consumer gave up on, per queue: a warning naming each queue, with its count. */
function deadLetters(
  queues: Component,
  stats: Awaited<ReturnType<typeof queueStats>> | undefined,
): Component {
  if (!stats) return { status: "error", latency_ms: queues.latency_ms, error: "queues could not be read" };
  const counts = Object.fromEntries(stats.map(([name, s]) => [name, s.deadLetters ?? 0]));
  const waiting = Object.entries(counts).filter(([, n]) => n > 0);
  return {
    status: waiting.length ? "warn" : "ok",
    latency_ms: queues.latency_ms,
    detail: counts,
    ...(waiting.length
      ? {
          error: `${waiting.map(([name, n]) => `${n} on ${name}`).join(", ")} could not be handled (dead-letter queue)`,
        }
      : {}),
  };
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
  let stats: Awaited<ReturnType<typeof queueStats>> | undefined;
  const [database, queues, blob_store, whatsapp_gateway] = await Promise.all([
    timed(async () => {
      await (await useDb()).execute(sql`select 1`);
      return undefined;
    }),
    timed(async () => {
      stats = await queueStats();
      return Object.fromEntries(
        stats.map(([name, s]) => [name, { visible: s.visible, in_flight: s.inFlight }]),
      );
    }),
    timed(async () => {
      await Blob.useStore().check();
      return undefined;
    }),
    timed(checkGateway),
  ]);
  const components = {
    database,
    queues,
    dead_letters: deadLetters(queues, stats),
    blob_store,
    whatsapp_gateway,
  };
  const statuses = Object.values(components).map((c) => c.status);
  const status = statuses.includes("error") ? "error" : statuses.includes("warn") ? "warn" : "ok";
  return { status, components };
}
