import { and, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import * as z from "zod";
import { userTable } from "../auth/auth.sql";
import { Upload } from "../blob/upload";
import { customerTable, language, whatsappConsent } from "../customer/customer.sql";
import { useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { Invoice } from "../invoice/index";
import { invoiceStatus, invoiceTable } from "../invoice/invoice.sql";
import {
  messageAuthor,
  messageDirection,
  messageKind,
  messageStatus,
  waMessageTable,
  waThreadTable,
} from "../message/message.sql";
import { label } from "../ticket/base";
import { ticketStatus, workTicketTable } from "../ticket/ticket.sql";
import { useClock } from "../util/clock";

/*
 * What the staff inbox shows: the chats, one chat's messages, and the customer's repairs and
 * invoices beside it. Built here and parsed against these schemas, so the API documents
 * exactly what it returns.
 */

const Instant = z.string().describe("ISO 8601 instant");

/** The newest chats listed; older ones are found through the customer book. */
const THREADS_LISTED = 100;
/** A chat shows its newest messages; the customer page keeps the whole history. */
const MESSAGES_SHOWN = 200;
/** Beside the chat: the customer's newest repairs and invoices. */
const SIDE_ITEMS = 10;

export const ThreadSummary = z.object({
  id: z.uuid(),
  phone: z.string().describe("E.164"),
  customer: z
    .object({ id: z.uuid(), name: z.string() })
    .nullable()
    .describe("Null: a number the shop does not know"),
  last_message: z
    .object({
      text: z.string().nullable(),
      kind: z.enum(messageKind.enumValues),
      author: z.enum(messageAuthor.enumValues).describe("Who spoke last: customer, staff, bot or system"),
      at: Instant,
    })
    .nullable(),
  unread_count: z.number().int().min(0),
  needs_staff_at: Instant.nullable().describe("Set when the assistant handed the chat to staff"),
  bot_paused_until: Instant.nullable().describe(
    "While in the future the assistant stays silent; null otherwise",
  ),
  takeover_by: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  last_at: Instant.nullable(),
});
export type ThreadSummary = z.infer<typeof ThreadSummary>;

export const ThreadList = z.object({ threads: z.array(ThreadSummary) });

export const InboxMessage = z.object({
  id: z.uuid(),
  direction: z.enum(messageDirection.enumValues),
  author: z.enum(messageAuthor.enumValues),
  kind: z.enum(messageKind.enumValues),
  text: z.string().nullable(),
  media_url: z.string().nullable().describe("The photo or file, valid for an hour"),
  status: z.enum(messageStatus.enumValues),
  status_at: Instant,
  failure_reason: z.string().nullable(),
  created_at: Instant,
});

export const Conversation = z.object({ thread: ThreadSummary, messages: z.array(InboxMessage) });
export type Conversation = z.infer<typeof Conversation>;

export const CustomerSide = z.object({
  customer: z
    .object({
      id: z.uuid(),
      name: z.string(),
      phone: z.string(),
      language: z.enum(language.enumValues),
      whatsapp_consent: z.enum(whatsappConsent.enumValues),
    })
    .nullable(),
  tickets: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      status: z.enum(ticketStatus.enumValues),
      problem: z.string(),
      created_at: Instant,
    }),
  ),
  invoices: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      status: z.enum(invoiceStatus.enumValues),
      total: z.string(),
      amount_due: z.string(),
      ticket_id: z
        .uuid()
        .nullable()
        .describe("A repair's invoice: the customer reads it on the repair's status page"),
      issued_at: Instant.nullable(),
    }),
  ),
});
export type CustomerSide = z.infer<typeof CustomerSide>;

const iso = (at: Date | null) => at?.toISOString() ?? null;

/** The chats, those the assistant handed to staff first, then the most recently active. */
export async function threads(ids?: string[]) {
  const now = useClock().now();
  const rows = await useTransaction((tx) =>
    tx
      .select({
        thread: waThreadTable,
        customer_id: customerTable.id,
        customer_name: customerTable.name,
        takeover_name: userTable.name,
      })
      .from(waThreadTable)
      .leftJoin(
        customerTable,
        and(eq(customerTable.phone, waThreadTable.phone), isNull(customerTable.deleted_at)),
      )
      .leftJoin(userTable, eq(userTable.id, waThreadTable.takeover_by))
      .where(ids ? inArray(waThreadTable.id, ids) : undefined)
      .orderBy(
        sql`${waThreadTable.needs_staff_at} is null`,
        sql`greatest(${waThreadTable.last_inbound_at}, ${waThreadTable.last_outbound_at}) desc nulls last`,
        desc(waThreadTable.id),
      )
      .limit(THREADS_LISTED),
  );
  if (!rows.length) return [];
  const last = await useTransaction((tx) =>
    tx
      .selectDistinctOn([waMessageTable.thread_id], {
        thread_id: waMessageTable.thread_id,
        text: waMessageTable.body,
        kind: waMessageTable.kind,
        author: waMessageTable.author,
        at: waMessageTable.created_at,
      })
      .from(waMessageTable)
      .where(
        inArray(
          waMessageTable.thread_id,
          rows.map((r) => r.thread.id),
        ),
      )
      .orderBy(waMessageTable.thread_id, desc(waMessageTable.created_at), desc(waMessageTable.id)),
  );
  const lastOf = new Map(last.map((m) => [m.thread_id, m]));
  return rows.map(({ thread, customer_id, customer_name, takeover_name }) => {
    const message = lastOf.get(thread.id);
    const paused = thread.bot_paused_until && thread.bot_paused_until > now ? thread.bot_paused_until : null;
    const times = [thread.last_inbound_at, thread.last_outbound_at].filter((t): t is Date => t !== null);
    return ThreadSummary.parse({
      id: thread.id,
      phone: thread.phone,
      customer: customer_id && customer_name !== null ? { id: customer_id, name: customer_name } : null,
      last_message: message
        ? { text: message.text, kind: message.kind, author: message.author, at: message.at.toISOString() }
        : null,
      unread_count: thread.unread_count,
      needs_staff_at: iso(thread.needs_staff_at),
      bot_paused_until: iso(paused),
      takeover_by:
        paused && thread.takeover_by && takeover_name !== null
          ? { id: thread.takeover_by, name: takeover_name }
          : null,
      last_at: times.length ? new Date(Math.max(...times.map((t) => t.getTime()))).toISOString() : null,
    });
  });
}

/** One chat, or `thread.not_found`. */
export async function summary(threadId: string): Promise<ThreadSummary> {
  const [thread] = await threads([threadId]);
  if (!thread) throw new VisibleError("thread.not_found", "No WhatsApp chat with that id.");
  return thread;
}

/** The chat's newest messages, oldest first, with each photo or file as a link valid for an hour. */
export async function conversation(threadId: string): Promise<Conversation> {
  const thread = await summary(threadId);
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(waMessageTable)
      .where(eq(waMessageTable.thread_id, threadId))
      .orderBy(desc(waMessageTable.created_at), desc(waMessageTable.id))
      .limit(MESSAGES_SHOWN),
  );
  const messages = await Promise.all(rows.reverse().map(messageView));
  return Conversation.parse({ thread, messages });
}

/** One message as staff see it in the chat: any photo or file as a link signed for an hour. */
export async function messageView(
  row: typeof waMessageTable.$inferSelect,
): Promise<z.infer<typeof InboxMessage>> {
  return {
    id: row.id,
    direction: row.direction,
    author: row.author,
    kind: row.kind,
    text: row.body,
    media_url: row.media_key ? await Upload.viewUrl(row.media_key) : null,
    status: row.status,
    status_at: row.status_at.toISOString(),
    failure_reason: row.failure_reason,
    created_at: row.created_at.toISOString(),
  };
}

/** The customer whose phone the chat is with, if the shop knows them. */
export async function customerOf(threadId: string) {
  const [row] = await useTransaction((tx) =>
    tx
      .select({ phone: waThreadTable.phone, customer: customerTable })
      .from(waThreadTable)
      .leftJoin(
        customerTable,
        and(eq(customerTable.phone, waThreadTable.phone), isNull(customerTable.deleted_at)),
      )
      .where(eq(waThreadTable.id, threadId)),
  );
  if (!row) throw new VisibleError("thread.not_found", "No WhatsApp chat with that id.");
  return row;
}

/** Beside the chat: who the customer is, their newest repairs and their newest invoices. */
export async function customerSide(threadId: string): Promise<CustomerSide> {
  const { customer } = await customerOf(threadId);
  if (!customer) return { customer: null, tickets: [], invoices: [] };
  const [tickets, invoices] = await useTransaction((tx) =>
    Promise.all([
      tx
        .select()
        .from(workTicketTable)
        .where(eq(workTicketTable.customer_id, customer.id))
        .orderBy(desc(workTicketTable.created_at))
        .limit(SIDE_ITEMS),
      tx
        .select()
        .from(invoiceTable)
        .where(
          and(
            eq(invoiceTable.customer_id, customer.id),
            eq(invoiceTable.kind, "invoice"),
            ne(invoiceTable.status, "draft"),
          ),
        )
        .orderBy(desc(invoiceTable.created_at))
        .limit(SIDE_ITEMS),
    ]),
  );
  return CustomerSide.parse({
    customer: {
      id: customer.id,
      name: customer.name,
      phone: customer.phone,
      language: customer.language,
      whatsapp_consent: customer.whatsapp_consent,
    },
    tickets: tickets.map((t) => ({
      id: t.id,
      number: label(t.number),
      status: t.status,
      problem: t.problem,
      created_at: t.created_at.toISOString(),
    })),
    invoices: invoices.map((i) => ({
      id: i.id,
      number: i.number,
      status: i.status,
      total: i.total,
      amount_due: Invoice.balance(i).amount_due,
      ticket_id: i.ticket_id,
      issued_at: iso(i.issued_at),
    })),
  });
}
