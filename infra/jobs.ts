import { aws_iam as iam, aws_scheduler as scheduler } from "aws-cdk-lib";
import { type StackContext, use } from "sst/constructs";
import type * as z from "zod";
import type { JobMessage } from "../packages/core/src/job/contract";
import type { CONTRACTS } from "../packages/core/src/queue/contracts";
import { SCHEDULE_TARGETS } from "../packages/core/src/scheduler/env";
import { HANDLERS, type HandlerName } from "../packages/functions/src/lambda/handlers";
import { lambdaProps, lambdaProvided, type SchedulerWiring } from "./backend";
import { Queues } from "./queues";

const DAILY_PRUNE: JobMessage = { v: 1, type: "maintenance.prune", payload: {} };
const SLA_CHECK: JobMessage = { v: 1, type: "ticket.sla_check", payload: {} };
const OUTBOX_SWEEP: JobMessage = { v: 1, type: "message.sweep_outbox", payload: {} };
const CAMPAIGN_TICK: JobMessage = { v: 1, type: "campaign.tick", payload: {} };
const CONSOLIDATE_CHECK: z.input<typeof CONTRACTS.einvoice> = { v: 1, type: "consolidate_check" };

export function Jobs({ stack, app }: StackContext) {
  const { queues } = use(Queues);
  const jobsQueue = queues.jobs.cdk.queue;
  const einvoiceQueue = queues.einvoice.cdk.queue;

  const group = new scheduler.CfnScheduleGroup(stack, "ScheduleGroup", {
    name: `${stack.stage}-${app.name}`,
  });
  const role = new iam.Role(stack, "SchedulerRole", {
    assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
      conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
    }),
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ["sqs:SendMessage"],
      resources: SCHEDULE_TARGETS.map((name) => queues[name].cdk.queue.queueArn),
    }),
  );
  const wiring: SchedulerWiring = {
    group: group.ref,
    role,
    schedulesArn: stack.formatArn({
      service: "scheduler",
      resource: "schedule",
      resourceName: `${group.ref}/*`,
    }),
    queueArns: { jobs: jobsQueue.queueArn, einvoice: einvoiceQueue.queueArn },
  };

  new scheduler.CfnSchedule(stack, "DailyMaintenance", {
    groupName: group.ref,
    scheduleExpression: "cron(0 3 * * ? *)",
    scheduleExpressionTimezone: "Asia/Kuala_Lumpur",
    flexibleTimeWindow: { mode: "OFF" },
    target: { arn: jobsQueue.queueArn, roleArn: role.roleArn, input: JSON.stringify(DAILY_PRUNE) },
  });

  // Tickets past their ETA are escalated within a quarter of an hour.
  new scheduler.CfnSchedule(stack, "SlaCheck", {
    groupName: group.ref,
    scheduleExpression: "rate(15 minutes)",
    flexibleTimeWindow: { mode: "OFF" },
    target: { arn: jobsQueue.queueArn, roleArn: role.roleArn, input: JSON.stringify(SLA_CHECK) },
  });

  // Outbound messages committed but never queued (a crash between commit and the queue send)
  // are sent again; the gateway's claim keeps a double from going out twice.
  new scheduler.CfnSchedule(stack, "OutboxSweep", {
    groupName: group.ref,
    scheduleExpression: "rate(1 minute)",
    flexibleTimeWindow: { mode: "OFF" },
    target: { arn: jobsQueue.queueArn, roleArn: role.roleArn, input: JSON.stringify(OUTBOX_SWEEP) },
  });

  // Campaigns release their next messages through the ban-risk governor (core/src/campaign);
  // pause and stop act at once, and a stopped campaign's queued messages are withdrawn.
  new scheduler.CfnSchedule(stack, "CampaignTick", {
    groupName: group.ref,
    scheduleExpression: "rate(1 minute)",
    flexibleTimeWindow: { mode: "OFF" },
    target: { arn: jobsQueue.queueArn, roleArn: role.roleArn, input: JSON.stringify(CAMPAIGN_TICK) },
  });

  // The month's consolidated e-invoice goes to LHDN in the first days of the next month:
  // straight to the einvoice queue, whose consumer decides.
  new scheduler.CfnSchedule(stack, "EinvoiceConsolidateCheck", {
    groupName: group.ref,
    scheduleExpression: "cron(0 9 * * ? *)",
    scheduleExpressionTimezone: "Asia/Kuala_Lumpur",
    flexibleTimeWindow: { mode: "OFF" },
    target: { arn: einvoiceQueue.queueArn, roleArn: role.roleArn, input: JSON.stringify(CONSOLIDATE_CHECK) },
  });

  // Every queue consumer of HANDLERS, with exactly what its env schema asks for.
  const provided = lambdaProvided(stack, wiring);
  for (const name of Object.keys(HANDLERS) as HandlerName[]) {
    const { trigger } = HANDLERS[name];
    if (!("queue" in trigger)) continue;
    queues[trigger.queue].addConsumer(stack, {
      function: lambdaProps(name, provided),
      cdk: { eventSource: { batchSize: trigger.batchSize, reportBatchItemFailures: true } },
    });
  }

  return { scheduler: wiring };
}
