import { aws_cloudwatch as cloudwatch, Duration } from "aws-cdk-lib";
import { Queue, type StackContext } from "sst/constructs";
import {
  DLQ_RETENTION_SECONDS,
  dlqName,
  QUEUE_NAMES,
  QUEUE_SETTINGS,
  type QueueName,
} from "../packages/core/src/queue/contracts";
import { queueUrlVariable } from "../packages/core/src/queue/env";

export type QueueMap = Record<QueueName, Queue>;

export function Queues({ stack }: StackContext) {
  const entries = QUEUE_NAMES.map((name) => {
    const dlq = new Queue(stack, dlqName(name), {
      cdk: { queue: { retentionPeriod: Duration.seconds(DLQ_RETENTION_SECONDS) } },
    });
    const queue = new Queue(stack, name, {
      cdk: {
        queue: {
          visibilityTimeout: Duration.seconds(QUEUE_SETTINGS[name].visibilityTimeoutSeconds),
          deadLetterQueue: { queue: dlq.cdk.queue, maxReceiveCount: QUEUE_SETTINGS[name].maxReceiveCount },
        },
      },
    });
    new cloudwatch.Alarm(stack, `${dlqName(name)}-alarm`, {
      alarmDescription: `Messages on ${name} failed ${QUEUE_SETTINGS[name].maxReceiveCount} times and wait in ${dlqName(name)}`,
      metric: dlq.cdk.queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    return [name, queue] as const;
  });
  return { queues: Object.fromEntries(entries) as QueueMap };
}

/** QUEUE_URL_<NAME> for each queue a process talks to, named by core's own rule. */
export function queueUrls(
  queues: QueueMap,
  names: readonly QueueName[] = QUEUE_NAMES,
): Record<string, string> {
  return Object.fromEntries(names.map((name) => [queueUrlVariable(name), queues[name].queueUrl]));
}
