import { systemActor, withActor } from "@wapos/core/actor";
import { Audit } from "@wapos/core/audit/index";
import { Blob } from "@wapos/core/blob/index";
import { log, withCorrelation } from "@wapos/core/log";
import { type GatewayEvent, Message, OutboundCommand } from "@wapos/core/message/index";
import { ATTRIBUTE, Queue, type ReceivedMessage } from "@wapos/core/queue/index";
import { Settings } from "@wapos/core/settings/index";
import { subscribeAll } from "@wapos/core/subscriptions";
import * as Format from "@wapos/core/template/format";
import { createId } from "@wapos/core/util/id";
import { maskPhone } from "@wapos/core/util/phone";
import { Contact } from "@wapos/core/whatsapp/contact";
import {
  acquireLease,
  HEARTBEAT_INTERVAL_MS,
  LEASE_TTL_MS,
  releaseLease,
  reportSession,
  type SessionMetrics,
  sessionName,
  takeRequests,
} from "@wapos/core/whatsapp/session";
import { Pacer, type PacingOptions } from "./pacing";
import {
  type ConnectionState,
  type ConnectionUpdate,
  type IncomingWhatsApp,
  NotConnectedError,
  type Receipt,
  RecipientError,
  type SendFailure,
  type Transport,
} from "./transport";
import { Watchdog, type WatchdogOptions } from "./watchdog";

export type GatewayOptions = {
  transport: Transport;
  /** Long-poll wait on the transactional queue when both outbound queues are empty. */
  pollWaitSeconds?: number;
  pacing?: Partial<PacingOptions>;
  watchdog?: Partial<WatchdogOptions>;
  /** How often staff requests (pairing code, log out) are picked up. */
  requestPollMs?: number;
  /** Prints each pairing QR on the terminal (npm start). */
  printQr?: boolean;
};

/** Attempts (with doubling waits) to hand an inbound event to wa-inbound before giving up. */
const PUBLISH_ATTEMPTS = 5;

/** WhatsApp's bad-ack codes that mean "you may not reach this person": recorded, never retried. */
const RESTRICTION_CODES = new Set(["463"]);

export class LeaseRefusedError extends Error {
  constructor(session: string) {
    super(`another gateway holds the WhatsApp session "${session}"`);
    this.name = "LeaseRefusedError";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The only process that talks to WhatsApp. It holds the session's lease (so no second
 * gateway opens the same session), reports its connection to the database, turns what the
 * transport hears into events on wa-inbound, and sends what arrives on the outbound queues
 * one at a time and paced: wa-outbound-tx always before wa-outbound-bulk.
 */
export class Gateway {
  readonly instanceId = createId();
  state: ConnectionState = "connecting";
  since = new Date();
  lastError: string | undefined;
  private connection: ConnectionUpdate = { state: "connecting" };
  private alert: { text: string; at: Date } | undefined;
  private readonly metrics: SessionMetrics = {
    started_at: new Date().toISOString(),
    state_changes: 0,
    reconnects: 0,
    connected_ms: 0,
    watchdog_restarts: 0,
  };
  private openedAt: number | undefined;
  private wasOpen = false;
  private stopping = false;
  private leaseLost = false;
  private loop: Promise<void> | undefined;
  private timers: NodeJS.Timeout[] = [];
  private requestsBusy = false;
  private readonly sessionName: string;
  private readonly pollWaitSeconds: number;
  private readonly pacer: Pacer;
  readonly watchdog: Watchdog;

  constructor(readonly options: GatewayOptions) {
    // The claim cancels messages the consent rule refuses, which raises message.undelivered.
    subscribeAll();
    this.sessionName = sessionName();
    this.pollWaitSeconds = options.pollWaitSeconds ?? 1;
    this.pacer = new Pacer(options.pacing);
    this.watchdog = new Watchdog(options.transport, options.watchdog, {
      isOpen: () => this.state === "open",
      onDead: (reason) => this.onWatchdog(reason),
    });
  }

  /** The process's queue port (Queue.setPort), read on each use like Queue.send does. */
  private get queue() {
    return Queue.usePort();
  }

  get transport() {
    return this.options.transport;
  }

  /**
   * Healthy unless restarting the container could help: the watchdog found the connection
   * dead, or the lease was lost. A session waiting for pairing, or stopped because WhatsApp
   * logged it out or another client replaced it, is healthy: a restart would only loop.
   */
  get healthy() {
    return !this.watchdog.dead && !this.leaseLost;
  }

  /** Takes the lease, or throws LeaseRefusedError while another gateway holds it. */
  async start() {
    if (!(await acquireLease(this.sessionName, this.instanceId)))
      throw new LeaseRefusedError(this.sessionName);
    await this.report();
    await this.transport.start({
      onMessage: (message) => this.onMessage(message),
      onReceipt: (receipt) => this.onReceipt(receipt),
      onSendFailed: (failure) => this.onSendFailed(failure),
      onConnection: (update) => this.onConnection(update),
      onActivity: () => this.watchdog.activity(),
    });
    this.every(HEARTBEAT_INTERVAL_MS, () => this.heartbeat());
    this.every(this.options.requestPollMs ?? 1000, () => this.handleRequests());
    this.watchdog.start();
    this.loop = this.outboundLoop();
  }

  /** Stops taking work, finishes the message in hand, closes the connection (never logs out), gives up the lease. */
  async stop() {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    this.watchdog.stop();
    await this.loop;
    await this.transport.stop();
    this.accountConnectedTime();
    await this.report().catch((error: unknown) =>
      log.warn("last gateway report failed", { error: String(error) }),
    );
    await releaseLease(this.sessionName, this.instanceId);
  }

  private every(ms: number, run: () => Promise<void>) {
    this.timers.push(
      setInterval(() => {
        run().catch((error: unknown) => log.error("gateway timer failed", error));
      }, ms),
    );
  }

  /** Renews the lease and reports. A lost lease stops sending at once: another gateway may have the session. */
  private async heartbeat() {
    if (this.stopping) return;
    const held = await acquireLease(this.sessionName, this.instanceId, LEASE_TTL_MS);
    if (!held && !this.leaseLost) {
      this.leaseLost = true;
      log.warn("the WhatsApp session lease was taken by another gateway; closing the connection", {
        session: this.sessionName,
      });
      await this.transport.stop();
    }
    if (held) await this.report();
  }

  private async handleRequests() {
    if (this.requestsBusy || this.stopping || this.leaseLost) return;
    this.requestsBusy = true;
    try {
      const requests = await takeRequests(this.sessionName, this.instanceId);
      if (requests.logout) {
        log.info("staff asked to unlink the shop's WhatsApp number");
        await this.transport.logout();
      }
      if (requests.pairingPhone) {
        log.info("staff asked for a pairing code", { phone: maskPhone(requests.pairingPhone) });
        try {
          await this.transport.requestPairingCode(requests.pairingPhone);
        } catch (error) {
          this.lastError = `WhatsApp gave no pairing code: ${error instanceof Error ? error.message : String(error)}`;
          await this.report();
        }
      }
    } finally {
      this.requestsBusy = false;
    }
  }

  private async onConnection(update: ConnectionUpdate) {
    const previous = this.state;
    const newQr = update.qr !== undefined && update.qr !== this.connection.qr;
    this.connection = update;
    if (update.state !== previous) {
      log.info("whatsapp connection state", { from: previous, to: update.state, mode: this.transport.mode });
      this.metrics.state_changes++;
      if (update.state === "connecting" && this.wasOpen) this.metrics.reconnects++;
      if (previous === "open") this.accountConnectedTime();
      // Set before anything is awaited: a close arriving meanwhile must not be overwritten.
      this.state = update.state;
      this.since = new Date();
      if (update.state === "open") {
        this.openedAt = Date.now();
        const recovered = this.wasOpen ? this.alert : undefined;
        this.wasOpen = true;
        this.alert = undefined;
        if (recovered) {
          await this.recordAlert("recovered", recovered.text);
          await this.tellOwner(recovered);
        }
      }
    }
    this.lastError = update.error;
    if (update.alert && update.alert !== this.alert?.text) {
      this.alert = { text: update.alert, at: new Date() };
      await this.recordAlert("alert", update.alert);
    }
    if (newQr && this.options.printQr) await printQr(update.qr!);
    await this.report();
  }

  private accountConnectedTime() {
    if (this.openedAt === undefined) return;
    this.metrics.connected_ms += Date.now() - this.openedAt;
    this.openedAt = undefined;
  }

  private async onWatchdog(reason: string) {
    this.metrics.watchdog_restarts++;
    this.alert = { text: reason, at: new Date() };
    await this.recordAlert("watchdog_restart", reason);
    await this.report();
    await this.transport.restart(reason);
  }

  /** An audit row for each alert and recovery, so the owner can see what happened and when. */
  private recordAlert(action: "alert" | "watchdog_restart" | "recovered", text: string) {
    log.warn("whatsapp connection alert", { action, text });
    return withActor(systemActor("wa-gateway"), () =>
      Audit.record({
        entity: "whatsapp_session",
        entity_id: this.sessionName,
        action,
        diff: { alert: { from: null, to: text } },
      }),
    ).catch((error: unknown) => log.error("could not audit a WhatsApp alert", error));
  }

  /** Tells the owner (settings: alert_phone) what happened, now that messages go out again. */
  private async tellOwner(alert: { text: string; at: Date }) {
    try {
      const settings = await Settings.get();
      const phone = String(settings.whatsapp_templates.alert_phone ?? "");
      if (!phone) return;
      const at = Format.dateTime(alert.at, "en", String(settings.shop.time_zone));
      await withActor(systemActor("wa-gateway"), () =>
        Message.send({
          to: phone,
          text: `${String(settings.shop.name)}: WhatsApp is connected again. Since ${at}: ${alert.text}`,
          author: "system",
          purpose: "owner_alert",
        }),
      );
    } catch (error) {
      log.error("could not tell the owner WhatsApp is back", error);
    }
  }

  private report() {
    const openFor = this.openedAt === undefined ? 0 : Date.now() - this.openedAt;
    return reportSession({
      name: this.sessionName,
      mode: this.transport.mode,
      state: this.state,
      instanceId: this.instanceId,
      since: this.since,
      lastError: this.lastError,
      qr: this.state === "needs_pairing" ? this.connection.qr : undefined,
      pairingCode: this.state === "needs_pairing" ? this.connection.pairingCode : undefined,
      linkedPhone: this.connection.linkedPhone,
      alert: this.alert,
      metrics: { ...this.metrics, connected_ms: this.metrics.connected_ms + openFor },
    });
  }

  private async onMessage(message: IncomingWhatsApp) {
    const mediaKey = message.media ? await this.storeMedia(message) : undefined;
    // A customer who writes to the shop may be written to again: WhatsApp's lock is lifted.
    if (!message.fromMe) await Contact.unrestrict(message.from);
    return this.publish(
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

  private async storeMedia(message: IncomingWhatsApp) {
    const media = message.media!;
    const day = message.timestamp.toISOString().slice(0, 10);
    const key = `whatsapp/inbound/${day}/${message.id}`;
    await Blob.useStore().put(key, media.body, { contentType: media.mimetype });
    return key;
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

  /** WhatsApp refused a message after taking it. A restriction is recorded on the number so it is not retried. */
  private async onSendFailed(failure: SendFailure) {
    if (RESTRICTION_CODES.has(failure.code)) {
      const phone = await Contact.phoneOfMessage(failure.id);
      if (phone) await Contact.restrict(phone, failure.code, failure.reason);
    }
    await this.publishFailure(failure.id, `${failure.code}: ${failure.reason}`, failure.at);
  }

  private publishFailure(messageId: string, reason: string, at = new Date()) {
    return this.publish(
      { v: 1, type: "message.status", message_id: messageId, status: "failed", at: at.toISOString(), reason },
      `status:${messageId}:failed`,
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
        if (this.state !== "open" || this.leaseLost) {
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
      waitSeconds: this.pollWaitSeconds,
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
        await this.pacer.wait((ms) => this.transport.typing(to, ms));
        if (this.state !== "open" || this.leaseLost) throw new NotConnectedError();
        try {
          await this.transport.send({
            id: message_id,
            to,
            kind: claimed.kind === "image" || claimed.kind === "document" ? claimed.kind : "text",
            text: claimed.body ?? undefined,
            media,
          });
        } finally {
          this.pacer.sent();
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
        await this.publishFailure(message_id, reason);
        await this.queue.remove(received.queue, received.receiptHandle);
        return;
      }
      log.info("whatsapp message sent", { message_id, to: maskPhone(to) });
      await this.queue.remove(received.queue, received.receiptHandle);
      await this.onReceipt({ id: message_id, status: "sent", at: new Date() });
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
      exists = await this.transport.exists(phone);
      if (exists !== undefined) await Contact.recordExists(phone, exists);
    }
    if (exists === false) throw new RecipientError("not_on_whatsapp", "this number is not on WhatsApp");
  }
}

async function printQr(qr: string) {
  const { default: QRCode } = await import("qrcode");
  const art = await QRCode.toString(qr, { type: "terminal", small: true });
  process.stdout.write(
    `\nScan with WhatsApp on the shop's phone: Settings → Linked devices → Link a device\n${art}\n`,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Reported by the contract check that follows.
    return text;
  }
}
