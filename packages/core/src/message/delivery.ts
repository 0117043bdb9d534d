import { eq } from "drizzle-orm";
import * as z from "zod";
import { afterCommit, createTransaction } from "../db/transaction";
import { Job } from "../job/index";
import { log } from "../log";
import { Settings } from "../settings/index";
import { DELIVERY_DEADLINE_MINUTES } from "../settings/schema";
import { useClock } from "../util/clock";
import { WaMessageId } from "./contract";
import { type Undelivered, undelivered } from "./events";
import { waMessageTable } from "./message.sql";

type Row = typeof waMessageTable.$inferSelect;

/** Statuses that mean the message reached the customer's phone. */
const REACHED: readonly Row["status"][] = ["delivered", "read"];

export const deliveryCheckName = (waMessageId: string) => `delivery-check-${waMessageId}`;

/** Only a transactional message about a ticket has a delivery deadline: the customer is waiting for it. */
const watched = (row: Row) => row.direction === "out" && row.lane === "tx" && row.ticket_id !== null;

/** What every undelivered event says about the message. */
const about = (row: Row) => ({
  messageId: row.id,
  waMessageId: row.wa_message_id,
  lane: row.lane,
  purpose: row.purpose,
  ticketId: row.ticket_id,
  campaignId: row.campaign_id,
  status: row.status,
});

/**
 * Re-reads the message at its deadline: unless it reached the customer (delivered or read),
 * raises `message.undelivered` (tickets flag "call the customer"). Queued, sent and server_ack
 * all count as not delivered: WhatsApp Web reports a send as done long before the phone has
 * it, if ever. A cancelled message raised its event when it was cancelled.
 */
export const deliveryCheck = Job.define(
  "message.delivery_check",
  z.object({ message_id: WaMessageId, deadline_minutes: z.number().int().min(1) }),
  async ({ message_id, deadline_minutes }) => {
    await createTransaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(waMessageTable)
        .where(eq(waMessageTable.wa_message_id, message_id));
      if (!row || !watched(row) || REACHED.includes(row.status) || row.status === "cancelled") return;
      await undelivered.publish({ ...about(row), cause: "deadline", deadlineMinutes: deadline_minutes });
    });
  },
);

/**
 * For a transactional message about a ticket, schedules its delivery check at now + the
 * shop's deadline, after commit. A schedule that cannot be made is logged, not thrown: the
 * message itself is queued, and failing its sender would make a done step look undone.
 */
export async function scheduleDeliveryCheck(row: Row) {
  if (!watched(row)) return;
  const minutes =
    (await Settings.section("whatsapp_templates")).delivery_deadline_minutes ||
    DELIVERY_DEADLINE_MINUTES.default;
  const when = new Date(useClock().now().getTime() + minutes * 60_000);
  await afterCommit(async () => {
    try {
      await deliveryCheck.scheduleAt(deliveryCheckName(row.wa_message_id), when, {
        message_id: row.wa_message_id,
        deadline_minutes: minutes,
      });
    } catch (error) {
      log.error("delivery check not scheduled", error, { message_id: row.wa_message_id });
    }
  });
}

/** Raises `message.undelivered` for an outbound message whose receipt said failed, with WhatsApp's reason. */
export async function raiseIfFailed(row: Row) {
  if (row.status !== "failed" || row.direction !== "out") return;
  await undelivered.publish({
    ...about(row),
    cause: "failed",
    failureReason: row.failure_reason ?? "unknown",
  });
}

/** Raises `message.undelivered` for each message the consent rule cancelled. */
export async function raiseCancelled(rows: Row[]) {
  for (const row of rows)
    await undelivered.publish({
      ...about(row),
      cause: "cancelled",
      reason: row.failure_reason ?? "cancelled",
    });
}

export type { Undelivered };
