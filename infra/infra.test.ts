import fs from "node:fs";
import path from "node:path";
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { JobMessage } from "../packages/core/src/job/contract";
import {
  CONTRACTS,
  DLQ_RETENTION_SECONDS,
  dlqName,
  QUEUE_NAMES,
  QUEUE_SETTINGS,
  type QueueName,
} from "../packages/core/src/queue/contracts";
import { HANDLERS, sstHandler } from "../packages/functions/src/lambda/handlers";
import {
  functionWithHandler,
  logicalId,
  ourFunctions,
  PREFIX,
  queueId,
  resolved,
  resources,
  statementsOf,
  synthesize,
} from "./synth";

const ROOT = path.resolve(import.meta.dirname, "..");

let storage: Template;
let queues: Template;
let jobs: Template;
let api: Template;
let gateway: Template;

beforeAll(async () => {
  ({ storage, queues, jobs, api, gateway } = await synthesize());
});

describe("queues", () => {
  it("gives each queue its own dead-letter queue after its maxReceiveCount receives", () => {
    queues.resourceCountIs("AWS::SQS::Queue", QUEUE_NAMES.length * 2);
    for (const name of QUEUE_NAMES) {
      queues.hasResourceProperties("AWS::SQS::Queue", {
        QueueName: `${PREFIX}-${name}`,
        VisibilityTimeout: QUEUE_SETTINGS[name].visibilityTimeoutSeconds,
        RedrivePolicy: {
          deadLetterTargetArn: { "Fn::GetAtt": [queueId(dlqName(name)), "Arn"] },
          maxReceiveCount: QUEUE_SETTINGS[name].maxReceiveCount,
        },
      });
      queues.hasResourceProperties("AWS::SQS::Queue", {
        QueueName: `${PREFIX}-${dlqName(name)}`,
        MessageRetentionPeriod: DLQ_RETENTION_SECONDS,
      });
    }
  });

  it("raises an alarm as soon as any dead-letter queue holds a message", () => {
    queues.resourceCountIs("AWS::CloudWatch::Alarm", QUEUE_NAMES.length);
    for (const name of QUEUE_NAMES) {
      queues.hasResourceProperties("AWS::CloudWatch::Alarm", {
        Namespace: "AWS/SQS",
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId(dlqName(name)), "QueueName"] } }],
        ComparisonOperator: "GreaterThanThreshold",
        Threshold: 0,
      });
    }
  });
});

describe("consumers and schedules", () => {
  it.each(["wa-inbound", "jobs"] satisfies QueueName[])(
    "consumes %s in batches of 10 and reports partial batch failures",
    (name) => {
      const [functionId] = functionWithHandler(jobs, sstHandler(HANDLERS[name]));
      const mappings = resources(jobs, "AWS::Lambda::EventSourceMapping").filter(
        ([, r]) => r.Properties.FunctionName.Ref === functionId,
      );
      expect(mappings).toHaveLength(1);
      const { Properties: mapping } = mappings[0]![1];
      expect(resolved(mapping.EventSourceArn)).toEqual({ "Fn::GetAtt": [queueId(name), "Arn"] });
      expect(mapping.BatchSize).toBe(10);
      expect(mapping.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
    },
  );

  it("consumes einvoice one invoice at a time in one instance, the queue's visibility timeout six times the function's", () => {
    // One mapping per consumer of the handler list: wa-inbound, jobs, einvoice, ai.
    jobs.resourceCountIs("AWS::Lambda::EventSourceMapping", 4);
    const [functionId, fn] = functionWithHandler(jobs, sstHandler(HANDLERS.einvoice));
    // LHDN counts its rate limits per client, and each instance is a client of its own.
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(1);
    // AWS's guidance for a throttled SQS consumer: visibility >= 6 x timeout, >= 5 receives.
    const [, queue] = resources(queues, "AWS::SQS::Queue").find(([id]) => id === queueId("einvoice"))!;
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fn.Properties.Timeout);
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(5);
    const [, mapping] = resources(jobs, "AWS::Lambda::EventSourceMapping").find(
      ([, r]) => r.Properties.FunctionName.Ref === functionId,
    )!;
    expect(resolved(mapping.Properties.EventSourceArn)).toEqual({
      "Fn::GetAtt": [queueId("einvoice"), "Arn"],
    });
    expect(mapping.Properties.BatchSize).toBe(1);
  });

  it("looks daily, straight on the einvoice queue, whether last month's consolidated e-invoice is due", () => {
    const [, schedule] = resources(jobs, "AWS::Scheduler::Schedule").find(
      ([, s]) => CONTRACTS.einvoice.safeParse(JSON.parse(s.Properties.Target.Input)).success,
    )!;
    expect(JSON.parse(schedule.Properties.Target.Input)).toEqual({ v: 1, type: "consolidate_check" });
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: "cron(0 9 * * ? *)",
      ScheduleExpressionTimezone: "Asia/Kuala_Lumpur",
    });
    expect(resolved(schedule.Properties.Target.Arn)).toEqual({ "Fn::GetAtt": [queueId("einvoice"), "Arn"] });
  });

  it("lets the scheduler role send to the jobs and einvoice queues and nothing else", () => {
    jobs.hasResourceProperties("AWS::Scheduler::ScheduleGroup", { Name: PREFIX });
    const roleId = logicalId(jobs, "AWS::IAM::Role", (p) =>
      JSON.stringify(p.AssumeRolePolicyDocument).includes("scheduler.amazonaws.com"),
    );
    const statements = statementsOf(jobs, { Ref: roleId });
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Action).toBe("sqs:SendMessage");
    expect([statements[0]!.Resource].flat().map(resolved)).toEqual([
      { "Fn::GetAtt": [queueId("jobs"), "Arn"] },
      { "Fn::GetAtt": [queueId("einvoice"), "Arn"] },
    ]);
  });

  it("lets the einvoice consumer schedule its next look at LHDN onto its own queue", () => {
    const [, fn] = functionWithHandler(jobs, sstHandler(HANDLERS.einvoice));
    const env = fn.Properties.Environment.Variables;
    expect(resolved(env.QUEUE_ARN_EINVOICE)).toEqual({ "Fn::GetAtt": [queueId("einvoice"), "Arn"] });
    expect(env.SCHEDULER_GROUP).toBeDefined();
  });

  const scheduleFor = (type: string) =>
    resources(jobs, "AWS::Scheduler::Schedule").find(
      ([, s]) => JobMessage.safeParse(JSON.parse(s.Properties.Target.Input)).data?.type === type,
    )?.[1];

  it("prunes daily at 03:00 Kuala Lumpur time through the jobs queue", () => {
    const schedule = scheduleFor("maintenance.prune")!;
    expect(schedule.Properties).toMatchObject({
      GroupName: { Ref: logicalId(jobs, "AWS::Scheduler::ScheduleGroup", () => true) },
      ScheduleExpression: "cron(0 3 * * ? *)",
      ScheduleExpressionTimezone: "Asia/Kuala_Lumpur",
    });
    expect(resolved(schedule.Properties.Target.Arn)).toEqual({ "Fn::GetAtt": [queueId("jobs"), "Arn"] });
  });

  it("sweeps the outbox for messages never queued every minute", () => {
    expect(scheduleFor("message.sweep_outbox")!.Properties).toMatchObject({
      ScheduleExpression: "rate(1 minute)",
    });
  });

  it("ticks the campaigns' governor every minute", () => {
    expect(scheduleFor("campaign.tick")!.Properties).toMatchObject({ ScheduleExpression: "rate(1 minute)" });
  });

  it("checks tickets against their ETA every 15 minutes", () => {
    expect(scheduleFor("ticket.sla_check")!.Properties).toMatchObject({
      ScheduleExpression: "rate(15 minutes)",
    });
  });
});

describe("http api", () => {
  it.each(
    Object.values(HANDLERS).flatMap((handler) =>
      "routes" in handler.trigger ? handler.trigger.routes.map((route) => [route, sstHandler(handler)]) : [],
    ),
  )("routes %s to %s", (routeKey, handler) => {
    const [, route] = resources(api, "AWS::ApiGatewayV2::Route").find(
      ([, r]) => r.Properties.RouteKey === routeKey,
    )!;
    const integrationId = route.Properties.Target["Fn::Join"][1][1].Ref;
    const [functionId] = functionWithHandler(api, handler);
    expect(api.toJSON().Resources[integrationId].Properties.IntegrationUri).toEqual({
      "Fn::GetAtt": [functionId, "Arn"],
    });
  });

  it("runs every function on nodejs22.x arm64", () => {
    const functions = [...ourFunctions(api), ...ourFunctions(jobs)];
    expect(functions).toHaveLength(Object.keys(HANDLERS).length);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe("nodejs22.x");
      expect(fn.Properties.Architectures).toEqual(["arm64"]);
    }
  });

  it("lets the API send to every queue, book schedules in its group and pass only the scheduler role", () => {
    const [, fn] = functionWithHandler(api, sstHandler(HANDLERS.api));
    const statements = statementsOf(api, { Ref: fn.Properties.Role["Fn::GetAtt"][0] });
    const sendTargets = statements
      .filter((s) => [s.Action].flat().includes("sqs:SendMessage"))
      .map((s) => resolved(s.Resource));
    for (const name of QUEUE_NAMES)
      expect(sendTargets).toContainEqual({ "Fn::GetAtt": [queueId(name), "Arn"] });
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"],
      }),
    );
    const passRole = statements.find((s) => s.Action === "iam:PassRole")!;
    expect(resolved(passRole.Resource)).toMatchObject({
      "Fn::GetAtt": [expect.stringMatching(/^SchedulerRole/), "Arn"],
    });
    expect(statements.some((s) => [s.Action].flat().includes("s3:PutObject"))).toBe(true);
  });
});

describe("storage", () => {
  it("keeps the bucket private and open to presigned browser uploads", () => {
    storage.resourceCountIs("AWS::S3::Bucket", 1);
    const [, bucket] = resources(storage, "AWS::S3::Bucket")[0]!;
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({ AllowedMethods: expect.arrayContaining(["GET", "PUT"]) }),
    ]);
  });
});

describe("gateway", () => {
  it("runs exactly one task and stops the old one before starting its replacement", () => {
    gateway.resourceCountIs("AWS::ECS::Service", 1);
    gateway.hasResourceProperties("AWS::ECS::Service", {
      DesiredCount: 1,
      LaunchType: "FARGATE",
      DeploymentConfiguration: { MinimumHealthyPercent: 0, MaximumPercent: 100 },
    });
    gateway.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 0);
    gateway.resourceCountIs("AWS::EC2::NatGateway", 0);
  });

  it("gives the container its queues, the database URL and a /health check", () => {
    const [, task] = resources(gateway, "AWS::ECS::TaskDefinition")[0]!;
    expect(task.Properties).toMatchObject({ Cpu: "512", Memory: "1024" });
    const container = task.Properties.ContainerDefinitions[0];
    const env = Object.fromEntries(
      (container.Environment as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]),
    );
    expect(env.WA_MODE).toBe("baileys");
    for (const [variable, name] of [
      ["QUEUE_URL_WA_INBOUND", "wa-inbound"],
      ["QUEUE_URL_WA_OUTBOUND_TX", "wa-outbound-tx"],
      ["QUEUE_URL_WA_OUTBOUND_BULK", "wa-outbound-bulk"],
    ]) {
      expect(resolved(env[variable!])).toEqual({ Ref: queueId(name!) });
    }
    expect(env.QUEUE_URL_JOBS).toBeUndefined();
    expect(container.Secrets).toEqual([
      expect.objectContaining({ Name: "DATABASE_URL", ValueFrom: expect.anything() }),
      expect.objectContaining({ Name: "SETTINGS_KEY", ValueFrom: expect.anything() }),
    ]);
    expect(container.HealthCheck.Command.join(" ")).toContain("/health");
  });

  it("builds the image in stages on Node 22 slim and runs it as a non-root user with a health check", () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, "packages/wa-gateway/Dockerfile"), "utf8");
    const stages = dockerfile.match(/^FROM .+$/gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^FROM node:22-slim\b/);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
    expect(runtime).not.toMatch(/npm (ci|install)(?!.*--omit=dev)/);
  });
});
