import { boolean, jsonb, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamps, utc } from "../db/columns";
import type { Sealed } from "../settings/crypto";

export const sessionState = pgEnum("wa_session_state", ["connecting", "open", "closed", "needs_pairing"]);

/** What the gateway counts while it runs, reported with each heartbeat. */
export type SessionMetrics = {
  /** When this gateway process started counting. */
  started_at: string;
  state_changes: number;
  reconnects: number;
  /** Time spent in the open state since started_at, in milliseconds. */
  connected_ms: number;
  watchdog_restarts: number;
};

/**
 * The WhatsApp session (one shop number): the connection as last reported by the gateway
 * (heartbeat, QR, pairing code), the lease that lets only one gateway run it, and the
 * requests staff leave for the gateway (pairing code, log out), which it picks up within a second.
 */
export const waSessionTable = pgTable("wa_sessions", {
  name: text("name").primaryKey(),
  mode: text("mode").notNull(),
  state: sessionState("state").notNull(),
  instance_id: text("instance_id").notNull(),
  since: utc("since").notNull(),
  heartbeat_at: utc("heartbeat_at").notNull(),
  last_error: text("last_error"),
  /** The gateway instance allowed to open this session, and until when (it renews well before). */
  lease_holder: text("lease_holder"),
  lease_expires_at: utc("lease_expires_at"),
  /** The current pairing QR (refreshed by WhatsApp every 20 s) while the session waits to be linked. */
  qr: text("qr"),
  pairing_code: text("pairing_code"),
  /** The shop's own number once linked (E.164). */
  linked_phone: text("linked_phone"),
  /** Staff asked for a pairing code for this number; the gateway clears it when handled. */
  pairing_request_phone: text("pairing_request_phone"),
  pairing_requested_at: utc("pairing_requested_at"),
  /** Staff asked to unlink the shop's number; the gateway clears it when done. */
  logout_requested_at: utc("logout_requested_at"),
  /** Something staff must see (dead connection restarted, logged out, replaced); cleared when healthy. */
  alert: text("alert"),
  alert_at: utc("alert_at"),
  metrics: jsonb("metrics").$type<SessionMetrics>(),
  ...timestamps,
});

/**
 * The Baileys auth state of a session: the creds (type "creds", id "") and every signal key,
 * each value BufferJSON text sealed with AES-256-GCM. Creds and keys live in one table so
 * one transaction can write both.
 */
export const waAuthStateTable = pgTable(
  "wa_auth_state",
  {
    session: text("session").notNull(),
    type: text("type").notNull(),
    id: text("id").notNull(),
    value: jsonb("value").$type<Sealed>().notNull(),
    updated_at: utc("updated_at")
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [primaryKey({ columns: [t.session, t.type, t.id] })],
);

/**
 * What we know of a phone number on WhatsApp: whether it exists there (checked before the
 * first message, cached) and any restriction WhatsApp put on reaching it (error 463), so a
 * refused number is never retried in a loop.
 */
export const waContactTable = pgTable("wa_contacts", {
  phone: text("phone").primaryKey(),
  on_whatsapp: boolean("on_whatsapp"),
  jid: text("jid"),
  checked_at: utc("checked_at"),
  restriction: text("restriction"),
  restriction_detail: text("restriction_detail"),
  restricted_at: utc("restricted_at"),
  ...timestamps,
});
