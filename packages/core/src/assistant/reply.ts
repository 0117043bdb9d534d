import { and, asc, eq, isNull, lt, or } from "drizzle-orm";
import { Appointment } from "../appointment/index";
import { Audit } from "../audit/index";
import { allows } from "../consent/rule";
import { createTransaction } from "../db/transaction";
import { Message } from "../message/index";
import { waMessageTable, waThreadTable } from "../message/message.sql";
import { Settings } from "../settings/index";
import { useClock } from "../util/clock";
import type { Reply } from "./answer";
import { answerMessage } from "./model";
import { flagForStaff, isPaused } from "./takeover";
import { senderOf } from "./tools";

export type Outcome = "answered" | "fallback" | "skipped" | "done";

/**
 * How long a consumer holds a chat while it answers; longer than a model's turn (twice the
 * request timeout), so it lapses only when the consumer died, and then another may answer.
 */
export const ANSWERING_LEASE_MS = 5 * 60_000;

type Question = { id: string; wa_message_id: string; phone: string; body: string | null };

/**
 * The `ai` consumer's work for one queued question: answers every question still pending in its
 * chat, oldest first, so one conversation is answered in order and a question queued twice is
 * answered once ("done" when another run answered it, or is answering the chat now). No
 * transaction is open while an answer is made (a model may take seconds): the chat is claimed
 * (`wa_threads.answering_until`), each question is answered outside any transaction, and the
 * reply is recorded and sent in a short one that settles the question only if still pending.
 * The answer goes out on the transactional lane as the bot's; a fallback also flags the chat
 * for staff. Skipped, unanswered, when staff took the chat over (checked again before
 * sending), the assistant was turned off, or the customer opted out.
 */
export async function answerQuestion(messageId: string): Promise<Outcome> {
  const [question] = await createTransaction((tx) =>
    tx
      .select({ thread_id: waMessageTable.thread_id, bot_state: waMessageTable.bot_state })
      .from(waMessageTable)
      .where(eq(waMessageTable.id, messageId)),
  );
  if (!question?.thread_id || question.bot_state !== "pending") return "done";
  const threadId = question.thread_id;
  if (!(await claim(threadId))) return "done";
  let outcome: Outcome = "done";
  try {
    for (let next = await nextOrRelease(threadId); next; next = await nextOrRelease(threadId)) {
      const result = await answerOne(next, threadId);
      if (next.id === messageId) outcome = result;
    }
  } catch (error) {
    await release(threadId);
    throw error;
  }
  return outcome;
}

/** Takes the chat unless another consumer holds it; the row lock orders this against nextOrRelease. */
async function claim(threadId: string): Promise<boolean> {
  const now = useClock().now();
  const claimed = await createTransaction((tx) =>
    tx
      .update(waThreadTable)
      .set({ answering_until: new Date(now.getTime() + ANSWERING_LEASE_MS) })
      .where(
        and(
          eq(waThreadTable.id, threadId),
          or(isNull(waThreadTable.answering_until), lt(waThreadTable.answering_until, now)),
        ),
      )
      .returning({ id: waThreadTable.id }),
  );
  return claimed.length > 0;
}

/**
 * The chat's oldest pending question, with the lease renewed; or, when none is left, the chat
 * released in the same locked transaction, so a question queued meanwhile is either seen here
 * or finds the chat free.
 */
async function nextOrRelease(threadId: string): Promise<Question | undefined> {
  return createTransaction(async (tx) => {
    await tx
      .select({ id: waThreadTable.id })
      .from(waThreadTable)
      .where(eq(waThreadTable.id, threadId))
      .for("update");
    const [next] = await tx
      .select({
        id: waMessageTable.id,
        wa_message_id: waMessageTable.wa_message_id,
        phone: waMessageTable.phone,
        body: waMessageTable.body,
      })
      .from(waMessageTable)
      .where(and(eq(waMessageTable.thread_id, threadId), eq(waMessageTable.bot_state, "pending")))
      .orderBy(asc(waMessageTable.created_at), asc(waMessageTable.id))
      .limit(1);
    const until = next ? new Date(useClock().now().getTime() + ANSWERING_LEASE_MS) : null;
    await tx.update(waThreadTable).set({ answering_until: until }).where(eq(waThreadTable.id, threadId));
    return next;
  });
}

async function release(threadId: string) {
  await createTransaction((tx) =>
    tx.update(waThreadTable).set({ answering_until: null }).where(eq(waThreadTable.id, threadId)),
  );
}

async function silenced(threadId: string, phone: string): Promise<boolean> {
  const [settings, sender] = await Promise.all([Settings.section("assistant"), senderOf(phone)]);
  return (
    !settings.enabled ||
    (await isPaused(threadId, useClock().now())) ||
    (sender !== undefined && !allows(sender.whatsapp_consent, "bot_reply"))
  );
}

async function answerOne(row: Question, threadId: string): Promise<Outcome> {
  if (await silenced(threadId, row.phone)) return (await settle(row.id, "skipped")) ? "skipped" : "done";
  // `act`: this answer is sent, so an appointment the customer picked may be booked.
  const reply = await answerMessage({
    phone: row.phone,
    text: row.body ?? "",
    act: { wa_message_id: row.wa_message_id },
  });
  return createTransaction(async () => {
    // Staff may have taken the chat over while the answer was being made: then it never goes
    // out, and a booking or offer of slots it made is withdrawn (the customer would not know of it).
    if (await silenced(threadId, row.phone)) {
      if (reply.intent === "appointment") await Appointment.withdrawUnsent(row.phone, row.wa_message_id);
      return (await settle(row.id, "skipped")) ? "skipped" : "done";
    }
    const state = reply.fallback ? "fallback" : "answered";
    if (!(await settle(row.id, state, reply))) return "done";
    await Message.send({
      to: row.phone,
      text: reply.answer,
      author: "bot",
      purpose: "bot_reply",
      lane: "tx",
    });
    if (reply.fallback) await flagForStaff(threadId, useClock().now());
    return state;
  });
}

/** Settles a still-pending question, with its audit row; false when it was no longer pending. */
async function settle(messageId: string, state: "answered" | "fallback" | "skipped", reply?: Reply) {
  return createTransaction(async (tx) => {
    const settled = await tx
      .update(waMessageTable)
      .set({ bot_state: state })
      .where(and(eq(waMessageTable.id, messageId), eq(waMessageTable.bot_state, "pending")))
      .returning({ id: waMessageTable.id });
    if (!settled.length) return false;
    await Audit.record({
      entity: "wa_message",
      entity_id: messageId,
      action: `assistant.${state}`,
      diff: reply
        ? {
            intent: { from: null, to: reply.intent },
            grounded: { from: null, to: reply.grounded },
            sources: { from: null, to: reply.sources.join(", ") },
            ...(reply.reason && { reason: { from: null, to: reply.reason } }),
          }
        : {},
    });
    return true;
  });
}
