import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { Env } from "../packages/core/src/env/index";
import { DeployedLinkEnv } from "../packages/core/src/link/env";
import { HANDLERS, type HandlerName, sstHandler } from "../packages/functions/src/lambda/handlers";
import { GatewayEnv } from "../packages/wa-gateway/src/env";
import { environmentFor, type Provided } from "./env";
import { publicBaseUrl } from "./stages";
import {
  functionWithHandler,
  logicalId,
  queueId,
  resolved,
  resources,
  type Stacks,
  type Statement,
  statementsOf,
  synthesize,
} from "./synth";

/**
 * Each process's env schema (packages/functions/src/env, packages/wa-gateway/src/env.ts) is
 * what it checks at start. These tests read the list of variables and permissions from the
 * schemas themselves, so a variable added to a schema without being wired fails here.
 */
let stacks: Stacks;
beforeAll(async () => {
  stacks = await synthesize();
});

type Process = {
  schema: z.ZodObject;
  env: Record<string, unknown>;
  /** Variables ECS reads from Secrets Manager at task start (the gateway). */
  containerSecrets: string[];
  statements: Statement[];
};

/** Replaces every cross-stack import inside `value` with what the other stack exported. */
function deepResolved(value: unknown): unknown {
  const once = resolved(value);
  if (Array.isArray(once)) return once.map(deepResolved);
  if (once && typeof once === "object")
    return Object.fromEntries(Object.entries(once).map(([k, v]) => [k, deepResolved(v)]));
  return once;
}

function lambda(name: HandlerName): Process {
  const handler = HANDLERS[name];
  const template = "routes" in handler.trigger ? stacks.api : stacks.jobs;
  const [, fn] = functionWithHandler(template, sstHandler(handler));
  return {
    schema: handler.env,
    env: fn.Properties.Environment.Variables,
    containerSecrets: [],
    statements: statementsOf(template, { Ref: fn.Properties.Role["Fn::GetAtt"][0] }),
  };
}

function gateway(): Process {
  const template: Template = stacks.gateway;
  const [, task] = resources(template, "AWS::ECS::TaskDefinition")[0]!;
  const container = task.Properties.ContainerDefinitions[0];
  return {
    schema: GatewayEnv,
    env: Object.fromEntries(
      (container.Environment as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]),
    ),
    containerSecrets: (container.Secrets as { Name: string }[]).map((s) => s.Name),
    statements: statementsOf(template, { Ref: task.Properties.TaskRoleArn["Fn::GetAtt"][0] }),
  };
}

const PROCESSES: [string, () => Process][] = [
  ...(Object.keys(HANDLERS) as HandlerName[]).map((name): [string, () => Process] => [
    name,
    () => lambda(name),
  ]),
  ["wa-gateway", gateway],
];

const allows = (statements: Statement[], action: string, resource: (r: string) => boolean) =>
  statements.some(
    (s) =>
      [s.Action].flat().includes(action) &&
      [s.Resource].flat().some((r) => resource(JSON.stringify(deepResolved(r)))),
  );

const queueArn = (queue: string) => JSON.stringify({ "Fn::GetAtt": [queueId(queue), "Arn"] });

describe.each(PROCESSES)("the %s process", (_name, of) => {
  it("gets every variable its env schema requires, secrets from Secrets Manager", () => {
    const process = of();
    const required = Env.requiredKeys(process.schema);
    expect(required.length).toBeGreaterThan(0);
    for (const variable of required) {
      const needs = Env.needsOf(process.schema.shape[variable] as z.ZodType);
      if (needs.secret && process.containerSecrets.length) {
        expect(process.containerSecrets, variable).toContain(variable);
        expect(process.env[variable], variable).toBeUndefined();
      } else if (needs.secret)
        expect(resolved(process.env[variable]), variable).toBe(
          `{{resolve:secretsmanager:wa-pos-crm/test/${variable}:SecretString:::}}`,
        );
      else expect(process.env[variable], variable).toBeDefined();
    }
  });

  it("may do what each of its variables needs: send, consume, the bucket, schedules", () => {
    const { schema, statements } = of();
    const schedulerRole = logicalId(stacks.jobs, "AWS::IAM::Role", (p) =>
      JSON.stringify(p.AssumeRolePolicyDocument).includes("scheduler.amazonaws.com"),
    );
    const schedulerStatements = statementsOf(stacks.jobs, { Ref: schedulerRole });
    const bucket = logicalId(stacks.storage, "AWS::S3::Bucket", () => true);
    for (const [variable, field] of Object.entries(schema.shape)) {
      const needs = Env.needsOf(field as z.ZodType);
      if (needs.send)
        expect(
          allows(statements, "sqs:SendMessage", (r) => r === queueArn(needs.send!)),
          variable,
        ).toBe(true);
      if (needs.consume) {
        expect(
          allows(statements, "sqs:ReceiveMessage", (r) => r === queueArn(needs.consume!)),
          variable,
        ).toBe(true);
        expect(
          allows(statements, "sqs:DeleteMessage", (r) => r === queueArn(needs.consume!)),
          variable,
        ).toBe(true);
      }
      if (needs.bucket) {
        for (const action of ["s3:PutObject", "s3:GetObject*", "s3:DeleteObject*"])
          expect(
            allows(statements, action, (r) => r.includes(bucket)),
            `${variable} ${action}`,
          ).toBe(true);
      }
      if (needs.schedules)
        expect(
          allows(statements, "scheduler:CreateSchedule", (r) => r.includes("schedule/")),
          variable,
        ).toBe(true);
      if (needs.passRole)
        expect(
          allows(statements, "iam:PassRole", (r) => r.includes(schedulerRole)),
          variable,
        ).toBe(true);
      if (needs.scheduleTarget)
        expect(
          allows(schedulerStatements, "sqs:SendMessage", (r) => r === queueArn(needs.scheduleTarget!)),
          variable,
        ).toBe(true);
    }
  });
});

describe("customer links", () => {
  it.each(Object.keys(HANDLERS) as HandlerName[])(
    "point %s at the stage's public HTTPS origin, never a loopback address",
    (name) => {
      const url = lambda(name).env.PUBLIC_BASE_URL;
      expect(url).toBe("https://test.wa-pos-crm.example");
      expect(DeployedLinkEnv.safeParse({ PUBLIC_BASE_URL: url }).success).toBe(true);
    },
  );

  it("are refused when they would lead to localhost or a stage has none", () => {
    for (const url of [
      "http://localhost:3000",
      "https://localhost",
      "https://127.0.0.1",
      "http://shop.example",
    ])
      expect(DeployedLinkEnv.safeParse({ PUBLIC_BASE_URL: url }).success, url).toBe(false);
    expect(() => publicBaseUrl("no-such-stage")).toThrow(/infra\/stages\.ts/);
  });
});

describe("wiring a process", () => {
  const everything = (schema: z.ZodObject, without: string[]): Provided => ({
    values: Object.fromEntries(
      Object.keys(schema.shape)
        .filter((key) => !without.includes(key))
        .map((key) => [key, "x"]),
    ),
    secrets: {},
    queues: {} as Provided["queues"],
    bucket: undefined as never,
  });

  it("stops synthesis naming a variable the stage does not provide", () => {
    const schema = HANDLERS.api.env.extend({ NEW_SETTING: z.string() });
    expect(() => environmentFor("api", schema, everything(schema, ["NEW_SETTING"]))).toThrow(/NEW_SETTING/);
    expect(() =>
      environmentFor("api", HANDLERS.api.env, everything(HANDLERS.api.env, ["PUBLIC_BASE_URL"])),
    ).toThrow(/PUBLIC_BASE_URL/);
  });
});
