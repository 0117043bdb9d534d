import { Env } from "@wapos/core/env/index";
import makeWASocket, {
  type AuthenticationState,
  type BaileysEventEmitter,
  Browsers,
  downloadMediaMessage,
  makeCacheableSignalKeyStore,
  S_WHATSAPP_NET,
  type WAMessage,
  type WASocket,
} from "@whiskeysockets/baileys";
import pino from "pino";
import { GatewayTuningEnv } from "../env";

/**
 * The part of a Baileys socket the transport uses. Everything Baileys-specific the rest of
 * the gateway could depend on stops here, so a Baileys upgrade touches this folder only;
 * tests drive the transport with a fake of this shape built on Baileys' own event buffer.
 */
export type SocketPort = Pick<
  WASocket,
  "sendMessage" | "onWhatsApp" | "sendPresenceUpdate" | "requestPairingCode" | "logout" | "end"
> & {
  ev: BaileysEventEmitter;
  /** The linked account (creds.me), once paired. */
  readonly user: { id: string } | undefined;
  /** Round trip to WhatsApp (the same ping Baileys' keep-alive sends). */
  ping(timeoutMs: number): Promise<void>;
  /** Called for every frame WhatsApp sends. */
  onFrame(listener: () => void): void;
  /** The phone-number JID behind a LID, when Baileys has learned it. */
  pnForLid(lid: string): Promise<string | undefined>;
  download(message: WAMessage): Promise<Buffer>;
};

export type SocketConfig = {
  auth: AuthenticationState;
  logger: pino.Logger;
  url?: string;
  /** The text we sent under a message id, for the customer's retry requests. */
  sentText?: (messageId: string) => Promise<string | undefined>;
};
export type SocketFactory = (config: SocketConfig) => SocketPort;

export function createLogger() {
  return pino({ level: Env.read(GatewayTuningEnv).WA_LOG_LEVEL, base: { service: "baileys" } });
}

/**
 * A real Baileys socket with the gateway's settings (baileys.md §2.1): not marked online, so
 * the shop's phone still gets notifications; no full history sync; the bundled WhatsApp Web
 * version; a fixed browser identity; the key store behind Baileys' own cache.
 */
export const createBaileysSocket: SocketFactory = ({ auth, logger, url, sentText }) => {
  const sock = makeWASocket({
    auth: { creds: auth.creds, keys: makeCacheableSignalKeyStore(auth.keys, logger) },
    logger,
    browser: Browsers.macOS("Chrome"),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    shouldIgnoreJid: (jid) => !jid.endsWith("@s.whatsapp.net") && !jid.endsWith("@lid"),
    getMessage: async (key) => {
      const text = key.id ? await sentText?.(key.id) : undefined;
      return text === undefined ? undefined : { conversation: text };
    },
    ...(url ? { waWebSocketUrl: url } : {}),
  });
  return {
    ev: sock.ev,
    get user() {
      return sock.user;
    },
    sendMessage: sock.sendMessage,
    onWhatsApp: sock.onWhatsApp,
    sendPresenceUpdate: sock.sendPresenceUpdate,
    requestPairingCode: sock.requestPairingCode,
    logout: sock.logout,
    end: sock.end,
    async ping(timeoutMs) {
      await sock.query(
        {
          tag: "iq",
          attrs: { id: sock.generateMessageTag(), to: S_WHATSAPP_NET, type: "get", xmlns: "w:p" },
          content: [{ tag: "ping", attrs: {} }],
        },
        timeoutMs,
      );
    },
    onFrame(listener) {
      sock.ws.on("frame", listener);
    },
    async pnForLid(lid) {
      return (await sock.signalRepository.lidMapping.getPNForLID(lid)) ?? undefined;
    },
    download(message) {
      return downloadMediaMessage(
        message,
        "buffer",
        {},
        { logger, reuploadRequest: sock.updateMediaMessage },
      );
    },
  };
};
