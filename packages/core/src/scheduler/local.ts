import { and, asc, eq, lte, sql } from "drizzle-orm";
import { useDb } from "../db/index";
import { log } from "../log";
import type { QueueName } from "../queue/contracts";
import type { OutgoingMessage } from "../queue/index";
import { useClock } from "../util/clock";
import type { SchedulerPort } from "./index";
import { scheduleTable } from "./scheduler.sql";

/**
 * The scheduler used when there is no EventBridge: schedules live in the `schedules` table
 * and `fireDue` (called every second by the local runtime) drops due ones onto their queue.
 */
export function createLocalScheduler(): SchedulerPort {
  return {
    async upsert(schedule) {
      const values = {
        fire_at: schedule.at,
        queue: schedule.queue,
        body: schedule.body,
        state: "pending" as const,
        attempts: 0,
        last_error: null,
        fired_at: null,
      };
      await (await useDb())
        .insert(scheduleTable)
        .values({ name: schedule.name, ...values })
        .onConflictDoUpdate({ target: scheduleTable.name, set: values });
    },
    async cancel(name) {
      await (await useDb())
        .update(scheduleTable)
        .set({ state: "cancelled" })
        .where(and(eq(scheduleTable.name, name), eq(scheduleTable.state, "pending")));
    },
  };
}

/**
 * Sends every schedule that is due and marks it fired. Rows are locked while sending, so two
 * runtimes on one database never fire the same schedule; a failed send stays pending and is
 * retried on the next tick. Returns how many fired.
 */
export async function fireDue(
  send: (message: OutgoingMessage) => Promise<unknown>,
  options: { limit?: number } = {},
): Promise<number> {
  const now = useClock().now();
  return (await useDb()).transaction(async (tx) => {
    const due = await tx
      .select()
      .from(scheduleTable)
      .where(and(eq(scheduleTable.state, "pending"), lte(scheduleTable.fire_at, now)))
      .orderBy(asc(scheduleTable.fire_at))
      .limit(options.limit ?? 50)
      .for("update", { skipLocked: true });
    let fired = 0;
    for (const schedule of due) {
      const meta = (schedule.body.meta ?? {}) as { correlation_id?: string };
      try {
        await send({
          queue: schedule.queue as QueueName,
          body: schedule.body,
          key: schedule.name,
          correlationId: meta.correlation_id,
        });
        await tx
          .update(scheduleTable)
          .set({ state: "fired", fired_at: now, attempts: sql`${scheduleTable.attempts} + 1` })
          .where(eq(scheduleTable.name, schedule.name));
        fired++;
      } catch (error) {
        log.error("schedule could not fire", error, { schedule: schedule.name });
        await tx
          .update(scheduleTable)
          .set({ attempts: sql`${scheduleTable.attempts} + 1`, last_error: String(error) })
          .where(eq(scheduleTable.name, schedule.name));
      }
    }
    return fired;
  });
}
