import { and, eq, lt } from "drizzle-orm";
import * as z from "zod";
import { useTransaction } from "../db/transaction";
import { Job } from "../job/index";
import { log } from "../log";
import { processedMessageTable } from "../queue/queue.sql";
import { scheduleTable } from "../scheduler/scheduler.sql";
import { useClock } from "../util/clock";

export * as Maintenance from "./index";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * SQS keeps a message at most 14 days, so an idempotency key older than that can never be
 * needed again; a day's margin on top.
 */
export const PROCESSED_KEY_RETENTION_DAYS = 15;
export const FIRED_SCHEDULE_RETENTION_DAYS = 30;

/** Daily housekeeping: forgets idempotency keys and finished local schedules nobody can need. */
export const prune = Job.define(
  "maintenance.prune",
  z.object({
    processed_key_days: z.number().int().min(15).default(PROCESSED_KEY_RETENTION_DAYS),
  }),
  async (payload) => {
    const now = useClock().now().getTime();
    const keyCutoff = new Date(now - payload.processed_key_days * DAY_MS);
    const scheduleCutoff = new Date(now - FIRED_SCHEDULE_RETENTION_DAYS * DAY_MS);
    await useTransaction(async (tx) => {
      const keys = await tx
        .delete(processedMessageTable)
        .where(lt(processedMessageTable.processed_at, keyCutoff))
        .returning({ key: processedMessageTable.message_key });
      const schedules = await tx
        .delete(scheduleTable)
        .where(and(eq(scheduleTable.state, "fired"), lt(scheduleTable.fired_at, scheduleCutoff)))
        .returning({ name: scheduleTable.name });
      log.info("maintenance.prune done", { processed_keys: keys.length, schedules: schedules.length });
    });
  },
);
