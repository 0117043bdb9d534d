import { Assistant } from "@wapos/core/assistant/index";
import { consumer } from "../queue/consumer";

/**
 * ai: a customer's question for the assistant, on a queue and Lambda of its own so a slow
 * answer never holds up the inbound messages. Idempotent without the consumer's dedupe: a
 * question is answered only while its row is pending (core/src/assistant/reply.ts).
 */
export const handler = consumer(
  "ai",
  async (message) => {
    await Assistant.answerQuestion(message.message_id);
  },
  { transactional: false },
);
