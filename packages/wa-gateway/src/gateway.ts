import { log } from "@wapos/core/log";
import { subscribeAll } from "@wapos/core/subscriptions";
import { createId } from "@wapos/core/util/id";
import { maskPhone } from "@wapos/core/util/phone";
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
import { printQr, recordAlert, tellOwner } from "./alerts";
import { publishMessage, publishReceipt, publishSendFailure } from "./inbound";
import { Outbound } from "./outbound";
import { Pacer, type PacingOptions } from "./pacing";
import type { ConnectionState, ConnectionUpdate, Transport } from "./transport";
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

export class LeaseRefusedError extends Error {
  constructor(session: string) {
    super(`another gateway holds the WhatsApp session "${session}"`);
    this.name = "LeaseRefusedError";
  }
}

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
  private readonly outbound: Outbound;
  readonly watchdog: Watchdog;

  constructor(readonly options: GatewayOptions) {
    // The claim cancels messages the consent rule refuses, which raises message.undelivered.
    subscribeAll();
    this.sessionName = sessionName();
    this.outbound = new Outbound(
      {
        transport: options.transport,
        pacer: new Pacer(options.pacing),
        pollWaitSeconds: options.pollWaitSeconds ?? 1,
      },
      { canSend: () => this.state === "open" && !this.leaseLost, stopping: () => this.stopping },
    );
    this.watchdog = new Watchdog(options.transport, options.watchdog, {
      isOpen: () => this.state === "open",
      onDead: (reason) => this.onWatchdog(reason),
    });
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
      onMessage: publishMessage,
      onReceipt: publishReceipt,
      onSendFailed: publishSendFailure,
      onConnection: (update) => this.onConnection(update),
      onActivity: () => this.watchdog.activity(),
    });
    this.every(HEARTBEAT_INTERVAL_MS, () => this.heartbeat());
    this.every(this.options.requestPollMs ?? 1000, () => this.handleRequests());
    this.watchdog.start();
    this.loop = this.outbound.run();
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
          await recordAlert(this.sessionName, "recovered", recovered.text);
          await tellOwner(recovered);
        }
      }
    }
    this.lastError = update.error;
    if (update.alert && update.alert !== this.alert?.text) {
      this.alert = { text: update.alert, at: new Date() };
      await recordAlert(this.sessionName, "alert", update.alert);
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
    await recordAlert(this.sessionName, "watchdog_restart", reason);
    await this.report();
    await this.transport.restart(reason);
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
}
