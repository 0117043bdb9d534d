import { Message } from "@wapos/core/message/index";
import { consumer } from "../queue/consumer";

/** wa-inbound: messages customers sent and delivery receipts, as reported by the gateway. */
export const handler = consumer("wa-inbound", async (event) => {
  if (event.type === "message.received") await Message.recordInbound(event);
  else await Message.recordStatus(event);
});
