import type { Boom } from "@hapi/boom";
import { log } from "@wapos/core/log";
import type { AuthenticationState, BaileysEventMap } from "@whiskeysockets/baileys";
import type pino from "pino";
import {
  type ConnectionUpdate,
  NotConnectedError,
  type OutgoingWhatsApp,
  type Transport,
  type TransportEvents,
} from "../transport";
import { Inbox } from "./inbox";
import { jidOf, phoneOf, toContent } from "./messages";
import {
  type BackoffOptions,
  backoffDelay,
  DEFAULT_BACKOFF,
  type Policy,
  policyFor,
  STABLE_AFTER_MS,
} from "./reconnect";
import { createBaileysSocket, createLogger, type SocketFactory, type SocketPort } from "./socket";

export type AuthHandle = {
  state: AuthenticationState;
  saveCreds: () => Promise<void>;
  /** Forgets the link (creds and keys) after a log-out, so the next socket pairs afresh. */
  clear: () => Promise<void>;
};

export type BaileysOptions = {
  session: string;
  loadAuth: (session: string) => Promise<AuthHandle>;
  createSocket?: SocketFactory;
  backoff?: Partial<BackoffOptions>;
  /** WhatsApp's WebSocket URL; tests point it at a local port. */
  url?: string;
  logger?: pino.Logger;
  /** The text we sent under a message id (Baileys re-sends it when the customer's phone asks). */
  sentText?: (messageId: string) => Promise<string | undefined>;
  /** How long a pairing-code request waits for the socket's first QR. */
  pairingTimeoutMs?: number;
};

const EVENTS = [
  "connection.update",
  "creds.update",
  "messages.upsert",
  "messages.update",
  "message-receipt.update",
] as const satisfies (keyof BaileysEventMap)[];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function statusCode(error: Error | undefined): number | undefined {
  return (error as Boom | undefined)?.output?.statusCode;
}

/**
 * WhatsApp through Baileys (the WhatsApp Web protocol) on the shop's own number. One socket
 * at a time; when WhatsApp closes it, RECONNECT_POLICY says what happens next. Auth state
 * lives in PostgreSQL (loadAuth), never on disk.
 */
export class BaileysTransport implements Transport {
  readonly mode = "baileys" as const;
  private readonly backoff: BackoffOptions;
  private readonly logger: pino.Logger;
  private readonly createSocket: SocketFactory;
  private events: TransportEvents | undefined;
  private auth: AuthHandle | undefined;
  private sock: SocketPort | undefined;
  private current: ConnectionUpdate = { state: "connecting" };
  private attempt = 0;
  private openedAt: number | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  private qrSeen = false;
  private pairing:
    | { phone: string; resolve: (code: string) => void; reject: (error: Error) => void }
    | undefined;
  private pairingAsked = false;
  private readonly inbox = new Inbox(() => this.events);
  private credsWrites: Promise<void> = Promise.resolve();
  /** Sockets created, for tests and metrics. */
  socketsCreated = 0;

  constructor(private readonly options: BaileysOptions) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.logger = options.logger ?? createLogger();
    this.createSocket = options.createSocket ?? createBaileysSocket;
  }

  get connection(): ConnectionUpdate {
    return this.current;
  }

  async start(events: TransportEvents) {
    this.events = events;
    this.stopped = false;
    this.auth = await this.options.loadAuth(this.options.session);
    await this.connect();
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.pairing?.reject(new Error("the gateway is stopping"));
    this.pairing = undefined;
    // Never logout() here: that would unlink the shop's number.
    this.dispose();
    await this.credsWrites;
    await this.emit({ state: "closed", error: "the gateway stopped" });
  }

  async restart(reason: string) {
    log.warn("restarting the WhatsApp socket", { reason });
    await this.connect();
  }

  async logout() {
    const sock = this.sock;
    clearTimeout(this.retryTimer);
    // Silenced first (its close must not trigger the reconnect policy), but still open: the
    // request to remove this linked device from the shop's phone needs the socket.
    this.sock = undefined;
    if (sock) for (const event of EVENTS) sock.ev.removeAllListeners(event);
    if (sock && this.auth?.state.creds.registered) {
      await sock.logout("re-pairing requested").catch((error: unknown) => {
        log.warn("WhatsApp logout did not complete", { error: String(error) });
      });
    }
    await sock?.end(undefined).catch(() => undefined);
    await this.forgetLink();
    await this.connect();
  }

  async requestPairingCode(phone: string) {
    if (this.auth?.state.creds.registered) {
      if (this.current.state === "open") throw new Error("the shop's number is already linked");
      // Stopped with the old link's keys kept (403): a new pairing replaces them.
      this.dispose();
      await this.forgetLink();
    }
    this.pairing?.reject(new Error("replaced by a newer pairing request"));
    const code = new Promise<string>((resolve, reject) => {
      this.pairing = { phone, resolve, reject };
    });
    // Marked handled now: if connecting below throws, the timeout's rejection is not left unhandled.
    code.catch(() => undefined);
    const timeout = setTimeout(() => {
      this.pairing?.reject(new Error("WhatsApp did not get ready for pairing in time"));
      this.pairing = undefined;
    }, this.options.pairingTimeoutMs ?? 60_000);
    // The code can be asked for only once the socket is up: after its first QR (baileys.md §2.3).
    if (!this.sock || this.pairingAsked) await this.connect();
    else if (this.qrSeen) this.askPairingCode();
    try {
      return await code;
    } finally {
      clearTimeout(timeout);
    }
  }

  async exists(phone: string) {
    if (!this.sock || this.current.state !== "open") return undefined;
    try {
      const [result] = (await this.sock.onWhatsApp(phone.replace(/^\+/, ""))) ?? [];
      // Baileys leaves numbers without WhatsApp out of the answer altogether.
      return result?.exists === true;
    } catch (error) {
      log.warn("WhatsApp existence check failed", { error: String(error) });
      return undefined;
    }
  }

  async typing(phone: string, ms: number) {
    const sock = this.requireOpen();
    const jid = jidOf(phone);
    try {
      await sock.sendPresenceUpdate("composing", jid);
      await sleep(ms);
      await sock.sendPresenceUpdate("paused", jid);
    } catch (error) {
      log.warn("typing presence failed", { error: String(error) });
    }
  }

  async send(message: OutgoingWhatsApp) {
    const sock = this.requireOpen();
    // Our own sends come back as `append` upserts; remembering the id keeps them out of the inbox.
    this.inbox.remember(message.id);
    await sock.sendMessage(jidOf(message.to), toContent(message), { messageId: message.id });
  }

  async probe(timeoutMs: number) {
    await this.requireOpen().ping(timeoutMs);
  }

  private requireOpen() {
    if (!this.sock || this.current.state !== "open") throw new NotConnectedError();
    return this.sock;
  }

  /** Closes the current socket, if any, so its late events cannot reach us. */
  private dispose() {
    clearTimeout(this.retryTimer);
    const sock = this.sock;
    this.sock = undefined;
    if (!sock) return;
    for (const event of EVENTS) sock.ev.removeAllListeners(event);
    sock.end(undefined).catch((error: unknown) => {
      log.warn("closing the WhatsApp socket failed", { error: String(error) });
    });
  }

  private async forgetLink() {
    await this.credsWrites;
    await this.auth?.clear();
    this.auth = await this.options.loadAuth(this.options.session);
    this.attempt = 0;
  }

  private async connect() {
    if (this.stopped) return;
    this.dispose();
    this.qrSeen = false;
    this.pairingAsked = false;
    const auth = this.auth!;
    const sock = this.createSocket({
      auth: auth.state,
      logger: this.logger,
      url: this.options.url,
      sentText: this.options.sentText,
    });
    this.sock = sock;
    this.socketsCreated++;
    const mine = <T>(handler: (arg: T) => Promise<void>) => {
      return (arg: T) => {
        if (sock !== this.sock) return;
        handler(arg).catch((error: unknown) => log.error("WhatsApp event handling failed", error));
      };
    };
    sock.onFrame(() => this.events?.onActivity?.());
    sock.ev.on(
      "creds.update",
      mine(async () => {
        this.credsWrites = this.credsWrites.then(auth.saveCreds).catch((error: unknown) => {
          log.error("saving WhatsApp creds failed", error);
        });
        await this.credsWrites;
      }),
    );
    sock.ev.on(
      "connection.update",
      mine((update) => this.onConnectionUpdate(sock, update)),
    );
    this.inbox.listen(sock, mine);
    await this.emit({ state: "connecting", linkedPhone: this.current.linkedPhone });
  }

  private async onConnectionUpdate(sock: SocketPort, update: BaileysEventMap["connection.update"]) {
    if (update.qr) {
      this.qrSeen = true;
      await this.emit({
        state: "needs_pairing",
        qr: update.qr,
        pairingCode: this.current.pairingCode,
        error: "waiting for the shop's phone to scan the QR or enter the pairing code",
      });
      if (this.pairing && !this.pairingAsked) this.askPairingCode();
    }
    if (update.connection === "open") {
      this.openedAt = Date.now();
      this.pairing?.reject(new Error("the shop's number is already linked"));
      this.pairing = undefined;
      await this.emit({ state: "open", linkedPhone: phoneOf(sock.user?.id?.replace(/:\d+@/, "@")) });
    }
    if (update.connection === "close") await this.onClose(update.lastDisconnect?.error);
  }

  private askPairingCode() {
    const sock = this.sock;
    const pairing = this.pairing;
    if (!sock || !pairing) return;
    this.pairingAsked = true;
    this.pairing = undefined;
    sock.requestPairingCode(pairing.phone.replace(/^\+/, "")).then(
      (code) => {
        pairing.resolve(code);
        this.emit({ ...this.current, pairingCode: code }).catch((error: unknown) =>
          log.error("reporting the pairing code failed", error),
        );
      },
      (error: unknown) => pairing.reject(error instanceof Error ? error : new Error(String(error))),
    );
  }

  private async onClose(error: Error | undefined) {
    const code = statusCode(error);
    this.dispose();
    if (this.stopped) return;
    if (this.openedAt !== undefined && Date.now() - this.openedAt >= STABLE_AFTER_MS) this.attempt = 0;
    this.openedAt = undefined;
    const unpaired = !this.auth?.state.creds.registered;
    // A 408 before pairing after QRs were shown: they ran out. Waiting for staff beats looping QRs all day.
    if (code === 408 && unpaired && this.qrSeen)
      return this.emit({
        state: "needs_pairing",
        error: "the pairing QR expired unused; choose Pair again on WhatsApp → Connection",
      });
    const policy = policyFor(code);
    log.warn("WhatsApp connection closed", {
      code,
      reaction: policy.reaction,
      reason: policy.reason,
      error: error?.message,
    });
    // The network's own words ("getaddrinfo ENOTFOUND web.whatsapp.com") say more than the code.
    const detail =
      error?.message && !/^(Connection|Stream Errored)/i.test(error.message) ? ` (${error.message})` : "";
    return this.react({ ...policy, reason: `${policy.reason}${detail}` });
  }

  private async react(policy: Policy) {
    switch (policy.reaction) {
      case "restart":
        return this.connect();
      case "backoff": {
        this.attempt++;
        const delay = backoffDelay(this.attempt, this.backoff);
        await this.emit({
          state: "closed",
          error: `${policy.reason}; retrying in ${Math.ceil(delay / 1000)} s (attempt ${this.attempt})`,
          linkedPhone: this.current.linkedPhone,
        });
        this.lastDelayMs = delay;
        this.retryTimer = setTimeout(() => {
          this.connect().catch((error: unknown) => log.error("WhatsApp reconnect failed", error));
        }, delay);
        return;
      }
      case "repair":
        await this.forgetLink();
        return this.emit({ state: "needs_pairing", error: policy.reason, alert: policy.alert });
      case "stop":
        return this.emit({
          state: policy.needsPairing ? "needs_pairing" : "closed",
          error: policy.reason,
          alert: policy.alert,
        });
    }
  }

  /** The wait chosen before the latest reconnect attempt (for tests and logs). */
  lastDelayMs: number | undefined;

  private async emit(update: ConnectionUpdate) {
    this.current = update;
    await this.events?.onConnection(update);
  }
}
