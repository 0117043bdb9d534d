/**
 * What the gateway does when WhatsApp closes the connection, per Baileys' DisconnectReason
 * (the Boom status code). The same table is in docs/architecture.md.
 *
 * - "restart": open a new socket at once (515 comes after every pairing and server restart).
 * - "backoff": wait (exponential, jittered) and open a new socket.
 * - "repair": the link is gone; stop, wipe the keys, and wait for staff to pair again.
 * - "stop": stop and alert; reconnecting would loop or make things worse. After 403 the
 *   keys are kept (a lock can be lifted) but the session is shown as needing pairing.
 */
export type Reaction = "restart" | "backoff" | "repair" | "stop";

/** `needsPairing`: a stop after which only a new pairing helps (shown as needs_pairing, keys kept). */
export type Policy = { reaction: Reaction; reason: string; alert?: string; needsPairing?: boolean };

export const RECONNECT_POLICY: Record<number, Policy> = {
  515: { reaction: "restart", reason: "WhatsApp asked for a restart" },
  401: {
    reaction: "repair",
    reason: "the shop's phone logged this device out",
    alert:
      "WhatsApp logged the gateway out (unlinked from the shop's phone). Pair it again on WhatsApp → Connection.",
  },
  403: {
    reaction: "stop",
    needsPairing: true,
    reason: "WhatsApp refused this account (forbidden)",
    alert:
      "WhatsApp refused the shop's number (403: locked or banned). Check the phone before pairing again.",
  },
  402: {
    reaction: "stop",
    reason: "WhatsApp suspended this account for a while",
    alert: "WhatsApp reported a temporary ban (402). Wait it out; do not re-pair repeatedly.",
  },
  406: {
    reaction: "stop",
    reason: "WhatsApp banned this account",
    alert: "WhatsApp reported the shop's number banned (406).",
  },
  405: {
    reaction: "stop",
    reason: "WhatsApp says this client version is outdated",
    alert: "WhatsApp rejected the gateway's client version (405). The gateway needs a Baileys update.",
  },
  411: {
    reaction: "repair",
    reason: "the shop's phone and this device disagree on multi-device",
    alert: "WhatsApp needs the gateway paired again (411).",
  },
  440: {
    reaction: "stop",
    reason: "another client opened this session and replaced this one",
    alert:
      "Another client took over the shop's WhatsApp session (440). Two clients evict each other forever, so the gateway stopped; make sure only one runs, then restart it.",
  },
  408: { reaction: "backoff", reason: "the connection timed out" },
  428: { reaction: "backoff", reason: "the connection was closed" },
  500: { reaction: "backoff", reason: "WhatsApp reported a bad session" },
  503: { reaction: "backoff", reason: "WhatsApp is unavailable" },
};

/** A code missing from the table is treated as a network problem: retried with backoff. */
export function policyFor(code: number | undefined): Policy {
  return (
    (code === undefined ? undefined : RECONNECT_POLICY[code]) ?? {
      reaction: "backoff",
      reason: `the connection closed (${code ?? "no code"})`,
    }
  );
}

export type BackoffOptions = { baseMs: number; capMs: number; random: () => number };

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2000, capMs: 5 * 60_000, random: Math.random };

/** A connection open this long counts as stable: the next failure starts the backoff afresh. */
export const STABLE_AFTER_MS = 10 * 60_000;

/**
 * The wait before reconnect attempt `attempt` (1-based): the exponential step base·2^(n-1),
 * capped, with "equal jitter" — between half and all of the step — so many gateways
 * restarting together spread out, yet none retries at once.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const step = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + options.random() * (step / 2));
}
