import { and, eq, gte, lt } from "drizzle-orm";
import { Audit } from "../audit/index";
import { allows } from "../consent/rule";
import { afterCommit, useTransaction } from "../db/transaction";
import { quoteTable } from "../invoice/invoice.sql";
import { log } from "../log";
import { Message } from "../message/index";
import { waMessageTable } from "../message/message.sql";
import { Queue } from "../queue/index";
import { Settings } from "../settings/index";
import { label } from "../ticket/base";
import { workTicketTable } from "../ticket/ticket.sql";
import { useClock } from "../util/clock";
import { maskPhone } from "../util/redact";
import { answerPending, type PendingAnswer } from "./pending";
import { commandOf, handBack, isPaused, pause } from "./takeover";
import { senderOf } from "./tools";

/** A message of the ledger as the wa-inbound consumer recorded it. */
export type Routed = {
  id: string;
  wa_message_id: string;
  thread_id: string | null;
  phone: string;
  direction: "in" | "out";
  body: string | null;
  wa_timestamp: Date | null;
};

/** What the router did with a message; each is an audit row on the message. */
export type Decision =
  | "opt_out"
  | "opt_in"
  | "takeover"
  | "hand_back"
  | "staff_spoke"
  | "off"
  | "paused"
  | "no_text"
  | "estimate_approved"
  | "estimate_declined"
  | "quote_accepted"
  | "quote_declined"
  | "to_assistant";

/**
 * Runs on every message the wa-inbound consumer records, in its transaction, in this order:
 * an opt-out or opt-in (already applied by Consent.fromInbound) ends it; a message of the
 * shop's own (staff on the shop's phone) pauses the assistant in that chat, "!bot" hands it
 * back; with the assistant off, or paused in the chat, nothing more; a YES or NO to the one
 * estimate or quote we asked the sender about decides it; anything else goes to the assistant
 * on the `ai` queue (the message row is its outbox: `bot_state` pending until answered).
 */
export async function route(message: Routed, consent: "stop" | "start" | undefined): Promise<Decision> {
  const decision = await decide(message, consent);
  await Audit.record({
    entity: "wa_message",
    entity_id: message.id,
    action: `assistant.${decision}`,
    diff: {
      decision: { from: null, to: decision },
      sender: { from: null, to: maskPhone(message.phone) },
      received_at: { from: null, to: message.wa_timestamp?.toISOString() ?? null },
    },
  });
  return decision;
}

async function decide(message: Routed, consent: "stop" | "start" | undefined): Promise<Decision> {
  if (consent) return consent === "stop" ? "opt_out" : "opt_in";
  const now = useClock().now();
  const settings = await Settings.section("assistant");
  if (message.direction === "out") {
    if (!message.thread_id) return "staff_spoke";
    if (commandOf(message.body) === "bot") {
      await handBack(message.thread_id);
      return "hand_back";
    }
    await pause(message.thread_id, new Date(now.getTime() + settings.pause_hours * 3_600_000));
    return commandOf(message.body) === "takeover" ? "takeover" : "staff_spoke";
  }
  if (!settings.enabled) return "off";
  if (message.thread_id && (await isPaused(message.thread_id, now))) return "paused";
  if (!message.body?.trim()) return "no_text";
  const pending = await answerPending({
    id: message.id,
    phone: message.phone,
    body: message.body,
    wa_message_id: message.wa_message_id,
  });
  if (pending) {
    await confirmDecision(message.phone, pending);
    if (pending.kind === "estimate")
      return pending.decision === "approve" ? "estimate_approved" : "estimate_declined";
    return pending.decision === "accept" ? "quote_accepted" : "quote_declined";
  }
  await toAssistant(message.id);
  return "to_assistant";
}

/**
 * Tells the customer their yes or no was recorded, in their language: a reply that decided
 * something should never be met with silence (or with the assistant's answer to "ok").
 */
async function confirmDecision(phone: string, pending: PendingAnswer) {
  const sender = await senderOf(phone);
  if (!sender || !allows(sender.whatsapp_consent, "bot_reply")) return;
  const [subject] = await useTransaction((tx) =>
    pending.kind === "estimate"
      ? tx
          .select({ number: workTicketTable.number })
          .from(workTicketTable)
          .where(eq(workTicketTable.id, pending.ticket_id))
          .then((rows) => rows.map((r) => label(r.number)))
      : tx
          .select({ number: quoteTable.number })
          .from(quoteTable)
          .where(eq(quoteTable.id, pending.quote_id))
          .then((rows) => rows.map((r) => r.number)),
  );
  const yes = pending.decision === "approve" || pending.decision === "accept";
  const text = CONFIRMATIONS[sender.language][pending.kind][yes ? "yes" : "no"](subject ?? "");
  await Message.send({ to: phone, text, author: "bot", purpose: "bot_reply", lane: "tx" });
}

const CONFIRMATIONS = {
  en: {
    estimate: {
      yes: (n: string) =>
        `Thank you, your approval of the estimate for ${n} is recorded. We'll go ahead with the repair.`,
      no: (n: string) =>
        `Noted, you declined the estimate for ${n}. You can collect your device from the shop.`,
    },
    quote: {
      yes: (n: string) => `Thank you, you accepted quote ${n}. We'll be in touch to arrange it.`,
      no: (n: string) => `Noted, you declined quote ${n}.`,
    },
  },
  ms: {
    estimate: {
      yes: (n: string) =>
        `Terima kasih, persetujuan anda untuk anggaran ${n} telah direkodkan. Kami akan meneruskan pembaikan.`,
      no: (n: string) => `Baik, anda menolak anggaran ${n}. Anda boleh mengambil peranti anda di kedai.`,
    },
    quote: {
      yes: (n: string) =>
        `Terima kasih, anda menerima sebut harga ${n}. Kami akan menghubungi anda untuk mengaturkannya.`,
      no: (n: string) => `Baik, anda menolak sebut harga ${n}.`,
    },
  },
} as const;

/** Marks the question pending and, once that commits, puts it on the `ai` queue. */
async function toAssistant(messageId: string) {
  await useTransaction((tx) =>
    tx.update(waMessageTable).set({ bot_state: "pending" }).where(eq(waMessageTable.id, messageId)),
  );
  await afterCommit(() => queueQuestion(messageId));
}

async function queueQuestion(messageId: string): Promise<boolean> {
  try {
    await Queue.send("ai", { v: 1, message_id: messageId }, { key: messageId });
    return true;
  } catch (error) {
    log.error("question not queued for the assistant; the outbox sweeper sends it again", error, {
      message_id: messageId,
    });
    return false;
  }
}

/** A question is re-queued after this long still pending, and given up after RESEND_WITHIN_MS. */
export const RESEND_AFTER_MS = 2 * 60_000;
/** An answer later than this is no answer: staff see the question unanswered in the inbox instead. */
export const RESEND_WITHIN_MS = 30 * 60_000;

/**
 * The outbox sweeper's share for the assistant: questions still pending between two and thirty
 * minutes after they arrived go on the `ai` queue again (its consumer answers each once).
 */
export async function sweepQuestions(): Promise<number> {
  const now = useClock().now().getTime();
  const stuck = await useTransaction((tx) =>
    tx
      .select({ id: waMessageTable.id })
      .from(waMessageTable)
      .where(
        and(
          eq(waMessageTable.bot_state, "pending"),
          lt(waMessageTable.created_at, new Date(now - RESEND_AFTER_MS)),
          gte(waMessageTable.created_at, new Date(now - RESEND_WITHIN_MS)),
        ),
      )
      .limit(100),
  );
  let sent = 0;
  for (const row of stuck) if (await queueQuestion(row.id)) sent++;
  return sent;
}
