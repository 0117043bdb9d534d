import { eq } from "drizzle-orm";
import { useDb } from "../db/index";
import { useClock } from "../util/clock";
import { type sessionState, waSessionTable } from "./message.sql";

export type SessionState = (typeof sessionState.enumValues)[number];

/** The gateway writes one heartbeat at least this often; older means it is not running. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_INTERVAL_MS;

/** The WhatsApp session (one shop number) this deployment runs; WA_SESSION_NAME, else "default". */
export const sessionName = () => process.env.WA_SESSION_NAME || "default";

export type SessionReport = {
  name: string;
  mode: string;
  state: SessionState;
  instanceId: string;
  since: Date;
  lastError?: string;
};

/** Called by the gateway on every state change and every heartbeat interval. */
export async function reportSession(report: SessionReport): Promise<void> {
  const now = useClock().now();
  const values = {
    mode: report.mode,
    state: report.state,
    instance_id: report.instanceId,
    since: report.since,
    heartbeat_at: now,
    last_error: report.lastError ?? null,
  };
  await (await useDb())
    .insert(waSessionTable)
    .values({ name: report.name, ...values })
    .onConflictDoUpdate({ target: waSessionTable.name, set: values });
}

export async function getSession(name: string) {
  const [row] = await (await useDb()).select().from(waSessionTable).where(eq(waSessionTable.name, name));
  return row;
}
