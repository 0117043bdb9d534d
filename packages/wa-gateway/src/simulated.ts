import { randomBytes } from "node:crypto";
import { log } from "@wapos/core/log";
import type { IncomingWhatsApp, OutgoingWhatsApp, Receipt, Transport, TransportEvents } from "./transport";

export type SimulatedOptions = {
  /** Delay before the simulated phone reports delivered, then read (ms). */
  deliverAfterMs?: number;
  readAfterMs?: number;
  /** Numbers that are "not on WhatsApp": sends to them fail like they would for real. */
  unregistered?: string[];
};

export type SimulatedChatEntry = {
  direction: "in" | "out";
  message: OutgoingWhatsApp | IncomingWhatsApp;
  at: Date;
};

/**
 * A WhatsApp stand-in: messages sent to it land in an in-memory chat per number, and the
 * "customer's phone" answers with delivered and read receipts after a short delay. Inbound
 * messages are injected with `receive`, as if the customer had typed them.
 */
export class SimulatedTransport implements Transport {
  readonly mode = "simulated" as const;
  readonly chats = new Map<string, SimulatedChatEntry[]>();
  private events: TransportEvents | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly options: Required<SimulatedOptions>;

  constructor(options: SimulatedOptions = {}) {
    this.options = { deliverAfterMs: 300, readAfterMs: 1500, unregistered: [], ...options };
  }

  async start(events: TransportEvents) {
    this.events = events;
    await events.onState("open");
  }

  async send(message: OutgoingWhatsApp) {
    const events = this.requireStarted();
    if (this.options.unregistered.includes(message.to)) throw new Error(`${message.to} is not on WhatsApp`);
    this.chat(message.to).push({ direction: "out", message, at: new Date() });
    this.later(this.options.deliverAfterMs, () => events.onReceipt(this.receipt(message.id, "delivered")));
    this.later(this.options.readAfterMs, () => events.onReceipt(this.receipt(message.id, "read")));
  }

  /** The simulated customer sends a text. Returns the WhatsApp id it arrived under. */
  async receive(from: string, text: string): Promise<string> {
    const events = this.requireStarted();
    const message: IncomingWhatsApp = {
      id: `SIM${randomBytes(16).toString("hex").toUpperCase()}`,
      from,
      fromMe: false,
      kind: "text",
      text,
      timestamp: new Date(),
    };
    this.chat(from).push({ direction: "in", message, at: message.timestamp });
    await events.onMessage(message);
    return message.id;
  }

  async stop() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.events?.onState("closed");
    this.events = undefined;
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
