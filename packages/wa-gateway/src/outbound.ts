import { Blob } from "@wapos/core/blob/index";
import { log, withCorrelation } from "@wapos/core/log";
import { Message, OutboundCommand } from "@wapos/core/message/index";
import { ATTRIBUTE, Queue, type ReceivedMessage } from "@wapos/core/queue/index";
import { maskPhone } from "@wapos/core/util/phone";
import { Contact } from "@wapos/core/whatsapp/contact";
import { publishFailure, publishReceipt } from "./inbound";
import type { Pacer } from "./pacing";
import { NotConnectedError, RecipientError, type Transport } from "./transport";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The gateway's sending side: takes commands from the outbound queues one at a time,
 * transactional before bulk, claims each message in the ledger and sends what the ledger
 * holds, paced, reporting the outcome as a receipt on wa-inbound.
 */
export class Outbound {
  constructor(
    private readonly options: { transport: Transport; pacer: Pacer; pollWaitSeconds: number },
    private readonly hooks: {
      /** The connection is open and this gateway still holds the lease. */
      canSend: () => boolean;
      stopping: () => boolean;
    },
  ) {}

  /** The process's queue port (Queue.setPort), read on each use like Queue.send does. */
  private get queue() {
    return Queue.usePort();
  }

  /** Sends until `stopping()`; waits while the connection cannot send. */
  async run() {
    while (!this.hooks.stopping()) {
      try {
        if (!this.hooks.canSend()) {
          await sleep(500);
          continue;
        }
        const next = await this.next();
        if (next) await this.deliver(next);
      } catch (error) {
        log.error("outbound loop error", error);
        await sleep(1000);
      }
    }
  }

  /** An image or document to send, read from storage (photos, invoice PDFs). */
  private async media(key: string) {
    const stored = await Blob.useStore().get(key);
    return { body: stored.body, mimetype: stored.contentType ?? "application/octet-stream" };
  }

  /**
   * One message at a time, transactional first: a bulk message is taken only when no
   * transactional one waits, and the queues are asked again before every send.
   */
  private async next(): Promise<ReceivedMessage | undefined> {
    const [tx] = await this.queue.receive("wa-outbound-tx", { max: 1, waitSeconds: 0 });
    if (tx) return tx;
    const [bulk] = await this.queue.receive("wa-outbound-bulk", { max: 1, waitSeconds: 0 });
    if (bulk) return bulk;
    const [waited] = await this.queue.receive("wa-outbound-tx", {
      max: 1,
      waitSeconds: this.options.pollWaitSeconds,
    });
    return waited;
  }

  private deliver(received: ReceivedMessage) {
    const correlationId = received.messageAttributes[ATTRIBUTE.correlationId]?.stringValue;
    return withCorrelation(correlationId, async () => {
      const parsed = OutboundCommand.safeParse(safeJson(received.body));
      if (!parsed.success) {
        // Left on the queue: it is retried until maxReceiveCount moves it to the DLQ.
        log.error("outbound message does not match its contract", parsed.error, { queue: received.queue });
        return;
      }
      const { message_id } = parsed.data;
      // What goes out is what the ledger holds, never what a command says.
      const claimed = await Message.claimSend(message_id);
      if (!claimed) {
        log.warn("outbound message already attempted or no longer queued; not sending", { message_id });
        await this.queue.remove(received.queue, received.receiptHandle);
        return;
      }
      const to = claimed.phone;
      try {
        await this.checkRecipient(to);
        const media = claimed.media_key ? await this.media(claimed.media_key) : undefined;
        await this.options.pacer.wait((ms) => this.options.transport.typing(to, ms));
        if (!this.hooks.canSend()) throw new NotConnectedError();
        try {
          await this.options.transport.send({
            id: message_id,
            to,
            kind: claimed.kind === "image" || claimed.kind === "document" ? claimed.kind : "text",
            text: claimed.body ?? undefined,
            media,
          });
        } finally {
          this.options.pacer.sent();
        }
      } catch (error) {
        if (error instanceof NotConnectedError) {
          // The connection dropped while the message waited its turn: it was never handed to
          // WhatsApp, so it is not failed; it comes round again once the queue shows it.
          log.info("whatsapp connection dropped before sending; the message waits", { message_id });
          await Message.releaseClaim(message_id);
          return;
        }
        const reason = error instanceof Error ? error.message : String(error);
        log.warn("whatsapp message failed", { message_id, reason });
        await publishFailure(message_id, reason);
        await this.queue.remove(received.queue, received.receiptHandle);
        return;
      }
      log.info("whatsapp message sent", { message_id, to: maskPhone(to) });
      await this.queue.remove(received.queue, received.receiptHandle);
      await publishReceipt({ id: message_id, status: "sent", at: new Date() });
    });
  }

  /**
   * Refuses a number WhatsApp restricted or that is not on WhatsApp, before anything is
   * sent: sending to numbers without WhatsApp is itself a reported ban trigger.
   */
  private async checkRecipient(phone: string) {
    const contact = await Contact.get(phone);
    if (contact?.restriction)
      throw new RecipientError(
        "restricted",
        `WhatsApp restricted messages to this number (${contact.restriction}); it is not retried until the customer writes to the shop`,
      );
    let exists = Contact.knownOnWhatsApp(contact);
    if (exists === undefined) {
      exists = await this.options.transport.exists(phone);
      if (exists !== undefined) await Contact.recordExists(phone, exists);
    }
    if (exists === false) throw new RecipientError("not_on_whatsapp", "this number is not on WhatsApp");
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Reported by the contract check that follows.
    return text;
  }
}
