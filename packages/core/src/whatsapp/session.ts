import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { useDb } from "../db/index";
import { Env } from "../env/index";
import { useClock } from "../util/clock";
import { SessionEnv } from "./env";
import { type SessionMetrics, type sessionState, waSessionTable } from "./whatsapp.sql";

export type SessionState = (typeof sessionState.enumValues)[number];
export type { SessionMetrics };

/** The gateway writes one heartbeat at least this often; older means it is not running. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_INTERVAL_MS;

/** How long a lease lasts without renewal: a gateway that died gives up the session after this. */
export const LEASE_TTL_MS = 30_000;

/** The WhatsApp session (one shop number) this deployment runs; WA_SESSION_NAME, else "default". */
export const sessionName = () => Env.read(SessionEnv).WA_SESSION_NAME;

/** What the gateway knows of its connection; it reports all of it on every change and heartbeat. */
export type SessionReport = {
  name: string;
  mode: string;
  state: SessionState;
  instanceId: string;
  since: Date;
  lastError?: string;
  qr?: string;
  pairingCode?: string;
  linkedPhone?: string;
  alert?: { text: string; at: Date };
  metrics?: SessionMetrics;
};

/**
 * Called by the gateway on every state change and every heartbeat interval. Only the lease
 * holder's report is written: a second gateway waiting for the lease cannot overwrite what
 * the running one says.
 */
export async function reportSession(report: SessionReport): Promise<boolean> {
  const now = useClock().now();
  const values = {
    mode: report.mode,
    state: report.state,
    instance_id: report.instanceId,
    since: report.since,
    heartbeat_at: now,
    last_error: report.lastError ?? null,
    qr: report.qr ?? null,
    pairing_code: report.pairingCode ?? null,
    linked_phone: report.linkedPhone ?? null,
    alert: report.alert?.text ?? null,
    alert_at: report.alert?.at ?? null,
    metrics: report.metrics ?? null,
  };
  const rows = await (await useDb())
    .update(waSessionTable)
    .set(values)
    .where(and(eq(waSessionTable.name, report.name), eq(waSessionTable.lease_holder, report.instanceId)))
    .returning({ name: waSessionTable.name });
  return rows.length > 0;
}

export async function getSession(name: string) {
  const [row] = await (await useDb()).select().from(waSessionTable).where(eq(waSessionTable.name, name));
  return row;
}

/**
 * Takes the session's lease for `holder`, or renews it when `holder` has it already. Refused
 * (false) while another holder's lease is unexpired. Lease times use the database's clock so
 * two machines with different clocks still agree on who holds it.
 */
export async function acquireLease(name: string, holder: string, ttlMs = LEASE_TTL_MS): Promise<boolean> {
  const db = await useDb();
  const expires = sql`now() + make_interval(secs => ${ttlMs / 1000})`;
  // The first gateway ever creates the row; later ones find it there.
  await db
    .insert(waSessionTable)
    .values({
      name,
      mode: "none",
      state: "closed",
      instance_id: holder,
      since: useClock().now(),
      heartbeat_at: useClock().now(),
    })
    .onConflictDoNothing({ target: waSessionTable.name });
  const rows = await db
    .update(waSessionTable)
    .set({ lease_holder: holder, lease_expires_at: expires })
    .where(
      and(
        eq(waSessionTable.name, name),
        or(
          isNull(waSessionTable.lease_holder),
          eq(waSessionTable.lease_holder, holder),
          lt(waSessionTable.lease_expires_at, sql`now()`),
        ),
      ),
    )
    .returning({ name: waSessionTable.name });
  return rows.length > 0;
}

/** Gives the lease up at a clean shutdown, so the next gateway need not wait for it to expire. */
export async function releaseLease(name: string, holder: string): Promise<void> {
  await (await useDb())
    .update(waSessionTable)
    .set({ lease_holder: null, lease_expires_at: null })
    .where(and(eq(waSessionTable.name, name), eq(waSessionTable.lease_holder, holder)));
}

export type SessionRequests = { pairingPhone?: string; logout: boolean };

/**
 * The requests staff left for the gateway, taken once: they are cleared in the same
 * statement, so each is handled by exactly one poll of the lease holder.
 */
export async function takeRequests(name: string, holder: string): Promise<SessionRequests> {
  return (await useDb()).transaction(async (tx) => {
    const [row] = await tx
      .select({
        phone: waSessionTable.pairing_request_phone,
        logoutAt: waSessionTable.logout_requested_at,
      })
      .from(waSessionTable)
      .where(and(eq(waSessionTable.name, name), eq(waSessionTable.lease_holder, holder)))
      .for("update");
    if (!row || (!row.phone && !row.logoutAt)) return { logout: false };
    await tx
      .update(waSessionTable)
      .set({ pairing_request_phone: null, pairing_requested_at: null, logout_requested_at: null })
      .where(eq(waSessionTable.name, name));
    return { pairingPhone: row.phone ?? undefined, logout: row.logoutAt !== null };
  });
}

type SessionRow = typeof waSessionTable.$inferSelect;

/**
 * The connection as staff see it (GET /api/whatsapp/connection): the gateway's own report,
 * except that a gateway which stopped reporting is shown as closed, saying so.
 */
export function toConnection(row: SessionRow | undefined, now = useClock().now()) {
  if (!row || row.mode === "none")
    return {
      state: "closed" as SessionState,
      since: null,
      last_error: "the WhatsApp gateway has not started yet",
      mode: null,
      gateway_running: false,
      heartbeat_at: null,
      qr: null,
      pairing_code: null,
      linked_phone: null,
      alert: null,
      alert_at: null,
      metrics: null,
    };
  const silentFor = now.getTime() - row.heartbeat_at.getTime();
  const running = silentFor <= HEARTBEAT_STALE_MS;
  return {
    state: running ? row.state : ("closed" as SessionState),
    since: row.since.toISOString(),
    last_error: running
      ? row.last_error
      : `the WhatsApp gateway is not running (no heartbeat for ${Math.round(silentFor / 1000)} s)`,
    mode: row.mode,
    gateway_running: running,
    heartbeat_at: row.heartbeat_at.toISOString(),
    qr: running ? row.qr : null,
    pairing_code: running ? row.pairing_code : null,
    linked_phone: row.linked_phone,
    alert: row.alert,
    alert_at: row.alert_at?.toISOString() ?? null,
    metrics: row.metrics,
  };
}
export type Connection = ReturnType<typeof toConnection>;
