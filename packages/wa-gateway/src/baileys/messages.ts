import {
  getContentType,
  isLidUser,
  isPnUser,
  jidDecode,
  normalizeMessageContent,
  toNumber,
  type WAMessage,
  WAMessageStatus,
  type WAMessageUpdate,
} from "@whiskeysockets/baileys";
import type { IncomingWhatsApp, OutgoingWhatsApp, Receipt, SendFailure } from "../transport";
import type { SocketPort } from "./socket";

/** The phone-number JID of a number in E.164 ("+60123456789" → "60123456789@s.whatsapp.net"). */
export const jidOf = (phone: string) => `${phone.replace(/^\+/, "")}@s.whatsapp.net`;

/** E.164 of a phone-number JID; undefined for anything else. */
export function phoneOf(jid: string | null | undefined): string | undefined {
  if (!jid || !isPnUser(jid)) return undefined;
  const user = jidDecode(jid)?.user;
  return user ? `+${user}` : undefined;
}

/**
 * The sender's phone for a 1:1 message. WhatsApp may address the chat by LID (a privacy id);
 * then the phone comes from the key's alternate JID, or from the LID↔phone mapping Baileys keeps.
 */
async function chatPhone(sock: SocketPort, message: WAMessage): Promise<string | undefined> {
  const jid = message.key.remoteJid;
  if (!jid) return undefined;
  const direct = phoneOf(jid) ?? phoneOf(message.key.remoteJidAlt);
  if (direct) return direct;
  return isLidUser(jid) ? phoneOf(await sock.pnForLid(jid)) : undefined;
}

const MEDIA = {
  imageMessage: "image",
  documentMessage: "document",
  documentWithCaptionMessage: "document",
  audioMessage: "audio",
  videoMessage: "video",
} as const;

/**
 * A received message in our shape, or undefined for what is not a customer's message:
 * protocol messages, reactions, decrypt stubs without content, groups and broadcasts.
 * Media is downloaded here; the gateway stores it.
 */
export async function toIncoming(
  sock: SocketPort,
  message: WAMessage,
): Promise<IncomingWhatsApp | undefined> {
  const id = message.key.id;
  const content = normalizeMessageContent(message.message);
  const type = getContentType(content ?? undefined);
  if (!id || !content || !type) return undefined;
  if (type === "protocolMessage" || type === "reactionMessage" || type === "senderKeyDistributionMessage")
    return undefined;
  const from = await chatPhone(sock, message);
  if (!from) return undefined;
  const base = {
    id,
    from,
    fromMe: Boolean(message.key.fromMe),
    pushName: message.pushName ?? undefined,
    timestamp: new Date(toNumber(message.messageTimestamp) * 1000 || Date.now()),
  };
  if (type === "conversation") return { ...base, kind: "text", text: content.conversation ?? "" };
  if (type === "extendedTextMessage")
    return { ...base, kind: "text", text: content.extendedTextMessage?.text ?? "" };
  if (type in MEDIA) {
    const kind = MEDIA[type as keyof typeof MEDIA];
    const media =
      content.imageMessage ??
      content.documentMessage ??
      content.documentWithCaptionMessage?.message?.documentMessage ??
      content.audioMessage ??
      content.videoMessage;
    const body = await sock.download(message);
    return {
      ...base,
      kind,
      text: (media && "caption" in media ? media.caption : undefined) ?? undefined,
      media: {
        body,
        mimetype: media?.mimetype ?? "application/octet-stream",
        filename: content.documentMessage?.fileName ?? undefined,
      },
    };
  }
  return { ...base, kind: "other" };
}

export type StatusUpdate = { receipt: Receipt } | { failure: SendFailure };

/**
 * A status change of one of our messages (`messages.update`), matched by message id only: a
 * receipt's JID may be the customer's LID although we sent to their phone number.
 */
export function fromMessageUpdate(update: WAMessageUpdate, at = new Date()): StatusUpdate | undefined {
  const id = update.key.id;
  const status = update.update.status;
  if (!id || !update.key.fromMe || status === undefined || status === null) return undefined;
  switch (status) {
    case WAMessageStatus.ERROR: {
      const [code, text] = update.update.messageStubParameters ?? [];
      return {
        failure: { id, code: String(code ?? "error"), reason: text ?? "WhatsApp refused the message", at },
      };
    }
    case WAMessageStatus.SERVER_ACK:
      return { receipt: { id, status: "server_ack", at } };
    case WAMessageStatus.DELIVERY_ACK:
      return { receipt: { id, status: "delivered", at } };
    case WAMessageStatus.READ:
    case WAMessageStatus.PLAYED:
      return { receipt: { id, status: "read", at } };
    default:
      return undefined;
  }
}

/** A per-recipient receipt (`message-receipt.update`): read when it carries a read or played time, else delivered. */
export function fromUserReceipt(
  key: { id?: string | null },
  receipt: { readTimestamp?: unknown; playedTimestamp?: unknown; receiptTimestamp?: unknown },
): Receipt | undefined {
  if (!key.id) return undefined;
  const read = receipt.readTimestamp ?? receipt.playedTimestamp;
  if (read) return { id: key.id, status: "read", at: new Date(toNumber(read as number) * 1000) };
  if (receipt.receiptTimestamp)
    return {
      id: key.id,
      status: "delivered",
      at: new Date(toNumber(receipt.receiptTimestamp as number) * 1000),
    };
  return undefined;
}

/** What Baileys' sendMessage takes for one of our messages: text, or an image or document with its caption. */
export function toContent(message: OutgoingWhatsApp) {
  const body = message.media ? Buffer.from(message.media.body) : undefined;
  return message.kind === "image" && body
    ? { image: body, caption: message.text, mimetype: message.media!.mimetype }
    : message.kind === "document" && body
      ? {
          document: body,
          mimetype: message.media!.mimetype,
          fileName: message.media!.filename ?? "document",
          caption: message.text,
        }
      : { text: message.text ?? "" };
}
