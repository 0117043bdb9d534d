import { Blob } from "@wapos/core/blob/index";
import { log } from "@wapos/core/log";
import type { GatewayEvent } from "@wapos/core/message/index";
import { Queue } from "@wapos/core/queue/index";
import { Contact } from "@wapos/core/whatsapp/contact";
import type { IncomingWhatsApp, Receipt, SendFailure } from "./transport";

/**
 * What the gateway hears from WhatsApp, put on wa-inbound for the consumer to record:
 * messages (media stored first), delivery receipts and failures. Each event has a key, so a
 * repeat is handled once.
 */

/** Attempts (with doubling waits) to hand an inbound event to wa-inbound before giving up. */
const PUBLISH_ATTEMPTS = 5;

/** WhatsApp's bad-ack codes that mean "you may not reach this person": recorded, never retried. */
const RESTRICTION_CODES = new Set(["463"]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A message WhatsApp delivered (a customer's, or one typed on the shop's phone), with its media stored first. */
export async function publishMessage(message: IncomingWhatsApp) {
  const mediaKey = message.media ? await storeMedia(message) : undefined;
  // A customer who writes to the shop may be written to again: WhatsApp's lock is lifted.
  if (!message.fromMe) await Contact.unrestrict(message.from);
  return publish(
    {
      v: 1,
      type: "message.received",
      message_id: message.id,
      from: message.from,
      from_me: message.fromMe,
      kind: message.kind,
      text: message.text,
      media_key: mediaKey,
      push_name: message.pushName,
      wa_timestamp: message.timestamp.toISOString(),
    },
    `in:${message.id}`,
  );
}

async function storeMedia(message: IncomingWhatsApp) {
  const media = message.media!;
  const day = message.timestamp.toISOString().slice(0, 10);
  const key = `whatsapp/inbound/${day}/${message.id}`;
  await Blob.useStore().put(key, media.body, { contentType: media.mimetype });
  return key;
}

/** A delivery receipt, keyed by message and status so a repeat is handled once. */
export function publishReceipt(receipt: Receipt) {
  return publish(
    {
      v: 1,
      type: "message.status",
      message_id: receipt.id,
      status: receipt.status,
      at: receipt.at.toISOString(),
    },
    `status:${receipt.id}:${receipt.status}`,
  );
}

/** WhatsApp refused a message after taking it. A restriction is recorded on the number so it is not retried. */
export async function publishSendFailure(failure: SendFailure) {
  if (RESTRICTION_CODES.has(failure.code)) {
    const phone = await Contact.phoneOfMessage(failure.id);
    if (phone) await Contact.restrict(phone, failure.code, failure.reason);
  }
  await publishFailure(failure.id, `${failure.code}: ${failure.reason}`, failure.at);
}

/** A message that failed before or while WhatsApp took it, with the reason, as a failed receipt. */
export function publishFailure(messageId: string, reason: string, at = new Date()) {
  return publish(
    { v: 1, type: "message.status", message_id: messageId, status: "failed", at: at.toISOString(), reason },
    `status:${messageId}:failed`,
  );
}

/** Puts an event on wa-inbound, retrying with doubling waits: WhatsApp will not deliver it again. */
async function publish(event: GatewayEvent, key: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await Queue.send("wa-inbound", event, { key });
      return;
    } catch (error) {
      if (attempt >= PUBLISH_ATTEMPTS) {
        log.error("could not put a WhatsApp event on wa-inbound", error, { key, type: event.type });
        throw error;
      }
      await sleep(200 * 2 ** attempt);
    }
  }
}
