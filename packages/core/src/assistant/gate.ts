import { openingAt } from "../appointment/hours";
import { Settings } from "../settings/index";
import * as Format from "../template/format";
import type { Reply } from "./answer";
import type { Classified, Intent } from "./intent";

type Topic = Exclude<Intent, "other">;

const CLOSED = {
  en: (next: string | undefined) =>
    next ? `We are closed now and open again ${next}.` : "We are closed now.",
  ms: (next: string | undefined) =>
    next ? `Kami tutup sekarang dan dibuka semula ${next}.` : "Kami tutup sekarang.",
} as const;

/**
 * What the shop's bot settings decide before an answer is made (settings `assistant`): with
 * `opening_hours_only`, outside the opening hours (the appointments section's) the reply is when
 * the shop opens again and the fallback; a question on a topic the shop has switched off gets
 * the fallback. Either way the chat goes to staff (the reply is a fallback). Undefined: answer.
 */
export async function gate(read: Classified, now: Date): Promise<Reply | undefined> {
  const [assistant, shop] = await Promise.all([Settings.section("assistant"), Settings.section("shop")]);
  const fallback = (answer: string, reason: string): Reply => ({
    answer,
    grounded: false,
    fallback: true,
    intent: read.intent,
    sources: [],
    language: read.language,
    reason,
  });
  if (assistant.opening_hours_only) {
    const at = openingAt(now, await Settings.section("appointments"), shop.time_zone);
    if (!at.open) {
      const next = at.next && Format.longDateTime(at.next, read.language, shop.time_zone);
      return fallback(`${CLOSED[read.language](next)} ${assistant.fallback[read.language]}`, "closed");
    }
  }
  if (!allowed(read.intent, assistant.topics))
    return fallback(assistant.fallback[read.language], "topic_off");
  return undefined;
}

/** Whether the shop lets the assistant answer this kind of question ("other" is never answered). */
export const allowed = (intent: Intent, topics: Record<Topic, boolean>) =>
  intent === "other" || topics[intent];

/** A reply on a topic switched off, as the fallback (the model path classifies after the gate). */
export async function keepToTopics(reply: Reply): Promise<Reply> {
  const { topics, fallback } = await Settings.section("assistant");
  if (reply.fallback || allowed(reply.intent, topics)) return reply;
  return {
    ...reply,
    answer: fallback[reply.language],
    grounded: false,
    fallback: true,
    sources: [],
    reason: "topic_off",
  };
}
