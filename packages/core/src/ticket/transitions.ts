import { eq, sql } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import { userTable } from "../auth/auth.sql";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { Invoice } from "../invoice/index";
import { Link } from "../link/index";
import { Message } from "../message/index";
import { Money } from "../money/index";
import { IdempotencyKey, PaymentInput, Sale } from "../sale/index";
import { Scheduler } from "../scheduler/index";
import { open } from "../settings/crypto";
import { Settings } from "../settings/index";
import * as Format from "../template/format";
import { Template } from "../template/index";
import { useClock } from "../util/clock";
import { Instant } from "../util/dates";
import { addEvent, label, mayReadPasscode, type Row } from "./base";
import { partsUsed, returnExcess } from "./bill";
import { FOLLOW_UP_DAYS, followUp, followUpName } from "./jobs";
import { deviceName, notify, party } from "./notify";
import { checkPhotos, PhotoKey } from "./photos";
import { workTicketTable } from "./ticket.sql";

export type Action =
  | "estimate"
  | "approve"
  | "decline"
  | "ready"
  | "pickup"
  | "close_unrepaired"
  | "note"
  | "photo"
  | "assign"
  | "priority";

/** The steps a ticket allows as it is now: the state machine, in one place. */
export function allowed(ticket: Pick<Row, "status" | "approval">): Action[] {
  const always: Action[] = ["note", "photo"];
  const open: Action[] = [...always, "assign", "priority"];
  switch (ticket.status) {
    case "NEW":
      return ["estimate", "close_unrepaired", ...open];
    case "IN_PROGRESS":
      if (ticket.approval === "approved") return ["ready", ...open];
      if (ticket.approval === "declined") return ["estimate", "close_unrepaired", ...open];
      return ["estimate", "approve", "decline", ...open];
    case "READY":
      return ["pickup", ...open];
    case "CLOSED":
      return always;
  }
}

type Tx = Parameters<Parameters<typeof createTransaction>[0]>[0];

/**
 * Runs one step on a locked ticket row, so two staff acting at once are served one after
 * the other: the second sees the first's result. `repeat` says when the step already
 * happened (then nothing changes and nothing is sent); a step the ticket does not allow is
 * `ticket.transition_not_allowed` with the steps it does allow.
 */
async function step(
  id: string,
  action: Action,
  run: (ticket: Row, tx: Tx) => Promise<Partial<typeof workTicketTable.$inferInsert> | undefined>,
  repeat: (ticket: Row) => boolean = () => false,
): Promise<{ ticket: Row; changed: boolean }> {
  return createTransaction(async (tx) => {
    const [ticket] = await tx.select().from(workTicketTable).where(eq(workTicketTable.id, id)).for("update");
    if (!ticket) throw new VisibleError("ticket.not_found", "No such ticket.");
    if (repeat(ticket)) return { ticket, changed: false };
    const next = allowed(ticket);
    if (!next.includes(action))
      throw new VisibleError(
        "ticket.transition_not_allowed",
        `${label(ticket.number)} is ${ticket.status}${ticket.approval ? ` (${ticket.approval})` : ""}; it cannot ${action.replace("_", " ")} now.`,
        { status: ticket.status, approval: ticket.approval, allowed: next },
      );
    const patch = (await run(ticket, tx)) ?? {};
    const [updated] = await tx
      .update(workTicketTable)
      .set({ ...patch, version: sql`${workTicketTable.version} + 1` })
      .where(eq(workTicketTable.id, id))
      .returning();
    return { ticket: updated!, changed: true };
  });
}

const shopZone = async () => (await Settings.section("shop")).time_zone;

export const EstimateInput = z.object({
  price_estimate: Money.Price,
  eta_ready_at: Instant,
});

/** Sets or revises the price and ready time; the customer is asked to approve by WhatsApp and link. */
export async function estimate(id: string, input: z.input<typeof EstimateInput>) {
  const { price_estimate, eta_ready_at } = EstimateInput.parse(input);
  const price = Money.text(Money.parse(price_estimate));
  const eta = new Date(eta_ready_at);
  return step(
    id,
    "estimate",
    async (ticket, tx) => {
      await addEvent(ticket.id, "ESTIMATE_SET", {
        data: { price_estimate: price, eta_ready_at: eta.toISOString() },
      });
      const p = await party(tx, ticket);
      const text = await Template.render("estimate", p.customer.language, {
        customer_name: p.customer.name,
        ticket_number: label(ticket.number),
        device: deviceName(p),
        price: Money.format(price),
        eta: Format.longDateTime(eta, p.customer.language, await shopZone()),
        approve_link: Link.statusUrl(await Link.signTicket(ticket.id)),
      });
      await notify(ticket, p, text);
      return {
        status: "IN_PROGRESS",
        approval: "pending",
        price_estimate: price,
        eta_ready_at: eta,
        escalated_at: null,
      };
    },
    (t) =>
      t.approval === "pending" && t.price_estimate === price && t.eta_ready_at?.getTime() === eta.getTime(),
  );
}

/**
 * The customer's answer to the estimate: by their link, by a WhatsApp reply (the message kept
 * on the event as `evidence`), or recorded by staff.
 */
export async function answer(id: string, approve: boolean, evidence?: Message.ReplyEvidence) {
  return step(
    id,
    approve ? "approve" : "decline",
    async (ticket) => {
      await addEvent(ticket.id, approve ? "CUSTOMER_APPROVED" : "CUSTOMER_DECLINED", {
        data: evidence ? Message.evidenceOf(evidence) : {},
      });
      return { approval: approve ? "approved" : "declined" };
    },
    (t) => t.status === "IN_PROGRESS" && t.approval === (approve ? "approved" : "declined"),
  );
}

export const ReadyInput = z.object({
  photos: z.array(PhotoKey).min(1, "Add at least one completion photo").max(10),
  note: z.string().trim().max(2000).optional(),
});

/**
 * Repaired: completion photos, the invoice issued, the customer told with the photos and the
 * invoice link, and the 1/20/30-day follow-ups scheduled.
 */
export async function ready(id: string, input: z.input<typeof ReadyInput>) {
  const { note, ...input_ } = ReadyInput.parse(input);
  const photos = await checkPhotos(id, input_.photos, "photos");
  return step(
    id,
    "ready",
    async (ticket, tx) => {
      const now = useClock().now();
      const p = await party(tx, ticket);
      await addEvent(ticket.id, "READY", { note, photoKeys: photos });
      const invoice = await Invoice.issueForRepair({
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        customerId: ticket.customer_id,
        description: `Repair: ${deviceName(p)} — ${ticket.problem.slice(0, 200)}`,
        price: ticket.price_estimate ?? "0.00",
        parts: await partsUsed(ticket.id),
      });
      const due = Invoice.amountDue(invoice);
      const link = Link.statusUrl(await Link.signTicket(ticket.id));
      const text = await Template.render("ready", p.customer.language, {
        customer_name: p.customer.name,
        ticket_number: label(ticket.number),
        device: deviceName(p),
        invoice_link: `${link}#invoice`,
        balance: Money.format(due.gt(Money.ZERO) ? due : Money.ZERO),
      });
      await notify(ticket, p, text);
      for (const [index, photo] of photos.entries())
        await notify(ticket, p, `${label(ticket.number)} · ${index + 1}/${photos.length}`, {
          mediaKey: photo,
        });
      for (const day of FOLLOW_UP_DAYS)
        await followUp.scheduleAt(followUpName(ticket.id, day), new Date(now.getTime() + day * 86_400_000), {
          ticket_id: ticket.id,
          day,
        });
      return { status: "READY", ready_at: now };
    },
    (t) => t.status === "READY" || t.status === "CLOSED",
  );
}

export const PickupInput = z.object({
  /** What is paid at the counter now: split across methods, cash last (rounded, with change). */
  payments: z.array(PaymentInput).max(6).default([]),
  idempotency_key: IdempotencyKey,
  /** Handing the device over with money still owed: why (the close is audited). */
  unpaid_reason: z.string().trim().min(1).max(500).optional(),
});

/**
 * Picked up: the payments are applied to the repair's invoice and the ticket closes once it is
 * paid in full; short, it is refused (`ticket.balance_due` with `details.due`, nothing
 * written) unless staff say why the customer takes the device unpaid. Deposits above the bill
 * are given back first (`returnExcess`). The passcode is wiped and the follow-ups cancelled.
 */
export async function pickup(id: string, input: z.input<typeof PickupInput>) {
  const { payments, idempotency_key, unpaid_reason } = PickupInput.parse(input);
  return step(
    id,
    "pickup",
    async (ticket) => {
      const issued = await Invoice.forTicket(ticket.id);
      if (!issued || issued.status === "draft")
        throw new VisibleError("invoice.not_found", "This ticket has no invoice.");
      if (payments.length) await Sale.payInvoice(issued.id, payments, idempotency_key);
      const givenBack = await returnExcess(issued.id, idempotency_key);
      const invoice = (await Invoice.forTicket(ticket.id))!;
      const due = Invoice.amountDue(invoice);
      if (due.gt(Money.ZERO) && !unpaid_reason)
        throw new VisibleError(
          "ticket.balance_due",
          `${Money.format(due)} is still due on ${invoice.number}: take it, or say why the device goes unpaid.`,
          { due: Money.text(due), invoice: invoice.number },
        );
      const paidNow = Money.sum(payments.map((p) => Money.parse(p.amount)));
      await addEvent(ticket.id, "PICKED_UP", {
        data: {
          ...(payments.length === 1 ? { method: payments[0]!.method } : {}),
          amount: Money.text(paidNow),
          payments: payments.map((p) => ({ method: p.method, amount: p.amount })),
          ...(givenBack.length ? { given_back: givenBack } : {}),
        },
      });
      const reason = due.gt(Money.ZERO) ? "picked_up_unpaid" : "picked_up";
      await addEvent(ticket.id, "CLOSED", {
        note: reason === "picked_up_unpaid" ? unpaid_reason : undefined,
        data: { reason, ...(reason === "picked_up_unpaid" ? { due: Money.text(due) } : {}) },
      });
      if (reason === "picked_up_unpaid")
        await Audit.record({
          entity: "ticket",
          entity_id: ticket.id,
          action: "picked_up_unpaid",
          diff: { due: { from: null, to: Money.text(due) }, reason: { from: null, to: unpaid_reason } },
        });
      for (const day of FOLLOW_UP_DAYS) await Scheduler.cancel(followUpName(ticket.id, day));
      return {
        status: "CLOSED",
        close_reason: reason,
        closed_at: useClock().now(),
        device_passcode: null,
      };
    },
    (t) => t.status === "CLOSED" && (t.close_reason === "picked_up" || t.close_reason === "picked_up_unpaid"),
  );
}

/**
 * Declined (or never started): the device goes back unrepaired, and any deposits with it. They
 * are the customer's money on a repair that was never billed: given back as at a pickup
 * (`returnExcess`, to their own methods first, the rest in cash), in the same transaction.
 */
export async function closeUnrepaired(id: string, note?: string) {
  return step(
    id,
    "close_unrepaired",
    async (ticket) => {
      const draft = await Invoice.forTicket(ticket.id);
      // The step runs once per ticket (a second close finds it closed), so its id keys the payments.
      const givenBack = draft?.status === "draft" ? await returnExcess(draft.id, `close:${ticket.id}`) : [];
      await addEvent(ticket.id, "CLOSED", {
        note,
        data: { reason: "returned_unrepaired", ...(givenBack.length ? { given_back: givenBack } : {}) },
      });
      return {
        status: "CLOSED",
        close_reason: "returned_unrepaired",
        closed_at: useClock().now(),
        device_passcode: null,
      };
    },
    (t) => t.status === "CLOSED" && t.close_reason === "returned_unrepaired",
  );
}

export const NoteInput = z
  .object({
    note: z.string().trim().max(4000).optional(),
    photos: z.array(PhotoKey).max(10).default([]),
  })
  .refine((v) => v.note || v.photos.length, "Write a note or add a photo");

/** A note or photos at any stage. */
export async function note(id: string, input: z.input<typeof NoteInput>) {
  const { note: text, ...input_ } = NoteInput.parse(input);
  const photos = await checkPhotos(id, input_.photos, "photos");
  return step(id, photos.length && !text ? "photo" : "note", async (ticket) => {
    await addEvent(ticket.id, photos.length && !text ? "PHOTO" : "NOTE", { note: text, photoKeys: photos });
    return undefined;
  });
}

export const AssignInput = z.object({ assignee_id: z.uuid().nullable() });
export async function assign(id: string, assigneeId: string | null) {
  if (assigneeId) {
    const [user] = await useTransaction((tx) =>
      tx.select().from(userTable).where(eq(userTable.id, assigneeId)),
    );
    if (user?.status !== "active" || user.role === "cashier")
      throw new VisibleError("users.not_found", "Assign an active technician or admin.");
  }
  return step(
    id,
    "assign",
    async (ticket) => {
      await addEvent(ticket.id, "ASSIGNED", { data: { from: ticket.assignee_id, to: assigneeId } });
      return { assignee_id: assigneeId };
    },
    (t) => t.assignee_id === assigneeId,
  );
}

export const PriorityInput = z.object({ priority: z.enum(["low", "normal", "high", "urgent"]) });
export async function setPriority(id: string, priority: Row["priority"]) {
  return step(
    id,
    "priority",
    async (ticket) => {
      await addEvent(ticket.id, "PRIORITY_CHANGED", { data: { from: ticket.priority, to: priority } });
      return { priority };
    },
    (t) => t.priority === priority,
  );
}

/** The device passcode, for the assigned technician and admins only; every reading is audited. */
export async function revealPasscode(id: string): Promise<string | null> {
  return createTransaction(async (tx) => {
    const [ticket] = await tx.select().from(workTicketTable).where(eq(workTicketTable.id, id));
    if (!ticket || !mayReadPasscode(ticket)) throw new VisibleError("ticket.not_found", "No such ticket.");
    if (!ticket.device_passcode) return null;
    await Audit.record({ entity: "ticket", entity_id: id, action: "passcode_viewed" });
    return open(ticket.device_passcode as never);
  });
}
