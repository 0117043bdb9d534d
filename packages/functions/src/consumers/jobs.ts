import { remind } from "@wapos/core/appointment/reminder";
import { tick as campaignTick } from "@wapos/core/campaign/job";
import { Job } from "@wapos/core/job/index";
import { Maintenance } from "@wapos/core/maintenance/index";
import { deliveryCheck } from "@wapos/core/message/delivery";
import { sweepOutbox } from "@wapos/core/message/outbox";
import { followUp, slaCheck } from "@wapos/core/ticket/jobs";
import { consumer } from "../queue/consumer";

/** Every job type the jobs queue can carry. A type missing here fails and lands in the DLQ. */
export const JOBS: readonly Job.Definition[] = [
  Maintenance.prune,
  followUp,
  slaCheck,
  deliveryCheck,
  sweepOutbox,
  remind,
  campaignTick,
];

/** The scheduler target: EventBridge Scheduler (or the local scheduler) and Job.enqueue feed this queue. */
export const handler = consumer("jobs", (message) => Job.dispatch(JOBS, message));
