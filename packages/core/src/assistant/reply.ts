import { and, asc, eq } from "drizzle-orm";
import { Audit } from "../audit/index";
import { allows } from "../consent/rule";
import { createTransaction } from "../db/transaction";
import { Message } from "../message/index";
import { waMessageTable, waThreadTable } from "../message/message.sql";
import { Settings } from "../settings/index";
import { useClock } from "../util/clock";
import { answerFromRecords, type Reply } from "./answer";
import { flagForStaff, isPaused } from "./takeover";
import { senderOf } from "./tools";

export type Outcome = "answered" | "fallback" | "skipped" | "done";

/**
 * The `ai` consumer's work for one queued question: answers every question still pending in its
 * chat, oldest first, with the chat locked, so one conversation is answered in order and a
 * question queued twice is answered once ("done" when another run already answered it). The
 * answer goes out on the transactional lane as the bot's; a fallback also flags the chat for
 * staff. Skipped, unanswered, when staff took the chat over since, the assistant was turned
 * off, or the customer opted out.
 */
export async function answerQuestion(messageId: string): Promise<Outcome> {
  return createTransaction(async (tx) => {
    const [question] = await tx
      .select({ thread_id: waMessageTable.thread_id, bot_state: waMessageTable.bot_state })
      .from(waMessageTable)
      .where(eq(waMessageTable.id, messageId));
    if (!question?.thread_id || question.bot_state !== "pending") return "done";
    await tx
      .select({ id: waThreadTable.id })
      .from(waThreadTable)
      .where(eq(waThreadTable.id, question.thread_id))
      .for("update");
    const waiting = await tx
      .select({
        id: waMessageTable.id,
        wa_message_id: waMessageTable.wa_message_id,
        phone: waMessageTable.phone,
        body: waMessageTable.body,
      })
      .from(waMessageTable)
      .where(and(eq(waMessageTable.thread_id, question.thread_id), eq(waMessageTable.bot_state, "pending")))
      .orderBy(asc(waMessageTable.created_at), asc(waMessageTable.id));
    let outcome: Outcome = "done";
    for (const row of waiting) {
      const result = await answerOne(row, question.thread_id);
      if (row.id === messageId) outcome = result;
    }
    return outcome;
  });
}

async function answerOne(
  row: { id: string; wa_message_id: string; phone: string; body: string | null },
  threadId: string,
) {
  const now = useClock().now();
  const [settings, sender] = await Promise.all([Settings.section("assistant"), senderOf(row.phone)]);
  const silent =
    !settings.enabled ||
    (await isPaused(threadId, now)) ||
    (sender !== undefined && !allows(sender.whatsapp_consent, "bot_reply"));
  if (silent) {
    await settle(row.id, "skipped");
    return "skipped" as const;
  }
  const reply = await answerFromRecords({
    phone: row.phone,
    text: row.body ?? "",
    act: { wa_message_id: row.wa_message_id },
  });
  await Message.send({ to: row.phone, text: reply.answer, author: "bot", purpose: "bot_reply", lane: "tx" });
  if (reply.fallback) await flagForStaff(threadId, now);
  await settle(row.id, reply.fallback ? "fallback" : "answered", reply);
  return reply.fallback ? ("fallback" as const) : ("answered" as const);
}

async function settle(messageId: string, state: "answered" | "fallback" | "skipped", reply?: Reply) {
  await createTransaction((tx) =>
    tx.update(waMessageTable).set({ bot_state: state }).where(eq(waMessageTable.id, messageId)),
  );
  await Audit.record({
    entity: "wa_message",
    entity_id: messageId,
    action: `assistant.${state}`,
    diff: reply
      ? {
          intent: { from: null, to: reply.intent },
          grounded: { from: null, to: reply.grounded },
          sources: { from: null, to: reply.sources.join(", ") },
        }
      : {},
  });
}
