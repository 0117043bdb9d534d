import { randomBytes } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import * as z from "zod";
import { PURPOSES } from "../consent/rule";
import { afterCommit, createTransaction, useTransaction } from "../db/transaction";
import { useCorrelationId } from "../log";
import { useClock } from "../util/clock";
import { fn } from "../util/fn";
import { Phone } from "../util/phone";
import { GatewayEvent } from "./contract";
import { raiseCancelled, raiseIfFailed, scheduleDeliveryCheck } from "./delivery";
import { type messageStatus, waMessageStatusTable, waMessageTable, waThreadTable } from "./message.sql";
import { enqueue } from "./outbox";

export { cancelCampaignQueued, cancelQueued, claimSend, releaseClaim } from "./claim";
export * from "./contract";
export { deliveryCheck, deliveryCheckName } from "./delivery";
export { type Undelivered, undelivered } from "./events";
export * as Message from "./index";
export { OUTBOX_SWEEP_AFTER_MS, sweep, sweepOutbox } from "./outbox";

type Status = (typeof messageStatus.enumValues)[number];

/**
 * How far along each status is. The ledger only moves forward: a late "delivered" receipt
 * never overwrites "read". "failed" outranks sending states but not delivery, because a
 * message WhatsApp delivered did reach the customer whatever happens after.
 */
export const STATUS_RANK: Record<Status, number> = {
  queued: 0,
  sent: 1,
  server_ack: 2,
  failed: 2.5,
  delivered: 3,
  read: 4,
  received: 4,
  // Refused before sending: final, nothing WhatsApp says can follow it.
  cancelled: 5,
};

/** A WhatsApp-style message id ("3EB0" + 36 hex digits), made before sending so retries are recognisable. */
export const newWaMessageId = () => `3EB0${randomBytes(18).toString("hex").toUpperCase()}`;

export const SendInput = z.object({
  to: Phone,
  /** The message, or an image's caption when `media_key` is set (then it may be empty). */
  text: z.string().max(4096),
  /** A stored image (blob key) to send with `text` as its caption. */
  media_key: z.string().min(1).max(300).optional(),
  /** "tx" for messages a customer is waiting for (ACK, estimate, ready); "bulk" for campaigns. */
  lane: z.enum(["tx", "bulk"]).default("tx"),
  author: z.enum(["staff", "bot", "system"]).default("system"),
  /** What the message is for: the consent rule (core/src/consent/rule.ts) decides by it. No default: a caller says. */
  purpose: z.enum(PURPOSES),
  ticket_id: z.uuid().optional(),
  campaign_id: z.uuid().optional(),
});

/**
 * Records an outbound text as queued in the caller's transaction (the outbox: the message
 * commits with the change that causes it) and puts its command on the outbound queue after
 * commit; a transactional message about a ticket also gets its delivery check scheduled.
 * Returns the ledger row.
 */
export const send = fn(
  SendInput.refine((m) => m.text || m.media_key, "A message needs text or an image"),
  async (input) => {
    const row = await insertOutbound(input, { status: "queued" });
    // Only the queue send waits for commit; a crash before it leaves the row queued for the
    // outbox sweeper, never a committed change without its message.
    await afterCommit(() => enqueue(row));
    await scheduleDeliveryCheck(row);
    return row;
  },
);

/**
 * Records a message the consent rule refused as cancelled, never sent, with the reason, and
 * raises message.undelivered for it (a ticket notice then flags "call the customer"): the
 * chat shows what the customer was not sent, and staff know to phone.
 */
export const refuse = fn(SendInput.extend({ reason: z.string().min(1) }), async ({ reason, ...input }) => {
  const row = await insertOutbound(input, { status: "cancelled", reason });
  await raiseCancelled([row]);
  return row;
});

function insertOutbound(
  input: z.output<typeof SendInput>,
  outcome: { status: "queued" } | { status: "cancelled"; reason: string },
) {
  return createTransaction(async (tx) => {
    const now = useClock().now();
    const thread = await upsertThread(input.to, { last_outbound_at: now });
    const [row] = await tx
      .insert(waMessageTable)
      .values({
        wa_message_id: newWaMessageId(),
        thread_id: thread.id,
        phone: input.to,
        direction: "out",
        author: input.author,
        kind: input.media_key ? "image" : "text",
        body: input.text,
        media_key: input.media_key,
        lane: input.lane,
        purpose: input.purpose,
        status: outcome.status,
        status_at: now,
        failure_reason: outcome.status === "cancelled" ? outcome.reason : undefined,
        ticket_id: input.ticket_id,
        campaign_id: input.campaign_id,
        correlation_id: useCorrelationId(),
      })
      .returning();
    return row!;
  });
}

/** Creates the phone's thread or updates it; `unread` counts one more unread inbound message. */
async function upsertThread(
  phone: string,
  touch: { last_inbound_at?: Date; last_outbound_at?: Date; unread?: boolean },
) {
  const { unread, ...times } = touch;
  return useTransaction(async (tx) => {
    const [thread] = await tx
      .insert(waThreadTable)
      .values({ phone, ...times, unread_count: unread ? 1 : 0 })
      .onConflictDoUpdate({
        target: waThreadTable.phone,
        set: { ...times, ...(unread ? { unread_count: sql`${waThreadTable.unread_count} + 1` } : {}) },
      })
      .returning();
    return thread!;
  });
}

const Received = GatewayEvent.options[0];
const StatusEvent = GatewayEvent.options[1];

/**
 * Records a message the gateway received. Deduplicated by WhatsApp message id: the same
 * message arriving twice (a `notify` and a later `append`) is stored once.
 * Returns the row when it is new, undefined for a duplicate.
 */
export const recordInbound = fn(Received, (event) =>
  createTransaction(async (tx) => {
    const at = new Date(event.wa_timestamp);
    const [row] = await tx
      .insert(waMessageTable)
      .values({
        wa_message_id: event.message_id,
        phone: event.from,
        direction: event.from_me ? "out" : "in",
        author: event.from_me ? "staff" : "customer",
        kind: event.kind,
        body: event.text,
        media_key: event.media_key,
        status: event.from_me ? "sent" : "received",
        status_at: at,
        wa_timestamp: at,
        correlation_id: useCorrelationId(),
      })
      .onConflictDoNothing({ target: waMessageTable.wa_message_id })
      .returning();
    if (!row) return undefined;
    const thread = event.from_me
      ? await upsertThread(event.from, { last_outbound_at: at })
      : await upsertThread(event.from, { last_inbound_at: at, unread: true });
    await tx.update(waMessageTable).set({ thread_id: thread.id }).where(eq(waMessageTable.id, row.id));
    return { ...row, thread_id: thread.id };
  }),
);

/**
 * Applies a delivery receipt. Every status is kept once in wa_message_statuses; the
 * message's current status only ever moves forward (see STATUS_RANK). Matched by message
 * id, never by phone or JID. A failed message raises `message.undelivered` in the same
 * transaction (tickets flag "call the customer").
 */
export const recordStatus = fn(StatusEvent, (event) =>
  createTransaction(async (tx) => {
    const at = new Date(event.at);
    await tx
      .insert(waMessageStatusTable)
      .values({
        wa_message_id: event.message_id,
        status: event.status,
        at,
        detail: event.reason ? { reason: event.reason } : null,
      })
      .onConflictDoNothing();
    const rank = STATUS_RANK[event.status];
    const [row] = await tx
      .update(waMessageTable)
      .set({
        status: event.status,
        status_at: at,
        failure_reason: event.status === "failed" ? (event.reason ?? "unknown") : undefined,
      })
      .where(and(eq(waMessageTable.wa_message_id, event.message_id), sql`${rankSql()} < ${rank}`))
      .returning();
    if (row) await raiseIfFailed(row);
    return row;
  }),
);

/** SQL for the current row's STATUS_RANK, so the forward-only check happens in the UPDATE itself. */
function rankSql() {
  const cases = Object.entries(STATUS_RANK).map(
    ([status, rank]) => sql`when ${status}::wa_message_status then ${rank}::numeric`,
  );
  return sql`(case ${waMessageTable.status} ${sql.join(cases, sql` `)} end)`;
}

/** The chat with one phone number, both ways, oldest first, with each message's status. */
export const listChat = fn(z.object({ phone: Phone }), ({ phone }) =>
  useTransaction((tx) =>
    tx
      .select()
      .from(waMessageTable)
      .where(eq(waMessageTable.phone, phone))
      .orderBy(asc(waMessageTable.created_at), asc(waMessageTable.id)),
  ),
);

/**
 * The text of a message we sent, by its WhatsApp id. Baileys asks for it when the customer's
 * phone could not decrypt the first copy and requests a retry; without it the customer sees
 * "waiting for this message" for ever. Media messages are not re-sent this way.
 */
export async function sentText(waMessageId: string): Promise<string | undefined> {
  const [row] = await useTransaction((tx) =>
    tx
      .select({ body: waMessageTable.body, kind: waMessageTable.kind })
      .from(waMessageTable)
      .where(and(eq(waMessageTable.wa_message_id, waMessageId), eq(waMessageTable.direction, "out"))),
  );
  return row?.kind === "text" && row.body ? row.body : undefined;
}

export type Row = typeof waMessageTable.$inferSelect;

/** A customer's WhatsApp message kept as the evidence of what they answered (an estimate, a quote). */
export type ReplyEvidence = { channel: "whatsapp"; message_id: string; wa_message_id: string; text: string };

/** The evidence as stored: the text cut to what a person needs to read it back. */
export const evidenceOf = (evidence: ReplyEvidence) => ({ ...evidence, text: evidence.text.slice(0, 1000) });

/** The API shape of a logged message. */
export function toPublic(row: Row) {
  return {
    media_key: row.media_key,
    ticket_id: row.ticket_id,
    id: row.id,
    wa_message_id: row.wa_message_id,
    phone: row.phone,
    direction: row.direction,
    author: row.author,
    kind: row.kind,
    text: row.body,
    status: row.status,
    status_at: row.status_at.toISOString(),
    failure_reason: row.failure_reason,
    created_at: row.created_at.toISOString(),
  };
}
