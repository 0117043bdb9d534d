import { Blob } from "@wapos/core/blob/index";
import { log, withCorrelation } from "@wapos/core/log";
import { type GatewayEvent, Message, OutboundCommand } from "@wapos/core/message/index";
import {
  acquireLease,
  HEARTBEAT_INTERVAL_MS,
  LEASE_TTL_MS,
  releaseLease,
  reportSession,
  sessionName,
} from "@wapos/core/message/session";
import { ATTRIBUTE, Queue, type ReceivedMessage } from "@wapos/core/queue/index";
import { createId } from "@wapos/core/util/id";
import { maskPhone } from "@wapos/core/util/phone";
import type { ConnectionState, IncomingWhatsApp, Receipt, Transport } from "./transport";

export type GatewayOptions = {
  transport: Transport;
  /** Long-poll wait on the transactional queue when both outbound queues are empty. */
  pollWaitSeconds?: number;
};

/** Attempts (with doubling waits) to hand an inbound event to wa-inbound before giving up. */
const PUBLISH_ATTEMPTS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The only process that talks to WhatsApp. It reports its connection to the database,
 * turns what the transport hears into events on wa-inbound, and sends what arrives on the
 * outbound queues: wa-outbound-tx always before wa-outbound-bulk.
 */
export class Gateway {
  readonly instanceId = createId();
  state: ConnectionState = "connecting";
  since = new Date();
  lastError: string | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly sessionName: string;
  private readonly pollWaitSeconds: number;

  constructor(readonly options: GatewayOptions) {
    this.sessionName = sessionName();
    this.pollWaitSeconds = options.pollWaitSeconds ?? 1;
  }

  /** The process's queue port (Queue.setPort), read on each use like Queue.send does. */
  private get queue() {
    return Queue.usePort();
  }

  get transport() {
    return this.options.transport;
  }

  async start() {
    if (!(await acquireLease(this.sessionName, this.instanceId))) {
      throw new Error(`another gateway holds the WhatsApp session "${this.sessionName}"`);
    }
    await this.report();
    await this.transport.start({
      onMessage: (message) => this.onMessage(message),
      onReceipt: (receipt) => this.onReceipt(receipt),
      onState: (state, error) => this.onState(state, error),
    });
    this.heartbeat = setInterval(() => {
      acquireLease(this.sessionName, this.instanceId, LEASE_TTL_MS)
        .then(() => this.report())
        .catch((error: unknown) => log.error("gateway heartbeat failed", error));
    }, HEARTBEAT_INTERVAL_MS);
    this.loop = this.outboundLoop();
  }

  /** Stops taking work, finishes the message in hand, and closes the connection (never logs out). */
  async stop() {
    this.stopping = true;
    clearInterval(this.heartbeat);
    await this.loop;
    await this.transport.stop();
    await releaseLease(this.sessionName, this.instanceId);
  }

  private async onState(state: ConnectionState, error?: string) {
    if (state !== this.state) {
      log.info("whatsapp connection state", { from: this.state, to: state, mode: this.transport.mode });
      this.state = state;
      this.since = new Date();
    }
    this.lastError = error;
    await this.report();
  }

  private report() {
    return reportSession({
      name: this.sessionName,
      mode: this.transport.mode,
      state: this.state,
      instanceId: this.instanceId,
      since: this.since,
      lastError: this.lastError,
    });
  }

  private onMessage(message: IncomingWhatsApp) {
    return this.publish(
      {
        v: 1,
        type: "message.received",
        message_id: message.id,
        from: message.from,
        from_me: message.fromMe,
        kind: message.kind,
        text: message.text,
        push_name: message.pushName,
        wa_timestamp: message.timestamp.toISOString(),
      },
      `in:${message.id}`,
    );
  }

  private onReceipt(receipt: Receipt) {
    return this.publish(
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

  /** Puts an event on wa-inbound, retrying with doubling waits: WhatsApp will not deliver it again. */
  private async publish(event: GatewayEvent, key: string) {
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

  private async outboundLoop() {
    while (!this.stopping) {
      try {
        if (this.state !== "open") {
          await sleep(500);
          continue;
        }
        for (const message of await this.nextBatch()) {
          await this.deliver(message);
          if (this.stopping) break;
        }
      } catch (error) {
        log.error("outbound loop error", error);
        await sleep(1000);
      }
    }
  }

  /** An image or document to send, read from storage (photos, invoice PDFs). */
  private async media(key: string, filename?: string) {
    const stored = await Blob.useStore().get(key);
    return { body: stored.body, mimetype: stored.contentType ?? "application/octet-stream", filename };
  }

  /** Transactional messages first; one bulk message only when no transactional one waits. */
  private async nextBatch(): Promise<ReceivedMessage[]> {
    const tx = await this.queue.receive("wa-outbound-tx", { max: 10, waitSeconds: 0 });
    if (tx.length) return tx;
    const bulk = await this.queue.receive("wa-outbound-bulk", { max: 1, waitSeconds: 0 });
    if (bulk.length) return bulk;
    return this.queue.receive("wa-outbound-tx", { max: 1, waitSeconds: this.pollWaitSeconds });
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
      const command = parsed.data;
      const claimed = await Message.claimSend(command.message_id);
      if (!claimed) {
        log.warn("outbound message already attempted; not sending again", { message_id: command.message_id });
        await this.queue.remove(received.queue, received.receiptHandle);
        return;
      }
      try {
        await this.transport.send({
          id: command.message_id,
          to: command.to,
          kind: command.kind,
          text: command.text,
          media: command.media_key ? await this.media(command.media_key, command.filename) : undefined,
        });
        await this.onReceipt({ id: command.message_id, status: "sent", at: new Date() });
        log.info("whatsapp message sent", { message_id: command.message_id, to: maskPhone(command.to) });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log.warn("whatsapp message failed", { message_id: command.message_id, reason });
        await this.publish(
          {
            v: 1,
            type: "message.status",
            message_id: command.message_id,
            status: "failed",
            at: new Date().toISOString(),
            reason,
          },
          `status:${command.message_id}:failed`,
        );
      }
      await this.queue.remove(received.queue, received.receiptHandle);
    });
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
