import { and, eq } from "drizzle-orm";
import * as z from "zod";
import { useActor } from "../actor";
import { handBack as giveBack, pause } from "../assistant/takeover";
import { Audit } from "../audit/index";
import { Upload } from "../blob/upload";
import { allows } from "../consent/rule";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { Link } from "../link/index";
import { Message } from "../message/index";
import { waThreadTable } from "../message/message.sql";
import { Settings } from "../settings/index";
import { workTicketTable } from "../ticket/ticket.sql";
import { useClock } from "../util/clock";
import { fn } from "../util/fn";
import { customerOf, InboxMessage, messageView, summary, ThreadSummary } from "./view";

export * as Inbox from "./index";
export {
  Conversation,
  CustomerSide,
  conversation,
  customerSide,
  InboxMessage,
  summary,
  ThreadList,
  ThreadSummary,
  threads,
} from "./view";

/*
 * What staff do in a chat. A person answering means the assistant steps back: a reply, like
 * the takeover button, pauses it in the chat for the settings' pause (assistant.pause_hours)
 * and clears the "needs staff" flag, until the pause ends or someone hands the chat back.
 */

const userId = () => {
  const actor = useActor();
  return actor.type === "user" ? actor.properties.userId : null;
};

/** Every message in the chat counts as seen. */
export async function markRead(threadId: string) {
  await useTransaction((tx) =>
    tx.update(waThreadTable).set({ unread_count: 0 }).where(eq(waThreadTable.id, threadId)),
  );
  return summary(threadId);
}

/** Pauses the assistant in the chat for the settings' pause, as the signed-in staff member. */
async function pauseFor(threadId: string) {
  const { pause_hours } = await Settings.section("assistant");
  const until = new Date(useClock().now().getTime() + pause_hours * 3_600_000);
  await pause(threadId, until, userId());
  return until;
}

/** Staff answer the chat themselves: the assistant is silent in it for the settings' pause (audited). */
export async function takeover(threadId: string) {
  return createTransaction(async () => {
    await customerOf(threadId);
    const until = await pauseFor(threadId);
    await Audit.record({
      entity: "wa_thread",
      entity_id: threadId,
      action: "takeover",
      diff: { bot_paused_until: { from: null, to: until.toISOString() } },
    });
    return summary(threadId);
  });
}

/** The assistant answers the chat again from now (audited). */
export async function handBack(threadId: string) {
  return createTransaction(async () => {
    await customerOf(threadId);
    await giveBack(threadId);
    await Audit.record({
      entity: "wa_thread",
      entity_id: threadId,
      action: "hand_back",
      diff: { bot_paused_until: { from: "paused", to: null } },
    });
    return summary(threadId);
  });
}

export const ReplyInput = z
  .object({
    /** The message; with a photo, its caption (optional). */
    text: z.string().trim().max(4096).default(""),
    /** A photo uploaded for this chat (POST /api/inbox/threads/{id}/photos), sent as an image. */
    photo: z.string().max(300).optional(),
  })
  .refine((reply) => reply.text || reply.photo, {
    message: "Write a message or add a photo",
    path: ["text"],
  });

/** Where staff upload a photo to send in the chat (then name its key in the reply). */
export const presignPhoto = fn(
  Upload.UploadRequest.extend({ thread_id: z.uuid() }),
  async ({ thread_id, ...file }) => {
    await customerOf(thread_id);
    return Upload.presignForStaff(Upload.slots.inboxPhoto(thread_id), file);
  },
);

export const Replied = z.object({ message: InboxMessage, thread: ThreadSummary });

/**
 * Sends staff's reply on the transactional lane, as staff (purpose "staff": refused with
 * `inbox.opted_out` when the customer withdrew consent, see core/src/consent/rule.ts), pauses
 * the assistant in the chat, and counts the chat as read. The message and the pause commit
 * together; the send leaves after commit.
 */
export const reply = fn(ReplyInput.and(z.object({ thread_id: z.uuid() })), ({ thread_id, text, photo }) =>
  createTransaction(async (tx) => {
    const { phone, customer } = await customerOf(thread_id);
    if (customer && !allows(customer.whatsapp_consent, "staff"))
      throw new VisibleError(
        "inbox.opted_out",
        "The customer opted out of WhatsApp messages: phone them instead.",
      );
    // The photo must be this chat's upload, really in storage and really an image.
    const media_key = photo
      ? await Upload.accept(Upload.slots.inboxPhoto(thread_id), photo, "photo")
      : undefined;
    const row = await Message.send({
      to: phone,
      text,
      ...(media_key ? { media_key } : {}),
      author: "staff",
      purpose: "staff",
      lane: "tx",
    });
    const until = await pauseFor(thread_id);
    await tx.update(waThreadTable).set({ unread_count: 0 }).where(eq(waThreadTable.id, thread_id));
    await Audit.record({
      entity: "wa_thread",
      entity_id: thread_id,
      action: "reply",
      diff: {
        message_id: { from: null, to: row.id },
        bot_paused_until: { from: null, to: until.toISOString() },
      },
    });
    return Replied.parse({
      message: await messageView(row),
      thread: await summary(thread_id),
    });
  }),
);

export const LinkInput = z.object({
  ticket_id: z.uuid(),
  /** The repair's status page, or the same page at its invoice. */
  kind: z.enum(["status", "invoice"]).default("status"),
});

export const CustomerLink = z.object({ url: z.string() });

/**
 * The customer's link to one of their repairs, to paste into a reply. Only a repair of the
 * chat's own customer: any other ticket is `ticket.not_found`, so a link never reaches the
 * wrong person.
 */
export const linkFor = fn(LinkInput.extend({ thread_id: z.uuid() }), ({ thread_id, ticket_id, kind }) =>
  createTransaction(async (tx) => {
    const { customer } = await customerOf(thread_id);
    const [ticket] = customer
      ? await tx
          .select({ id: workTicketTable.id })
          .from(workTicketTable)
          .where(and(eq(workTicketTable.id, ticket_id), eq(workTicketTable.customer_id, customer.id)))
      : [];
    if (!ticket) throw new VisibleError("ticket.not_found", "No such repair for this chat's customer.");
    const url = Link.statusUrl(await Link.signTicket(ticket.id));
    return CustomerLink.parse({ url: kind === "invoice" ? `${url}#invoice` : url });
  }),
);
