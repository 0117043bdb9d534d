import { randomBytes } from "node:crypto";
import { log } from "@wapos/core/log";
import {
  type ConnectionUpdate,
  type IncomingWhatsApp,
  NotConnectedError,
  type OutgoingWhatsApp,
  type Receipt,
  type Transport,
  type TransportEvents,
} from "./transport";

export type SimulatedOptions = {
  /** Delay before the simulated phone reports delivered, then read (ms). */
  deliverAfterMs?: number;
  readAfterMs?: number;
  /** Numbers that are "not on WhatsApp": the existence check says no, as it would for real. */
  unregistered?: string[];
  /** Numbers WhatsApp refuses to let the shop reach: the send is taken, then fails with 463. */
  restricted?: string[];
  /** The shop's number as the simulated phone links it. */
  linkedPhone?: string;
};

export type SimulatedChatEntry = {
  direction: "in" | "out";
  message: OutgoingWhatsApp | IncomingWhatsApp;
  at: Date;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const token = (bytes: number) => randomBytes(bytes).toString("hex").toUpperCase();

/**
 * A WhatsApp stand-in: messages sent to it land in an in-memory chat per number, and the
 * "customer's phone" answers with delivered and read receipts after a short delay. Inbound
 * messages are injected with `receive`, as if the customer had typed them. Unlinking shows
 * a QR like the real thing; `link` plays the shop's phone scanning it.
 */
export class SimulatedTransport implements Transport {
  readonly mode = "simulated" as const;
  readonly chats = new Map<string, SimulatedChatEntry[]>();
  /** While true, probes go unanswered: a connection that looks open but is dead. */
  unresponsive = false;
  restarts = 0;
  private events: TransportEvents | undefined;
  private linked = true;
  private qr: string | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly options: Required<SimulatedOptions>;

  constructor(options: SimulatedOptions = {}) {
    this.options = {
      deliverAfterMs: 300,
      readAfterMs: 1500,
      unregistered: [],
      restricted: [],
      linkedPhone: "+60300000000",
      ...options,
    };
  }

  async start(events: TransportEvents) {
    this.events = events;
    await this.announce();
  }

  async exists(phone: string) {
    return !this.options.unregistered.includes(phone);
  }

  async typing(_phone: string, ms: number) {
    await sleep(ms);
  }

  async send(message: OutgoingWhatsApp) {
    const events = this.requireStarted();
    if (!this.linked) throw new NotConnectedError();
    this.chat(message.to).push({ direction: "out", message, at: new Date() });
    if (this.options.restricted.includes(message.to)) {
      this.later(50, () =>
        events.onSendFailed({
          id: message.id,
          code: "463",
          reason: "reach-out restricted by WhatsApp",
          at: new Date(),
        }),
      );
      return;
    }
    this.later(this.options.deliverAfterMs, () => events.onReceipt(this.receipt(message.id, "delivered")));
    this.later(this.options.readAfterMs, () => events.onReceipt(this.receipt(message.id, "read")));
  }

  /** The simulated customer sends a text. Returns the WhatsApp id it arrived under. */
  async receive(from: string, text: string): Promise<string> {
    return this.arrive(from, text, false);
  }

  /**
   * Someone at the shop types a text on the shop's own phone in the chat with `customer`:
   * WhatsApp reports it to the linked session as the shop's own message (fromMe).
   */
  async typeOnShopPhone(customer: string, text: string): Promise<string> {
    return this.arrive(customer, text, true);
  }

  private async arrive(chat: string, text: string, fromMe: boolean): Promise<string> {
    const events = this.requireStarted();
    const message: IncomingWhatsApp = {
      id: `SIM${token(16)}`,
      from: chat,
      fromMe,
      kind: "text",
      text,
      timestamp: new Date(),
    };
    this.chat(chat).push({ direction: fromMe ? "out" : "in", message, at: message.timestamp });
    events.onActivity?.();
    await events.onMessage(message);
    return message.id;
  }

  async requestPairingCode(_phone: string) {
    const events = this.requireStarted();
    if (this.linked) throw new Error("the shop's number is already linked");
    const code = token(4).slice(0, 8);
    await events.onConnection({ state: "needs_pairing", qr: this.qr, pairingCode: code });
    return code;
  }

  async probe() {
    if (this.unresponsive) throw new Error("no answer from the simulated WhatsApp");
    this.events?.onActivity?.();
  }

  async restart() {
    this.restarts++;
    this.unresponsive = false;
    await this.events?.onConnection({ state: "connecting" });
    await this.announce();
  }

  /** Unlinks the simulated phone: the session waits for a new pairing, showing a QR. */
  async logout() {
    this.linked = false;
    this.qr = `SIM-QR-${token(12)}`;
    await this.announce();
  }

  /** The shop's phone scans the QR (or enters the code): the session is linked again. */
  async link() {
    this.linked = true;
    this.qr = undefined;
    await this.announce();
  }

  async stop() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.events?.onConnection({ state: "closed", error: "the gateway stopped" });
    this.events = undefined;
  }

  private announce() {
    const update: ConnectionUpdate = this.linked
      ? { state: "open", linkedPhone: this.options.linkedPhone }
      : { state: "needs_pairing", qr: this.qr, error: "the shop's number is not linked" };
    return this.requireStarted().onConnection(update);
  }

  private requireStarted() {
    if (!this.events) throw new Error("the simulated transport is not started");
    return this.events;
  }

  private chat(phone: string) {
    const chat = this.chats.get(phone) ?? [];
    this.chats.set(phone, chat);
    return chat;
  }

  private receipt(id: string, status: Receipt["status"]): Receipt {
    return { id, status, at: new Date() };
  }

  private later(ms: number, run: () => unknown) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      Promise.resolve(run()).catch((error: unknown) => log.error("simulated receipt failed", error));
    }, ms);
    this.timers.add(timer);
  }
}
