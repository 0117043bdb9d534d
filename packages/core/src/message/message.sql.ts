import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { customerTable } from "../customer/customer.sql";
import { createdAt, id, ref, timestamps, utc } from "../db/columns";
import type { Sealed } from "../settings/crypto";

export const threadStatus = pgEnum("wa_thread_status", ["open", "closed"]);
export const messageDirection = pgEnum("wa_message_direction", ["in", "out"]);
export const messageAuthor = pgEnum("wa_message_author", ["customer", "staff", "bot", "system"]);
export const messageKind = pgEnum("wa_message_kind", [
  "text",
  "image",
  "document",
  "audio",
  "video",
  "other",
]);
export const messageLane = pgEnum("wa_message_lane", ["tx", "bulk"]);
/** Delivery states in the order they happen; see Message.STATUS_RANK. */
export const messageStatus = pgEnum("wa_message_status", [
  "queued",
  "sent",
  "server_ack",
  "delivered",
  "read",
  "failed",
  "received",
]);
export const sessionState = pgEnum("wa_session_state", ["connecting", "open", "closed", "needs_pairing"]);

/** One conversation per customer phone: who may answer it (bot or staff) and how fresh it is. */
export const waThreadTable = pgTable(
  "wa_threads",
  {
    ...id,
    phone: text("phone").notNull(),
    customer_id: ref("customer_id", () => customerTable.id),
    status: threadStatus("status").notNull().default("open"),
    /** While set and in the future, the bot stays silent in this chat (human takeover). */
    bot_paused_until: utc("bot_paused_until"),
    takeover_by: ref("takeover_by", () => userTable.id),
    unread_count: integer("unread_count").notNull().default(0),
    last_inbound_at: utc("last_inbound_at"),
    last_outbound_at: utc("last_outbound_at"),
    ...timestamps,
  },
  (t) => [uniqueIndex("wa_threads_phone_unique").on(t.phone)],
);

/**
 * The message log and delivery ledger: every WhatsApp message in or out, with its status.
 * `wa_message_id` is the id on WhatsApp; for outbound messages we make it before sending,
 * so a retried send can be recognised and never goes out twice.
 */
export const waMessageTable = pgTable(
  "wa_messages",
  {
    ...id,
    wa_message_id: text("wa_message_id").notNull(),
    thread_id: ref("thread_id", () => waThreadTable.id),
    phone: text("phone").notNull(),
    direction: messageDirection("direction").notNull(),
    author: messageAuthor("author").notNull(),
    kind: messageKind("kind").notNull().default("text"),
    body: text("body"),
    media_key: text("media_key"),
    lane: messageLane("lane"),
    status: messageStatus("status").notNull(),
    status_at: utc("status_at").notNull().defaultNow(),
    failure_reason: text("failure_reason"),
    /** Loose references (no FK) so the ledger never blocks a ticket or campaign change. */
    ticket_id: uuid("ticket_id"),
    campaign_id: uuid("campaign_id"),
    /** Set by the gateway just before it hands the message to WhatsApp: at most one attempt. */
    send_attempted_at: utc("send_attempted_at"),
    correlation_id: text("correlation_id"),
    /** The time WhatsApp gave the message, for inbound messages. */
    wa_timestamp: utc("wa_timestamp"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("wa_messages_wa_id_unique").on(t.wa_message_id),
    index("wa_messages_phone_idx").on(t.phone, t.created_at),
    index("wa_messages_status_idx").on(t.status, t.status_at),
  ],
);

/** Each status a message reached, once, with when: the evidence behind the ledger's status. */
export const waMessageStatusTable = pgTable(
  "wa_message_statuses",
  {
    ...id,
    wa_message_id: text("wa_message_id").notNull(),
    status: messageStatus("status").notNull(),
    at: utc("at").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    ...createdAt,
  },
  (t) => [uniqueIndex("wa_message_statuses_unique").on(t.wa_message_id, t.status)],
);

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
