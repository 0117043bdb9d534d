import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import { Env } from "../env/index";
import type { QueueName } from "../queue/contracts";
import { queueArnVariable, SchedulerEnv } from "./env";
import type { OneTimeSchedule, SchedulerPort } from "./index";

export type EventBridgeConfig = {
  group: string;
  /** The role EventBridge Scheduler assumes to send to the queue. */
  roleArn: string;
  queueArn: (queue: QueueName) => string;
};

/** SCHEDULER_GROUP, SCHEDULER_ROLE_ARN and QUEUE_ARN_<NAME>, set by infra/jobs.ts. */
export function eventBridgeConfigFromEnv(source: Env.Source = Env.use()): EventBridgeConfig {
  const env = Env.read(SchedulerEnv, source) as Record<string, string>;
  return {
    group: env.SCHEDULER_GROUP!,
    roleArn: env.SCHEDULER_ROLE_ARN!,
    queueArn: (queue) => {
      const arn = env[queueArnVariable(queue)];
      if (!arn) throw new Error(`${queueArnVariable(queue)} is not set: schedules cannot target ${queue}`);
      return arn;
    },
  };
}

/** `at(2026-12-01T09:30:00)`: EventBridge wants no zone suffix; the zone is given separately. */
export const atExpression = (when: Date) => `at(${when.toISOString().slice(0, 19)})`;

export function createEventBridgeScheduler(
  options: { client?: SchedulerClient; config?: EventBridgeConfig } = {},
): SchedulerPort {
  const client = options.client ?? new SchedulerClient({});
  const config = options.config ?? eventBridgeConfigFromEnv();
  const definition = (schedule: OneTimeSchedule) => ({
    Name: schedule.name,
    GroupName: config.group,
    ScheduleExpression: atExpression(schedule.at),
    ScheduleExpressionTimezone: "UTC",
    FlexibleTimeWindow: { Mode: "OFF" as const },
    ActionAfterCompletion: "DELETE" as const,
    Target: {
      Arn: config.queueArn(schedule.queue),
      RoleArn: config.roleArn,
      Input: JSON.stringify(schedule.body),
    },
  });
  return {
    async upsert(schedule) {
      try {
        await client.send(new CreateScheduleCommand(definition(schedule)));
      } catch (error) {
        if (!(error instanceof ConflictException)) throw error;
        await client.send(new UpdateScheduleCommand(definition(schedule)));
      }
    },
    async cancel(name) {
      try {
        await client.send(new DeleteScheduleCommand({ Name: name, GroupName: config.group }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },
  };
}
