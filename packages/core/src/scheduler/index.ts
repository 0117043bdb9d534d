import * as z from "zod";
import { afterCommit } from "../db/transaction";
import { Env } from "../env/index";
import { useCorrelationId } from "../log";
import { CONTRACTS, type QueueName } from "../queue/contracts";
import { Queue } from "../queue/index";
import { useClock } from "../util/clock";
import { lazyPort } from "../util/lazy";
import { SchedulerChoiceEnv } from "./env";
import { createLocalScheduler } from "./local";

export * as Scheduler from "./index";

/** EventBridge Scheduler's rule for schedule names, kept everywhere so names move between adapters. */
export const ScheduleName = z
  .string()
  .regex(/^[0-9A-Za-z._-]{1,64}$/, "1-64 letters, digits, '.', '_' or '-'");

export type OneTimeSchedule = {
  name: string;
  at: Date;
  queue: QueueName;
  /** The message body, with `meta.key` set to the schedule name so a double delivery acts once. */
  body: Record<string, unknown>;
};

/**
 * The scheduler port: one-time schedules that drop a message on a queue at a given time.
 * A schedule is only a wake-up; the job re-reads the database before acting.
 */
export interface SchedulerPort {
  /** Creates the schedule, or replaces the one with the same name. */
  upsert(schedule: OneTimeSchedule): Promise<void>;
  /** Removes the schedule; a missing one is not an error. */
  cancel(name: string): Promise<void>;
}

let port: SchedulerPort | undefined;

/** EventBridge when SCHEDULER_GROUP is set (AWS), else the database-backed local scheduler. */
export function usePort(): SchedulerPort {
  // EventBridge's SDK client is loaded when the first schedule is made.
  port ??= Env.read(SchedulerChoiceEnv).SCHEDULER_GROUP
    ? lazyPort(async () => (await import("./eventbridge")).createEventBridgeScheduler())
    : createLocalScheduler();
  return port;
}

export function setPort(next: SchedulerPort | undefined) {
  port = next;
}

/**
 * Schedules `body` onto `queue` at `at` under `name` (after the current transaction commits).
 * A time already past sends the message now instead.
 */
export async function at<Q extends QueueName>(
  name: string,
  when: Date,
  queue: Q,
  body: z.input<(typeof CONTRACTS)[Q]>,
): Promise<void> {
  ScheduleName.parse(name);
  const correlationId = useCorrelationId();
  const meta = { key: name, ...(correlationId ? { correlation_id: correlationId } : {}) };
  const parsed = CONTRACTS[queue].parse({ ...(body as object), meta }) as Record<string, unknown>;
  if (when.getTime() <= useClock().now().getTime()) {
    await Queue.send(queue, parsed as z.input<(typeof CONTRACTS)[Q]>, { key: name });
    return;
  }
  await afterCommit(() => usePort().upsert({ name, at: when, queue, body: parsed }));
}

export async function cancel(name: string): Promise<void> {
  await afterCommit(() => usePort().cancel(name));
}
