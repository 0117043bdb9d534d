import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Blob } from "@wapos/core/blob/index";
import { Queue } from "@wapos/core/queue/index";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../src/api/index";
import { operationId } from "../src/http/openapi";
import { createPublicApi } from "../src/public/index";
import { type LocalAws, staff, startLocalAws } from "./harness";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const METHODS = ["get", "put", "post", "delete", "patch"] as const;

type Document = { paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown }>> };

const api = createApi();
const pub = createPublicApi();
let aws: LocalAws;
let admin: Record<string, string>;

async function documents() {
  return {
    staff: (await (await api.request("/api/openapi.json")).json()) as Document,
    public: (await (await pub.request("/api/public/openapi.json")).json()) as Document,
  };
}

/** Every documented operation, with a concrete path: ids are fresh UUIDs, tokens a plausible string. */
function operations(document: Document) {
  return Object.entries(document.paths).flatMap(([template, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method: method.toUpperCase(),
      template,
      path: template.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === "id" ? crypto.randomUUID() : "not-a-real-token-0123456789",
      ),
      hasBody: Boolean(item[method]!.requestBody),
    })),
  );
}

beforeAll(async () => {
  aws = await startLocalAws();
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  // Nothing listens here: WhatsApp routes answer at once that the gateway is unreachable.
  process.env.WA_GATEWAY_URL = "http://127.0.0.1:9";
  admin = (await staff("admin")).auth;
});
afterAll(async () => {
  delete process.env.WA_GATEWAY_URL;
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  await aws?.stop();
});

describe("the OpenAPI documents", () => {
  it("name every operation from its method and path", () => {
    expect(operationId("get", "/api/tickets/{id}/passcode")).toBe("getTicketsByIdPasscode");
    expect(operationId("post", "/api/public/intake")).toBe("postPublicIntake");
    expect(operationId("put", "/api/intake-form")).toBe("putIntakeForm");
    expect(operationId("post", "/api/tickets/{id}/call-customer/done")).toBe(
      "postTicketsByIdCallCustomerDone",
    );
  });

  it("list only routes that exist: every documented path and method is served", async () => {
    const docs = await documents();
    const calls = [
      ...operations(docs.staff).map((operation) => ({ ...operation, app: api, headers: admin })),
      ...operations(docs.public).map((operation) => ({ ...operation, app: pub, headers: {} })),
    ];
    expect(calls.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const call of calls) {
      const response = await call.app.request(call.path, {
        method: call.method,
        headers: { ...call.headers, ...(call.hasBody ? { "content-type": "application/json" } : {}) },
        // An empty object fails every body's schema, so no call here changes anything.
        ...(call.hasBody ? { body: "{}" } : {}),
      });
      const body = (await response.json().catch(() => ({}))) as { code?: string };
      if (response.status === 404 && body.code === "route.not_found")
        missing.push(`${call.method} ${call.template}`);
      expect(response.status, `${call.method} ${call.template}`).not.toBe(500);
    }
    expect(missing).toEqual([]);
  });

  it("pass Redocly's recommended rules with no error or warning", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-openapi-"));
    try {
      const reports = await Promise.all(
        Object.entries(await documents()).map(async ([name, document]) => {
          const file = path.join(directory, `${name}.json`);
          fs.writeFileSync(file, JSON.stringify(document, null, 2));
          return { name, report: await lint(file) };
        }),
      );
      const problems = reports.flatMap(({ name, report }) =>
        report.problems.map((p) => `${name} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`),
      );
      expect(problems).toEqual([]);
      for (const { report } of reports) expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }, 60_000);
});

type LintReport = {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
};

/** `redocly lint` with the project's redocly.yaml, as CI would run it; it exits 1 on errors. */
async function lint(file: string): Promise<LintReport> {
  const cli = path.join(ROOT, "node_modules/@redocly/cli/bin/cli.js");
  const run = await promisify(execFile)(
    process.execPath,
    [cli, "lint", file, "--format", "json", "--config", path.join(ROOT, "redocly.yaml")],
    {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      maxBuffer: 16 * 1024 * 1024,
    },
  ).catch((failed: { stdout: string }) => failed);
  return JSON.parse(run.stdout) as LintReport;
}
