import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { customerTable } from "../customer/customer.sql";
import { createdAt, id, ref, timestamps, utc } from "../db/columns";

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
  /** Never sent: refused by the consent rule (core/src/consent) before it reached WhatsApp. */
  "cancelled",
]);
/**
 * Why an outbound message exists; the consent rule (core/src/consent/rule.ts) decides by it
 * which messages may still go to a customer who opted out.
 */
export const messagePurpose = pgEnum("wa_message_purpose", [
  "ticket_notice",
  "follow_up",
  "campaign",
  "staff",
  "consent_confirmation",
  "owner_alert",
  /** A sale's receipt (and later a quote) sent to the customer who gave their number at the counter. */
  "sale_notice",
  /** The assistant's answer to a customer's question (core/src/assistant): allowed unless they opted out. */
  "bot_reply",
  /** The day-before reminder of an appointment the customer asked for (core/src/appointment): allowed unless they opted out. */
  "appointment_reminder",
]);

/**
 * An inbound customer message the assistant is to answer: `pending` from the router's decision
 * until the `ai` consumer answers it (the outbox sweeper re-sends its job while pending);
 * `answered` with facts from the shop's data, `fallback` when it handed the question to staff,
 * `skipped` when staff took the chat over in between. Null: not the assistant's.
 */
export const botState = pgEnum("wa_bot_state", ["pending", "answered", "fallback", "skipped"]);

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
    /** Set when the assistant could not answer from the shop's data: staff should reply; cleared when they do. */
    needs_staff_at: utc("needs_staff_at"),
    /**
     * While set and in the future, one `ai` consumer is answering this chat's pending questions
     * (outside any transaction, as a model may take seconds); others leave the chat to it.
     */
    answering_until: utc("answering_until"),
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
    /** Outbound only: what the message is for (see messagePurpose). */
    purpose: messagePurpose("purpose"),
    status: messageStatus("status").notNull(),
    status_at: utc("status_at").notNull().defaultNow(),
    failure_reason: text("failure_reason"),
    /** Loose references (no FK) so the ledger never blocks a ticket or campaign change. */
    ticket_id: uuid("ticket_id"),
    campaign_id: uuid("campaign_id"),
    /** Set once the outbound queue took the message's command; while null the outbox sweeper re-sends it. */
    enqueued_at: utc("enqueued_at"),
    /** Set by the gateway just before it hands the message to WhatsApp: at most one attempt. */
    send_attempted_at: utc("send_attempted_at"),
    correlation_id: text("correlation_id"),
    /** The time WhatsApp gave the message, for inbound messages. */
    wa_timestamp: utc("wa_timestamp"),
    /** Inbound only: the assistant's progress on answering it (see botState). */
    bot_state: botState("bot_state"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("wa_messages_wa_id_unique").on(t.wa_message_id),
    index("wa_messages_phone_idx").on(t.phone, t.created_at),
    index("wa_messages_status_idx").on(t.status, t.status_at),
    // The outbox sweeper's look for questions still waiting for the assistant.
    index("wa_messages_bot_pending_idx").on(t.created_at).where(sql`${t.bot_state} = 'pending'`),
    // A campaign's metrics and its withdrawal on pause or stop.
    index("wa_messages_campaign_idx").on(t.campaign_id).where(sql`${t.campaign_id} is not null`),
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
