import { log } from "@wapos/core/log";
import type { Transport } from "./transport";

export type WatchdogOptions = {
  /** How often the watchdog looks. */
  intervalMs: number;
  /** Quiet this long while "open", the connection is probed. */
  silentMs: number;
  probeTimeoutMs: number;
  /** Failed probes in a row before the connection counts as dead. */
  failures: number;
};

export const DEFAULT_WATCHDOG: WatchdogOptions = {
  intervalMs: 15_000,
  silentMs: 60_000,
  probeTimeoutMs: 10_000,
  failures: 2,
};

/**
 * Catches "connected but dead": a socket that still says open while WhatsApp has stopped
 * answering (the commonest complaint about WhatsApp-Web products). When nothing has come in
 * for `silentMs`, it probes; after `failures` failed probes it declares the connection dead
 * and hands over to `onDead`, which restarts the socket and raises the alert.
 */
export class Watchdog {
  private readonly options: WatchdogOptions;
  private lastActivity = Date.now();
  private failed = 0;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  /** True from a dead verdict until WhatsApp is heard from again. */
  dead = false;

  constructor(
    private readonly transport: Pick<Transport, "probe">,
    options: Partial<WatchdogOptions> = {},
    private readonly hooks: { isOpen: () => boolean; onDead: (reason: string) => Promise<void> },
  ) {
    this.options = { ...DEFAULT_WATCHDOG, ...options };
  }

  start() {
    this.lastActivity = Date.now();
    this.timer = setInterval(() => {
      this.check().catch((error: unknown) => log.error("watchdog check failed", error));
    }, this.options.intervalMs);
  }

  stop() {
    clearInterval(this.timer);
  }

  /** Anything heard from WhatsApp. */
  activity() {
    this.lastActivity = Date.now();
    this.failed = 0;
    this.dead = false;
  }

  async check() {
    if (this.busy) return;
    if (!this.hooks.isOpen() || Date.now() - this.lastActivity < this.options.silentMs) {
      this.failed = 0;
      return;
    }
    this.busy = true;
    try {
      await this.transport.probe(this.options.probeTimeoutMs);
      this.activity();
    } catch (error) {
      this.failed++;
      log.warn("whatsapp probe failed", { failed: this.failed, error: String(error) });
      if (this.failed >= this.options.failures) {
        this.failed = 0;
        this.dead = true;
        const quiet = Math.round((Date.now() - this.lastActivity) / 1000);
        await this.hooks.onDead(
          `The WhatsApp connection looked open but had not answered for ${quiet} s; it was restarted.`,
        );
      }
    } finally {
      this.busy = false;
    }
  }
}
