import * as z from "zod";

/** E.164 as stored and carried between processes (already normalised at the edge). */
export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "Expected an E.164 phone number like +60123456789");

/** WhatsApp message id, made by us before sending (outbound) or given by WhatsApp (inbound). */
export const WaMessageId = z.string().min(1).max(128);

export const OutboundKind = z.enum(["text", "image", "document"]);

/**
 * A send request on wa-outbound-tx / wa-outbound-bulk, consumed by the gateway. It names the
 * ledger row only: the gateway sends what the ledger holds (recipient, text, media), so a
 * command re-sent by the outbox sweeper can never carry different content.
 */
export const OutboundCommand = z.object({
  v: z.literal(1),
  type: z.literal("message.send"),
  message_id: WaMessageId,
});
export type OutboundCommand = z.infer<typeof OutboundCommand>;

export const DeliveryStatus = z.enum(["sent", "server_ack", "delivered", "read", "failed"]);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const InboundKind = z.enum(["text", "image", "document", "audio", "video", "other"]);

/** What the gateway reports on wa-inbound: a message that arrived, or a delivery receipt. */
export const GatewayEvent = z.discriminatedUnion("type", [
  z.object({
    v: z.literal(1),
    type: z.literal("message.received"),
    message_id: WaMessageId,
    from: E164,
    /** Sent from the shop's own phone: recorded as staff so the bot can step back. */
    from_me: z.boolean().default(false),
    kind: InboundKind.default("text"),
    text: z.string().max(65536).optional(),
    media_key: z.string().optional(),
    push_name: z.string().optional(),
    wa_timestamp: z.iso.datetime({ offset: true }),
  }),
  z.object({
    v: z.literal(1),
    type: z.literal("message.status"),
    message_id: WaMessageId,
    status: DeliveryStatus,
    at: z.iso.datetime({ offset: true }),
    reason: z.string().optional(),
  }),
]);
export type GatewayEvent = z.infer<typeof GatewayEvent>;
