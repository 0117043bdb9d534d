import { Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { initProject, useProject } from "sst/project.js";
import { expect } from "vitest";
import config from "../sst.config";
import { Api } from "./api";
import { Gateway } from "./gateway";
import { Jobs } from "./jobs";
import { Queues } from "./queues";
import { Storage } from "./storage";

/** Helpers for the synthesis tests (infra/*.test.ts): the stacks as CloudFormation, and ways to read them. */

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON
export type Resource = { Type: string; Properties: Record<string, any> };
export type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

export const PREFIX = "test-wa-pos-crm";

export type Stacks = Record<"storage" | "queues" | "jobs" | "api" | "gateway", Template>;
let stacks: Stacks | undefined;

/** Synthesized offline the way `sst deploy` does it: NODE_ENV=test skips docker builds and AWS lookups. */
export async function synthesize(): Promise<Stacks> {
  await initProject({ stage: "test" });
  const app = new App({
    mode: "deploy",
    stage: "test",
    // biome-ignore lint/correctness/useHookAtTopLevel: SST's useProject is not a React hook
    name: useProject().config.name,
    region: "ap-southeast-1",
    account: "123456789012",
  });
  await config.stacks(app);
  await app.finish();
  const [storage, queues, jobs, api, gateway] = [Storage, Queues, Jobs, Api, Gateway].map((stack) =>
    Template.fromStack(getStack(stack)),
  ) as [Template, Template, Template, Template, Template];
  stacks = { storage, queues, jobs, api, gateway };
  return stacks;
}

const all = () => {
  if (!stacks) throw new Error("call synthesize() in beforeAll first");
  return stacks;
};

export const resources = (template: Template, type: string) =>
  Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);

export function logicalId(
  template: Template,
  type: string,
  match: (props: Resource["Properties"]) => boolean,
) {
  const found = resources(template, type).filter(([, r]) => match(r.Properties));
  expect(found, `one ${type}`).toHaveLength(1);
  return found[0]![0];
}

export const queueId = (name: string) =>
  logicalId(all().queues, "AWS::SQS::Queue", (p) => p.QueueName === `${PREFIX}-${name}`);

/** Follows a cross-stack Fn::ImportValue back to the value the other stack exported. */
export function resolved(value: unknown): unknown {
  const name = (value as { "Fn::ImportValue"?: string } | undefined)?.["Fn::ImportValue"];
  if (!name) return value;
  for (const template of Object.values(all())) {
    const outputs = (template.toJSON().Outputs ?? {}) as Record<
      string,
      { Value: unknown; Export?: { Name: string } }
    >;
    const output = Object.values(outputs).find((o) => o.Export?.Name === name);
    if (output) return output.Value;
  }
  throw new Error(`no stack exports ${name}`);
}

export function statementsOf(template: Template, roleRef: unknown): Statement[] {
  return resources(template, "AWS::IAM::Policy")
    .filter(([, r]) => JSON.stringify(r.Properties.Roles).includes(JSON.stringify(roleRef)))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Statement[]);
}

export const ourFunctions = (template: Template) =>
  resources(template, "AWS::Lambda::Function").filter(([, r]) =>
    String(r.Properties.Handler).startsWith("packages/functions/"),
  );

export function functionWithHandler(template: Template, handler: string) {
  const found = ourFunctions(template).filter(([, r]) => r.Properties.Handler === handler);
  expect(found, handler).toHaveLength(1);
  return found[0]!;
}
