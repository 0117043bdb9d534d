import { Assistant } from "@wapos/core/assistant/index";
import { Consent } from "@wapos/core/consent/index";
import { Message } from "@wapos/core/message/index";
import { consumer } from "../queue/consumer";

/**
 * wa-inbound: messages customers sent and delivery receipts, as reported by the gateway. A
 * customer's STOP or START is honoured first, in the same transaction as the message's record;
 * then the assistant's router decides who answers (core/src/assistant/router.ts). A message
 * recorded before (a retried receive) is neither re-read nor re-routed.
 */
export const handler = consumer("wa-inbound", async (event) => {
  if (event.type === "message.status") {
    await Message.recordStatus(event);
    return;
  }
  const row = await Message.recordInbound(event);
  if (!row) return;
  const consent = row.direction === "in" ? await Consent.fromInbound(row) : undefined;
  await Assistant.route(row, consent);
});
