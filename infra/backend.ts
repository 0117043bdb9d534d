import type { aws_iam as iam } from "aws-cdk-lib";
import { type FunctionProps, type Stack, use } from "sst/constructs";
import { queueArnVariable, SCHEDULE_TARGETS } from "../packages/core/src/scheduler/env";
import { HANDLERS, type HandlerName, sstHandler } from "../packages/functions/src/lambda/handlers";
import { LAMBDA_NODEJS } from "./bundling";
import { environmentFor, type Provided, permissionsFor } from "./env";
import { Queues, queueUrls } from "./queues";
import { publicBaseUrl } from "./stages";
import { Storage } from "./storage";

export type SchedulerWiring = {
  group: string;
  role: iam.IRole;
  schedulesArn: string;
  /** The ARN of each queue a schedule may target (SCHEDULE_TARGETS). */
  queueArns: Record<(typeof SCHEDULE_TARGETS)[number], string>;
};

/** What the stage gives its Lambdas, in the names core reads. */
export function lambdaProvided(stack: Stack, scheduler: SchedulerWiring): Provided {
  const { bucket, secrets } = use(Storage);
  const { queues } = use(Queues);
  return {
    values: {
      // Not "simulated": the dev routes are not mounted in AWS.
      WA_MODE: "baileys",
      // Lambda ships Neon's driver only (infra/bundling.ts), whatever the URL's host.
      DATABASE_DRIVER: "neon",
      PUBLIC_BASE_URL: publicBaseUrl(stack.stage),
      BUCKET_NAME: bucket.bucketName,
      ...queueUrls(queues),
      SCHEDULER_GROUP: scheduler.group,
      SCHEDULER_ROLE_ARN: scheduler.role.roleArn,
      ...Object.fromEntries(
        SCHEDULE_TARGETS.map((queue) => [queueArnVariable(queue), scheduler.queueArns[queue]]),
      ),
    },
    secrets,
    queues,
    bucket,
    scheduler,
  };
}

/** A Lambda of HANDLERS with exactly the environment and permissions its env schema asks for. */
export function lambdaProps(name: HandlerName, provided: Provided): FunctionProps {
  const handler = HANDLERS[name];
  return {
    handler: sstHandler(handler),
    environment: environmentFor(name, handler.env, provided).environment,
    permissions: permissionsFor(name, handler.env, provided),
    ...("timeoutSeconds" in handler ? { timeout: handler.timeoutSeconds } : {}),
    ...("concurrency" in handler ? { reservedConcurrentExecutions: handler.concurrency } : {}),
    ...("install" in handler ? { nodejs: { ...LAMBDA_NODEJS, install: handler.install } } : {}),
  };
}
