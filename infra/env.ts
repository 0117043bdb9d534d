import { aws_iam as iam } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import type { Bucket } from "sst/constructs";
import type * as z from "zod";
import { Env } from "../packages/core/src/env/index";
import type { QueueName } from "../packages/core/src/queue/contracts";
import { SCHEDULE_TARGETS } from "../packages/core/src/scheduler/env";
import type { QueueMap } from "./queues";

/** What the stage's resources provide, for wiring a process from its env schema. */
export type Provided = {
  /** Every variable the stage can give a process, by name. Secrets are in `secrets`. */
  values: Record<string, string>;
  /** Secret variables: CloudFormation dynamic references (Lambda) or the ECS secret (gateway). */
  secrets: Record<string, { reference: string; secret: unknown }>;
  queues: QueueMap;
  bucket: Bucket;
  scheduler?: { schedulesArn: string; role: iam.IRole };
};

type Permission = [IConstruct, string] | iam.PolicyStatement;

function fields(schema: z.ZodObject) {
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    field,
    needs: Env.needsOf(field),
  }));
}

/**
 * The environment a process gets: each variable of its schema the stage provides. A required
 * variable the stage cannot give stops synthesis here, naming it, instead of failing at the
 * function's start after the deploy.
 */
export function environmentFor(process: string, schema: z.ZodObject, provided: Provided, asSecrets = false) {
  const required = new Set(Env.requiredKeys(schema));
  const environment: Record<string, string> = {};
  const secrets: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const { name, needs } of fields(schema)) {
    if (needs.secret && provided.secrets[name]) {
      if (asSecrets) secrets[name] = provided.secrets[name].secret;
      else environment[name] = provided.secrets[name].reference;
    } else if (provided.values[name] !== undefined) environment[name] = provided.values[name];
    else if (required.has(name)) missing.push(name);
  }
  if (missing.length) throw new Error(`${process}: the stage provides no ${missing.join(", ")}`);
  return { environment, secrets };
}

/** The permissions a process's variables ask for (Env.needs): queues, bucket, schedules. */
export function permissionsFor(process: string, schema: z.ZodObject, provided: Provided): Permission[] {
  const permissions: Permission[] = [];
  const queue = (name: string) => provided.queues[name as QueueName].cdk.queue;
  for (const { name, needs } of fields(schema)) {
    if (needs.send) permissions.push([queue(needs.send), "grantSendMessages"]);
    if (needs.consume) permissions.push([queue(needs.consume), "grantConsumeMessages"]);
    if (needs.bucket) permissions.push([provided.bucket.cdk.bucket, "grantReadWrite"]);
    if ((needs.schedules || needs.passRole || needs.scheduleTarget) && !provided.scheduler)
      throw new Error(`${process}: ${name} needs EventBridge Scheduler, which this stack does not provide`);
    if (needs.scheduleTarget && !(SCHEDULE_TARGETS as readonly string[]).includes(needs.scheduleTarget))
      throw new Error(`${process}: the scheduler role may not send to ${needs.scheduleTarget}`);
    if (needs.schedules)
      permissions.push(
        new iam.PolicyStatement({
          actions: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"],
          resources: [provided.scheduler!.schedulesArn],
        }),
      );
    if (needs.passRole)
      permissions.push(
        new iam.PolicyStatement({
          actions: ["iam:PassRole"],
          resources: [provided.scheduler!.role.roleArn],
          conditions: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
        }),
      );
  }
  return permissions;
}
