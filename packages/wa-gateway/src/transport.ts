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
  text?: string;
  pushName?: string;
  timestamp: Date;
};

export type Receipt = { id: string; status: Exclude<DeliveryStatus, "failed">; at: Date };

export type TransportEvents = {
  onMessage(message: IncomingWhatsApp): void | Promise<void>;
  onReceipt(receipt: Receipt): void | Promise<void>;
  onState(state: ConnectionState, error?: string): void | Promise<void>;
};

/**
 * What the gateway needs from a WhatsApp connection. The simulated transport implements it
 * for local runs and tests; the Baileys transport for a real phone. Nothing outside this
 * package knows which one is running.
 */
export interface Transport {
  readonly mode: "simulated" | "baileys";
  start(events: TransportEvents): Promise<void>;
  /** Resolves once WhatsApp accepted the message (the "sent" tick); rejects with a reason otherwise. */
  send(message: OutgoingWhatsApp): Promise<void>;
  /** Closes the connection without logging the session out. */
  stop(): Promise<void>;
}
