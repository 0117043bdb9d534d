import type { DeliveryStatus } from "@wapos/core/message/contract";

export type ConnectionState = "connecting" | "open" | "closed" | "needs_pairing";

export type OutgoingWhatsApp = {
  /** Our pre-made WhatsApp message id: the transport sends under exactly this id. */
  id: string;
  /** E.164 */
  to: string;
  kind: "text" | "image" | "document";
  text?: string;
  media?: { body: Uint8Array; mimetype: string; filename?: string };
};

export type IncomingWhatsApp = {
  id: string;
  /** E.164 of the chat's other party. */
  from: string;
  fromMe: boolean;
  kind: "text" | "image" | "document" | "audio" | "video" | "other";
  /** The text, or a media message's caption. */
  text?: string;
  /** An image, document, voice note or video, downloaded; the gateway stores it before publishing. */
  media?: { body: Uint8Array; mimetype: string; filename?: string };
  pushName?: string;
  timestamp: Date;
};

export type Receipt = { id: string; status: Exclude<DeliveryStatus, "failed">; at: Date };

/** A send WhatsApp refused after accepting it (the bad ack Baileys reports as status ERROR). */
export type SendFailure = { id: string; code: string; reason: string; at: Date };

/** The connection as the transport sees it; the gateway reports it to the database on every change. */
export type ConnectionUpdate = {
  state: ConnectionState;
  /** Why the connection is not open, in words staff can act on. */
  error?: string;
  /** The current pairing QR while the session waits to be linked. */
  qr?: string;
  pairingCode?: string;
  /** The shop's own number (E.164) once linked. */
  linkedPhone?: string;
  /** Something staff must be told (logged out, replaced by another client, banned). */
  alert?: string;
};

export type TransportEvents = {
  onMessage(message: IncomingWhatsApp): void | Promise<void>;
  onReceipt(receipt: Receipt): void | Promise<void>;
  onSendFailed(failure: SendFailure): void | Promise<void>;
  onConnection(update: ConnectionUpdate): void | Promise<void>;
  /** Every frame WhatsApp sends: the watchdog's sign of life. */
  onActivity?(): void;
};

/** The connection was not open when a send was due: the message waits for it, it has not failed. */
export class NotConnectedError extends Error {
  constructor() {
    super("WhatsApp is not connected");
    this.name = "NotConnectedError";
  }
}

/** Why a number cannot be sent to: not on WhatsApp, or WhatsApp's reach-out restriction (463). */
export class RecipientError extends Error {
  constructor(
    readonly code: "not_on_whatsapp" | "restricted",
    message: string,
  ) {
    super(message);
    this.name = "RecipientError";
  }
}

/**
 * What the gateway needs from a WhatsApp connection. The simulated transport implements it
 * for local runs and tests; the Baileys transport for a real phone. Nothing outside this
 * package knows which one is running.
 */
export interface Transport {
  readonly mode: "simulated" | "baileys";
  start(events: TransportEvents): Promise<void>;
  /** Whether the number has WhatsApp; undefined when it cannot be told now (not connected). */
  exists(phone: string): Promise<boolean | undefined>;
  /** Shows the recipient that the shop is typing, for about `ms`. */
  typing(phone: string, ms: number): Promise<void>;
  /** Resolves once the message is handed to WhatsApp (the "sent" tick); rejects with a reason otherwise. */
  send(message: OutgoingWhatsApp): Promise<void>;
  /** Asks WhatsApp for an 8-character pairing code for the shop's number (E.164). */
  requestPairingCode(phone: string): Promise<string>;
  /** A cheap round trip to WhatsApp; rejects when the connection does not answer. */
  probe(timeoutMs: number): Promise<void>;
  /** Drops the socket and opens a new one (the watchdog's remedy for a connection that went quiet). */
  restart(reason: string): Promise<void>;
  /** Unlinks the shop's number (staff asked to re-pair) and waits for a new pairing. */
  logout(): Promise<void>;
  /** Closes the connection without logging the session out. */
  stop(): Promise<void>;
}
