import { log } from "@wapos/core/log";
import type { WAMessage } from "@whiskeysockets/baileys";
import type { TransportEvents } from "../transport";
import { fromMessageUpdate, fromUserReceipt, toIncoming } from "./messages";
import type { SocketPort } from "./socket";

/** How many message ids are remembered to drop a message seen twice (a `notify` and a later `append`). */
const RECENT_IDS = 5000;

/** Wraps a socket event handler so events of a socket already replaced are dropped and errors logged. */
export type Guard = <T>(handler: (arg: T) => Promise<void>) => (arg: T) => void;

/**
 * What a Baileys socket reports about messages, turned into transport events: messages that
 * arrived (each once, however often WhatsApp upserts it) and delivery receipts and failures.
 */
export class Inbox {
  private readonly recent = new Set<string>();

  constructor(private readonly events: () => TransportEvents | undefined) {}

  /** Subscribes to the socket's message and receipt events. */
  listen(sock: SocketPort, guard: Guard) {
    sock.ev.on(
      "messages.upsert",
      guard(async ({ messages }) => {
        // Both kinds: messages that arrived while we were offline come as "append".
        for (const message of messages) await this.onUpsert(sock, message);
      }),
    );
    sock.ev.on(
      "messages.update",
      guard(async (updates) => {
        for (const update of updates) {
          const status = fromMessageUpdate(update);
          if (status && "receipt" in status) await this.events()?.onReceipt(status.receipt);
          if (status && "failure" in status) await this.events()?.onSendFailed(status.failure);
        }
      }),
    );
    sock.ev.on(
      "message-receipt.update",
      guard(async (receipts) => {
        for (const { key, receipt } of receipts) {
          const mapped = fromUserReceipt(key, receipt);
          if (mapped && key.fromMe) await this.events()?.onReceipt(mapped);
        }
      }),
    );
  }

  private async onUpsert(sock: SocketPort, message: WAMessage) {
    const id = message.key.id;
    // A message without content is a decrypt placeholder; the real one follows under the same id.
    if (!id || !message.message || this.recent.has(id)) return;
    this.remember(id);
    try {
      const incoming = await toIncoming(sock, message);
      if (incoming) await this.events()?.onMessage(incoming);
      else if (message.key.remoteJid?.endsWith("@lid"))
        log.warn("message from a LID with no known phone number dropped", { id });
    } catch (error) {
      // Not handled: a later copy (the "append" after a reconnect) may still deliver it.
      this.recent.delete(id);
      throw error;
    }
  }

  /** Marks an id as seen: our own sends come back as `append` upserts and stay out of the inbox. */
  remember(id: string) {
    this.recent.add(id);
    if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value!);
  }
}
