import * as z from "zod";
import { needs } from "../env/index";
import type { QueueName } from "../queue/contracts";

/** The queues one-time schedules target: jobs, and einvoice for LHDN polls (einvoice/flow/poll.ts). */
export const SCHEDULE_TARGETS = ["jobs", "einvoice"] as const satisfies readonly QueueName[];

/** QUEUE_ARN_JOBS and so on: where a schedule targeting the queue sends (set by infra/jobs.ts). */
export const queueArnVariable = (queue: QueueName) => `QUEUE_ARN_${queue.toUpperCase().replaceAll("-", "_")}`;

/**
 * EventBridge Scheduler, in AWS: the group schedules are booked in, the role Scheduler assumes
 * to send to the queues, and each target queue's ARN. Without SCHEDULER_GROUP (`npm start`) the
 * local scheduler is used and none of these is read.
 */
export const SchedulerEnv = z.object({
  SCHEDULER_GROUP: needs(z.string().min(1), { schedules: true }),
  SCHEDULER_ROLE_ARN: needs(z.string().startsWith("arn:"), { passRole: true }),
  ...Object.fromEntries(
    SCHEDULE_TARGETS.map((queue) => [
      queueArnVariable(queue),
      needs(z.string().startsWith("arn:"), { scheduleTarget: queue }),
    ]),
  ),
});

/** Whether schedules go to EventBridge (SCHEDULER_GROUP set) or to the local table. */
export const SchedulerChoiceEnv = z.object({ SCHEDULER_GROUP: z.string().min(1).optional() });
