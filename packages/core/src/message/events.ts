import type { Purpose } from "../consent/rule";
import { Event } from "../event/index";

/**
 * An outbound message that did not reach the customer: WhatsApp reported it failed, it was
 * still short of delivered at its delivery deadline, or the consent rule cancelled it before
 * sending. Raised in the transaction that recorded it.
 */
export type Undelivered = {
  /** The ledger row (`wa_messages.id`) and its WhatsApp id. */
  messageId: string;
  waMessageId: string;
  lane: "tx" | "bulk" | null;
  purpose: Purpose | null;
  ticketId: string | null;
  campaignId: string | null;
  /** The message's status when this was raised. */
  status: string;
} & (
  | { cause: "failed"; failureReason: string }
  | { cause: "deadline"; deadlineMinutes: number }
  | { cause: "cancelled"; reason: string }
);

export const undelivered = Event.define<Undelivered>("message.undelivered");
