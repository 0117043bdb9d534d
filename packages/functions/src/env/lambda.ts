import { BlobEnv } from "@wapos/core/blob/env";
import { LambdaDbEnv } from "@wapos/core/db/env";
import { DeployedLinkEnv } from "@wapos/core/link/env";
import { QUEUE_NAMES } from "@wapos/core/queue/contracts";
import { queueEnv } from "@wapos/core/queue/env";
import { SchedulerEnv } from "@wapos/core/scheduler/env";
import { AuthSecretEnv, SettingsKeyEnv } from "@wapos/core/util/keys";
import { SessionEnv } from "@wapos/core/whatsapp/env";
import * as z from "zod";

/**
 * What every Lambda of the app needs in AWS, composed from core's pieces: the database (Neon),
 * both keys, customer links on the stage's public origin, the bucket, every queue to send to
 * (core sends wherever a domain's work goes next: a reply, a job, an e-invoice) and
 * EventBridge Scheduler. Each process's module adds its own (see ./index.ts).
 */
export const LambdaEnv = z.object({
  ...LambdaDbEnv.shape,
  ...AuthSecretEnv.shape,
  ...SettingsKeyEnv.shape,
  ...DeployedLinkEnv.shape,
  ...BlobEnv.shape,
  ...queueEnv(QUEUE_NAMES).shape,
  ...SchedulerEnv.shape,
  ...SessionEnv.shape,
});
