import { aws_iam as iam } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { type Stack, use } from "sst/constructs";
import { QUEUE_NAMES, type QueueName } from "../packages/core/src/queue/contracts";
import { queueArnVariable } from "../packages/core/src/scheduler/eventbridge";
import { Queues, queueUrls } from "./queues";
import { SECRET_NAMES, Storage } from "./storage";

export type SchedulerWiring = {
  group: string;
  role: iam.IRole;
  schedulesArn: string;
  /** QUEUE_ARN_<NAME> of each queue a schedule may target (infra/jobs.ts, SCHEDULE_TARGETS). */
  queueArns: Record<string, string>;
};

/**
 * Env, secret and permissions for every Lambda in `stack` (the HTTP API and the queue
 * consumers alike), in the names core reads. Call it before the stack creates its functions.
 */
export function useBackendDefaults(stack: Stack, scheduler: SchedulerWiring) {
  const { bucket, secrets } = use(Storage);
  const { queues } = use(Queues);
  stack.addDefaultFunctionEnv({
    // Not "simulated": the dev routes are not mounted in AWS.
    WA_MODE: "baileys",
    BUCKET_NAME: bucket.bucketName,
    ...queueUrls(queues),
    SCHEDULER_GROUP: scheduler.group,
    SCHEDULER_ROLE_ARN: scheduler.role.roleArn,
    ...Object.fromEntries(
      Object.entries(scheduler.queueArns).map(([name, arn]) => [queueArnVariable(name as QueueName), arn]),
    ),
    ...Object.fromEntries(SECRET_NAMES.map((name) => [name, secrets[name].reference])),
    // Lambda ships Neon's driver only (infra/bundling.ts), whatever the URL's host.
    DATABASE_DRIVER: "neon",
  });
  stack.addDefaultFunctionPermissions([
    ...QUEUE_NAMES.map((name): [IConstruct, string] => [queues[name].cdk.queue, "grantSendMessages"]),
    [bucket.cdk.bucket, "grantReadWrite"],
    new iam.PolicyStatement({
      actions: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"],
      resources: [scheduler.schedulesArn],
    }),
    new iam.PolicyStatement({
      actions: ["iam:PassRole"],
      resources: [scheduler.role.roleArn],
      conditions: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
    }),
  ]);
}
