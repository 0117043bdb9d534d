import { and, eq, sql } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import { allows } from "../consent/rule";
import { createTransaction } from "../db/transaction";
import { Job } from "../job/index";
import { Template } from "../template/index";
import { useClock } from "../util/clock";
import { addEvent, label } from "./base";
import { deviceName, notify, party } from "./notify";
import { workTicketTable } from "./ticket.sql";

export const FOLLOW_UP_DAYS = [1, 20, 30] as const;
export const followUpName = (ticketId: string, day: number) => `ticket-${ticketId}-follow-up-${day}`;

/**
 * The follow-up job: re-reads the ticket and sends the day's reminder only if the device is
 * still waiting (READY, not picked up) and the customer has not opted out. Each send is audited.
 */
export const followUp = Job.define(
  "ticket.follow_up",
  z.object({ ticket_id: z.uuid(), day: z.union([z.literal(1), z.literal(20), z.literal(30)]) }),
  async ({ ticket_id, day }) => {
    await createTransaction(async (tx) => {
      const [ticket] = await tx
        .select()
        .from(workTicketTable)
        .where(and(eq(workTicketTable.id, ticket_id)));
      if (ticket?.status !== "READY") return;
      const p = await party(tx, ticket);
      if (!allows(p.customer.whatsapp_consent, "follow_up")) return;
      const name = `follow_up_${day}` as const;
      const text = await Template.render(
        name,
        p.customer.language,
        { customer_name: p.customer.name, ticket_number: label(ticket.number), device: deviceName(p) },
        { optOutFooter: true },
      );
      await notify(ticket, p, text, { purpose: "follow_up" });
      await addEvent(ticket.id, "FOLLOW_UP_SENT", { data: { day } });
      await Audit.record({
        entity: "ticket",
        entity_id: ticket.id,
        action: "follow_up_sent",
        diff: { day: { from: null, to: day } },
      });
    });
  },
);

/**
 * Escalates tickets past their promised time, once each: an ESCALATED event on the ticket
 * (shown to the assignee and admins on the dashboard) and an audit row. Run every few minutes.
 */
export const slaCheck = Job.define("ticket.sla_check", z.object({}), async () => {
  const now = useClock().now();
  await createTransaction(async (tx) => {
    const late = await tx
      .select()
      .from(workTicketTable)
      .where(
        and(
          sql`${workTicketTable.status} in ('NEW', 'IN_PROGRESS')`,
          sql`${workTicketTable.eta_ready_at} < ${now}`,
          sql`${workTicketTable.escalated_at} is null`,
          sql`${workTicketTable.deleted_at} is null`,
        ),
      )
      .for("update", { skipLocked: true });
    for (const ticket of late) {
      await tx.update(workTicketTable).set({ escalated_at: now }).where(eq(workTicketTable.id, ticket.id));
      await addEvent(ticket.id, "ESCALATED", {
        data: {
          eta_ready_at: ticket.eta_ready_at?.toISOString(),
          to: ["assignee", "admin"],
          assignee_id: ticket.assignee_id,
        },
      });
      await Audit.record({ entity: "ticket", entity_id: ticket.id, action: "escalated" });
    }
  });
});
