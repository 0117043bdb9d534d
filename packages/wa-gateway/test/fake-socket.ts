import { Boom } from "@hapi/boom";
import {
  type AnyMessageContent,
  type AuthenticationState,
  makeEventBuffer,
  proto,
  type WAMessage,
  WAMessageStatus,
} from "@whiskeysockets/baileys";
import pino from "pino";
import type { SocketConfig, SocketPort } from "../src/baileys/socket";

/**
 * A stand-in for a Baileys socket with no network: its `ev` is Baileys' own event buffer,
 * and the test plays WhatsApp's side by emitting the events a real socket would
 * (connection.update, messages.upsert, messages.update, message-receipt.update).
 */
export class FakeSocket implements SocketPort {
  readonly ev = makeEventBuffer(pino({ level: "silent" }));
  readonly auth: AuthenticationState;
  readonly sent: { jid: string; content: AnyMessageContent; messageId?: string; at: number }[] = [];
  readonly presence: { type: string; jid?: string; at: number }[] = [];
  readonly pairingRequests: string[] = [];
  private qrShown = false;
  /** Numbers (digits) the fake WhatsApp knows. */
  readonly onWhatsAppNumbers = new Set<string>();
  readonly lids = new Map<string, string>();
  ended = false;
  loggedOut = false;
  pingFails = false;
  private frameListeners: (() => void)[] = [];

  /** What the transport gave the socket to answer retry requests with (Baileys' getMessage). */
  readonly sentText: SocketConfig["sentText"];

  constructor(config: SocketConfig) {
    this.auth = config.auth;
    this.sentText = config.sentText;
  }

  get user() {
    return this.auth.creds.me ?? undefined;
  }

  sendMessage = async (jid: string, content: AnyMessageContent, options?: { messageId?: string }) => {
    if (this.ended) throw new Boom("Connection Closed", { statusCode: 428 });
    this.sent.push({ jid, content, messageId: options?.messageId, at: Date.now() });
    return proto.WebMessageInfo.create({
      key: { remoteJid: jid, fromMe: true, id: options?.messageId },
      status: WAMessageStatus.PENDING,
    }) as WAMessage;
  };

  onWhatsApp = async (...numbers: string[]) =>
    numbers
      .filter((number) => this.onWhatsAppNumbers.has(number))
      .map((number) => ({ jid: `${number}@s.whatsapp.net`, exists: true }));

  sendPresenceUpdate = async (type: string, jid?: string) => {
    this.presence.push({ type, jid, at: Date.now() });
  };

  /** Like WhatsApp, a code only once the socket is up, which its first QR shows. */
  requestPairingCode = async (phone: string) => {
    if (!this.qrShown) throw new Boom("Connection Closed", { statusCode: 428 });
    this.pairingRequests.push(phone);
    return "FAKE1234";
  };

  /** Like Baileys, the removal request needs the socket still open. */
  logout = async () => {
    if (this.ended) throw new Boom("Connection Closed", { statusCode: 428 });
    this.loggedOut = true;
  };

  end = async (_error: Error | undefined) => {
    this.ended = true;
  };

  async ping() {
    if (this.pingFails) throw new Boom("Timed Out", { statusCode: 408 });
    this.frame();
  }

  onFrame(listener: () => void) {
    this.frameListeners.push(listener);
  }

  async pnForLid(lid: string) {
    return this.lids.get(lid);
  }

  async download(_message: WAMessage) {
    return Buffer.from("fake media bytes");
  }

  // WhatsApp's side.

  frame() {
    for (const listener of this.frameListeners) listener();
  }

  qr(text = `2@${Math.random().toString(36).slice(2)}`) {
    this.qrShown = true;
    this.ev.emit("connection.update", { qr: text });
  }

  /** The link succeeds (or an already linked session comes up) as `phone` (digits). */
  open(phone = "60300000001") {
    this.auth.creds.me = { id: `${phone}:7@s.whatsapp.net` };
    this.auth.creds.registered = true;
    this.ev.emit("creds.update", { me: this.auth.creds.me, registered: true });
    this.ev.emit("connection.update", { connection: "open" });
    this.frame();
  }

  close(statusCode: number) {
    this.ev.emit("connection.update", {
      connection: "close",
      lastDisconnect: { error: new Boom("closed by the test", { statusCode }), date: new Date() },
    });
  }

  /** A customer's text, as WhatsApp delivers it: "notify" live, "append" when it came while offline. */
  incoming(
    type: "notify" | "append",
    message: { id: string; from: string; text: string; fromMe?: boolean; alt?: string },
  ) {
    this.ev.emit("messages.upsert", {
      type,
      messages: [
        {
          key: {
            remoteJid: message.from,
            remoteJidAlt: message.alt,
            fromMe: message.fromMe ?? false,
            id: message.id,
          },
          message: { conversation: message.text },
          messageTimestamp: Math.floor(Date.now() / 1000),
          pushName: "Customer",
        } satisfies WAMessage,
      ],
    });
  }

  status(id: string, status: proto.WebMessageInfo.Status, stub?: string[]) {
    this.ev.emit("messages.update", [
      {
        key: { id, fromMe: true, remoteJid: "123456789@lid" },
        update: { status, ...(stub ? { messageStubParameters: stub } : {}) },
      },
    ]);
  }
}

/** A socket factory that keeps every socket it made, newest last. */
export function fakeSockets() {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    create: (config: SocketConfig) => {
      const socket = new FakeSocket(config);
      sockets.push(socket);
      return socket;
    },
    get latest() {
      return sockets.at(-1)!;
    },
  };
}
