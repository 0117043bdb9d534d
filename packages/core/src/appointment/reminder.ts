import { and, asc, eq, gte, isNull } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import { allows, keywordOf } from "../consent/rule";
import { customerTable } from "../customer/customer.sql";
import { createTransaction, useTransaction } from "../db/transaction";
import { Job } from "../job/index";
import { Message } from "../message/index";
import { waMessageTable } from "../message/message.sql";
import { Scheduler } from "../scheduler/index";
import { Settings } from "../settings/index";
import * as Format from "../template/format";
import { Template } from "../template/index";
import { useClock } from "../util/clock";
import { type AppointmentRow, appointmentTable } from "./appointment.sql";

/** The reminder goes this long before the appointment: the same time the day before. */
export const REMIND_BEFORE_MS = 86_400_000;
/** A reminder that fires further ahead than this was left by a move (EventBridge's own lag aside). */
const STALE_AFTER_MS = 60 * 60_000;

export const reminderName = (appointmentId: string) => `appointment-${appointmentId}-reminder`;

/**
 * Schedules (or moves) the day-before reminder after commit. An appointment less than a day
 * away gets none: the booking's own confirmation was the reminder, and a reminder sent at
 * once would repeat it.
 */
export async function scheduleReminder(row: Pick<AppointmentRow, "id" | "starts_at">) {
  const at = new Date(row.starts_at.getTime() - REMIND_BEFORE_MS);
  if (at <= useClock().now()) return cancelReminder(row.id);
  await remind.scheduleAt(reminderName(row.id), at, { appointment_id: row.id });
}

export const cancelReminder = (appointmentId: string) => Scheduler.cancel(reminderName(appointmentId));

/**
 * The reminder job: re-reads the appointment and writes the reminder only if it is still
 * booked, starts within the next day (a schedule left from before a move sends nothing), was
 * not reminded yet, and the consent rule allows `appointment_reminder` for the phone. At most
 * once: `reminded_at` is set in the transaction that writes the message. Audited.
 */
export const remind = Job.define(
  "appointment.remind",
  z.object({ appointment_id: z.uuid() }),
  async ({ appointment_id }) => {
    await createTransaction(async (tx) => {
      const now = useClock().now();
      const [row] = await tx
        .select()
        .from(appointmentTable)
        .where(and(eq(appointmentTable.id, appointment_id), isNull(appointmentTable.deleted_at)))
        .for("update");
      if (row?.status !== "booked" || row.reminded_at || row.starts_at <= now) return;
      if (row.starts_at.getTime() - now.getTime() > REMIND_BEFORE_MS + STALE_AFTER_MS) return;
      const [customer] = await tx
        .select({
          name: customerTable.name,
          language: customerTable.language,
          consent: customerTable.whatsapp_consent,
        })
        .from(customerTable)
        .where(eq(customerTable.phone, row.phone));
      if (customer && !allows(customer.consent, "appointment_reminder")) return;
      if (!customer && (await stoppedSince(row.phone, row.created_at))) return;
      const language = customer?.language ?? row.language;
      const { time_zone } = await Settings.section("shop");
      const text = await Template.render(
        "appointment_reminder",
        language,
        {
          customer_name: customer?.name,
          date: Format.longDate(row.starts_at, language, time_zone),
          time: Format.time(row.starts_at, language, time_zone),
        },
        { optOutFooter: true },
      );
      await Message.send({
        to: row.phone,
        text,
        lane: "tx",
        author: "system",
        purpose: "appointment_reminder",
      });
      await tx.update(appointmentTable).set({ reminded_at: now }).where(eq(appointmentTable.id, row.id));
      await Audit.record({
        entity: "appointment",
        entity_id: row.id,
        action: "reminder_sent",
        diff: { reminded_at: { from: null, to: now.toISOString() } },
      });
    });
  },
);

/**
 * Whether a number the customer book does not know wrote STOP (and no START after it) since
 * `since`. Such a number has no consent row to withdraw (Consent.fromInbound records nothing
 * for it), so its own words are the record.
 */
async function stoppedSince(phone: string, since: Date): Promise<boolean> {
  const bodies = await inboundSince(phone, since);
  let stopped = false;
  for (const { body } of bodies) {
    const keyword = keywordOf(body ?? undefined);
    if (keyword) stopped = keyword === "stop";
  }
  return stopped;
}

function inboundSince(phone: string, since: Date) {
  return useTransaction((tx) =>
    tx
      .select({ body: waMessageTable.body })
      .from(waMessageTable)
      .where(
        and(
          eq(waMessageTable.phone, phone),
          eq(waMessageTable.direction, "in"),
          gte(waMessageTable.created_at, since),
        ),
      )
      .orderBy(asc(waMessageTable.created_at))
      .limit(200),
  );
}

/** Cancels the reminders of a phone's booked appointments (its owner opted out); the job re-checks consent too. */
export async function cancelRemindersOf(phone: string) {
  const booked = await useTransaction((tx) =>
    tx
      .select({ id: appointmentTable.id })
      .from(appointmentTable)
      .where(and(eq(appointmentTable.phone, phone), eq(appointmentTable.status, "booked"))),
  );
  for (const row of booked) await cancelReminder(row.id);
}
