import http from "node:http";
import type { AddressInfo } from "node:net";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { pollInvoiceLater, pollRunLater } from "@wapos/core/einvoice/flow/poll";
import { Job } from "@wapos/core/job/index";
import { Maintenance } from "@wapos/core/maintenance/index";
import { CONTRACTS, type QueueName } from "@wapos/core/queue/contracts";
import { Queue } from "@wapos/core/queue/index";
import { createEventBridgeScheduler } from "@wapos/core/scheduler/eventbridge";
import { Scheduler } from "@wapos/core/scheduler/index";
import { createLocalScheduler, fireDue } from "@wapos/core/scheduler/local";
import { fixedClock, setClock } from "@wapos/core/util/clock";
import { createId } from "@wapos/core/util/id";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useIsolatedDatabase } from "../../core/test/databases";
import { type LocalAws, startLocalAws } from "./harness";

// fireDue takes every due schedule in the database, so this file has a database of its own.
useIsolatedDatabase();

describe("local scheduler", () => {
  let aws: LocalAws;
  const clock = fixedClock("2026-12-01T00:00:00Z");
  beforeAll(async () => {
    aws = await startLocalAws({ names: ["jobs", "einvoice"] });
    Queue.setPort(aws.queue);
    Scheduler.setPort(createLocalScheduler());
    setClock(clock);
  });
  afterAll(async () => {
    setClock(undefined);
    Queue.setPort(undefined);
    Scheduler.setPort(undefined);
    await aws.stop();
  });

  const fire = () => fireDue((message) => aws.queue.send(message));
  const received = async (queue: QueueName = "jobs") => {
    const messages = await aws.queue.receive(queue, { max: 10, waitSeconds: 0 });
    await Promise.all(messages.map((m) => aws.queue.remove(queue, m.receiptHandle)));
    return messages;
  };

  it("fires a one-time schedule into its queue when it falls due, once", async () => {
    const name = `test.${createId()}`;
    await Maintenance.prune.scheduleAt(name, new Date("2026-12-01T00:10:00Z"), {});

    clock.set("2026-12-01T00:09:59Z");
    await fire();
    expect(await received()).toHaveLength(0);

    clock.set("2026-12-01T00:10:00Z");
    await fire();
    const [message] = await received();
    expect(JSON.parse(message!.body)).toMatchObject({
      v: 1,
      type: "maintenance.prune",
      payload: { processed_key_days: Maintenance.PROCESSED_KEY_RETENTION_DAYS },
      meta: { key: name },
    });
    expect(message!.messageAttributes.message_key?.stringValue).toBe(name);

    await fire();
    expect(await received()).toHaveLength(0);
  });

  it("replaces a schedule with the same name, and a cancelled one never fires", async () => {
    const name = `test.${createId()}`;
    clock.set("2026-12-02T00:00:00Z");
    await Maintenance.prune.scheduleAt(name, new Date("2026-12-02T01:00:00Z"), {});
    await Maintenance.prune.scheduleAt(name, new Date("2026-12-02T02:00:00Z"), {});
    clock.set("2026-12-02T01:30:00Z");
    await fire();
    expect(await received()).toHaveLength(0);
    await Scheduler.cancel(name);
    clock.set("2026-12-02T03:00:00Z");
    await fire();
    expect(await received()).toHaveLength(0);
  });

  it("sends at once when the time has already passed", async () => {
    clock.set("2026-12-03T00:00:00Z");
    const name = `test.${createId()}`;
    await Maintenance.prune.scheduleAt(name, new Date("2026-12-02T00:00:00Z"), {});
    const [message] = await received();
    expect(JSON.parse(message!.body).meta.key).toBe(name);
  });

  it("puts e-invoice polls straight onto the einvoice queue, not through the jobs queue", async () => {
    clock.set("2026-12-04T00:00:00Z");
    const invoiceId = createId();
    const at = new Date("2026-12-04T00:02:00Z");
    await pollInvoiceLater(invoiceId, at);
    await pollRunLater("2026-11", at);
    clock.set(at);
    await fire();
    expect(await received("jobs")).toHaveLength(0);
    const bodies = (await received("einvoice")).map((m) => CONTRACTS.einvoice.parse(JSON.parse(m.body)));
    expect(bodies).toEqual(
      expect.arrayContaining([
        { v: 1, invoice_id: invoiceId, meta: { key: `einvoice-poll-${invoiceId}-${at.getTime()}` } },
        {
          v: 1,
          type: "poll_run",
          period: "2026-11",
          meta: { key: `einvoice-run-poll-2026-11-${at.getTime()}` },
        },
      ]),
    );
    expect(bodies).toHaveLength(2);
  });

  it("refuses a name EventBridge would refuse", async () => {
    await expect(Maintenance.prune.scheduleAt("has spaces", clock.now(), {})).rejects.toMatchObject({
      name: "ZodError",
    });
  });
});

/**
 * A stand-in for EventBridge Scheduler's REST API, enough to check what the real SDK sends:
 * create (409 when the name exists), update (404 when it does not) and delete.
 */
function startFakeScheduler() {
  const schedules = new Map<string, Record<string, unknown>>();
  const calls: { method: string; name: string; body: Record<string, unknown> }[] = [];
  const server = http.createServer(async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url ?? "/", "http://x");
    const name = decodeURIComponent(url.pathname.split("/")[2] ?? "");
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    calls.push({ method: req.method ?? "", name, body });
    const reply = (status: number, payload: object, errorType?: string) => {
      res.writeHead(status, {
        "content-type": "application/json",
        ...(errorType ? { "x-amzn-errortype": errorType } : {}),
      });
      res.end(JSON.stringify(payload));
    };
    if (req.method === "POST") {
      if (schedules.has(name)) return reply(409, { Message: "exists" }, "ConflictException");
      schedules.set(name, body);
      return reply(200, { ScheduleArn: `arn:aws:scheduler:::schedule/g/${name}` });
    }
    if (req.method === "PUT") {
      if (!schedules.has(name)) return reply(404, { Message: "missing" }, "ResourceNotFoundException");
      schedules.set(name, body);
      return reply(200, { ScheduleArn: `arn:aws:scheduler:::schedule/g/${name}` });
    }
    if (req.method === "DELETE") {
      if (!schedules.delete(name)) return reply(404, { Message: "missing" }, "ResourceNotFoundException");
      return reply(200, {});
    }
    reply(400, { Message: "unsupported" }, "ValidationException");
  });
  return new Promise<{ url: string; calls: typeof calls; schedules: typeof schedules; close: () => void }>(
    (resolve) =>
      server.listen(0, "127.0.0.1", () =>
        resolve({
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          calls,
          schedules,
          close: () => server.close(),
        }),
      ),
  );
}

describe("EventBridge Scheduler adapter", () => {
  let fake: Awaited<ReturnType<typeof startFakeScheduler>>;
  beforeAll(async () => {
    fake = await startFakeScheduler();
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.calls.length = 0;
  });

  const port = () =>
    createEventBridgeScheduler({
      client: new SchedulerClient({
        endpoint: fake.url,
        region: "ap-southeast-1",
        credentials: { accessKeyId: "x", secretAccessKey: "x" },
      }),
      config: {
        group: "prod-wa-pos-crm",
        roleArn: "arn:aws:iam::123456789012:role/scheduler",
        queueArn: (queue) => `arn:aws:sqs:ap-southeast-1:123456789012:${queue}`,
      },
    });

  const body = { v: 1, type: "maintenance.prune", payload: {}, meta: { key: "followup.t-1042.day-1" } };

  it("creates a one-time at() schedule in UTC that targets the queue and deletes itself after firing", async () => {
    await port().upsert({
      name: "followup.t-1042.day-1",
      at: new Date("2026-12-01T09:30:00.250Z"),
      queue: "jobs",
      body,
    });
    const created = fake.schedules.get("followup.t-1042.day-1")!;
    expect(created).toMatchObject({
      GroupName: "prod-wa-pos-crm",
      ScheduleExpression: "at(2026-12-01T09:30:00)",
      ScheduleExpressionTimezone: "UTC",
      FlexibleTimeWindow: { Mode: "OFF" },
      ActionAfterCompletion: "DELETE",
      Target: {
        Arn: "arn:aws:sqs:ap-southeast-1:123456789012:jobs",
        RoleArn: "arn:aws:iam::123456789012:role/scheduler",
      },
    });
    expect(JSON.parse((created.Target as { Input: string }).Input)).toEqual(body);
  });

  it("updates the schedule when one with the name exists", async () => {
    await port().upsert({
      name: "followup.t-1042.day-1",
      at: new Date("2026-12-02T01:00:00Z"),
      queue: "jobs",
      body,
    });
    expect(fake.calls.map((c) => c.method)).toEqual(["POST", "PUT"]);
    expect(fake.schedules.get("followup.t-1042.day-1")!.ScheduleExpression).toBe("at(2026-12-02T01:00:00)");
  });

  it("treats cancelling a schedule that is gone as done", async () => {
    await port().cancel("followup.t-1042.day-1");
    await port().cancel("followup.t-1042.day-1");
    expect(fake.schedules.size).toBe(0);
    expect(fake.calls.map((c) => c.method)).toEqual(["DELETE", "DELETE"]);
  });
});

describe("job dispatch", () => {
  it("rejects a job type nobody handles with job.unknown_type", async () => {
    await expect(
      Job.dispatch([Maintenance.prune], { v: 1, type: "nope", payload: {} }),
    ).rejects.toMatchObject({
      code: "job.unknown_type",
    });
  });
});
