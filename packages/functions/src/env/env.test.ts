import fs from "node:fs";
import path from "node:path";
import { Env } from "@wapos/core/env/index";
import { describe, expect, it } from "vitest";
import { HANDLERS } from "../lambda/handlers";
import { EXAMPLE_DEPLOYED_ENV as DEPLOYED } from "./example";
import { LocalEnv } from "./local";

const ROOT = path.resolve(import.meta.dirname, "../../../..");

describe.each(Object.entries(HANDLERS))("the %s Lambda's environment", (name, handler) => {
  it("starts with what the deploy gives it", () => {
    expect(() => Env.load(name, handler.env, DEPLOYED)).not.toThrow();
  });

  it("refuses to start with nothing, naming every required variable at once", () => {
    const error = (() => {
      try {
        Env.load(name, handler.env, {});
      } catch (caught) {
        return caught as Env.EnvError;
      }
    })();
    expect(error).toBeInstanceOf(Env.EnvError);
    expect(error!.issues.map((i) => i.variable).sort()).toEqual(Env.requiredKeys(handler.env).sort());
    for (const variable of ["DATABASE_URL", "PUBLIC_BASE_URL", "SCHEDULER_GROUP", "QUEUE_ARN_EINVOICE"])
      expect(error!.message).toContain(`${variable}: missing`);
  });

  it("refuses customer links to localhost and a short key, saying why", () => {
    const bad = { ...DEPLOYED, PUBLIC_BASE_URL: "http://localhost:3000", AUTH_SECRET: "short" };
    expect(() => Env.load(name, handler.env, bad)).toThrow(Env.EnvError);
    try {
      Env.load(name, handler.env, bad);
    } catch (error) {
      const problems = Object.fromEntries((error as Env.EnvError).issues.map((i) => [i.variable, i.problem]));
      expect(Object.keys(problems).sort()).toEqual(["AUTH_SECRET", "PUBLIC_BASE_URL"]);
      expect(problems.AUTH_SECRET).toBe("must be at least 32 characters");
      expect(problems.PUBLIC_BASE_URL).not.toBe("missing");
    }
  });
});

describe("the local runtime's environment", () => {
  it("needs nothing set: every variable has a default or is optional", () => {
    expect(Env.requiredKeys(LocalEnv)).toEqual([]);
    expect(Env.read(LocalEnv, {})).toMatchObject({ PORT: 3000, HOST: "127.0.0.1", WA_MODE: "simulated" });
  });

  it("names a port that is not a number", () => {
    expect(() => Env.load("npm start", LocalEnv, { PORT: "eighty" })).toThrow(/PORT: /);
  });
});

describe("where the environment is read", () => {
  it("is only core/src/env/process.ts: everything else reads its piece through Env", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "node_modules") walk(full);
        } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
          if (fs.readFileSync(full, "utf8").includes("process.env"))
            offenders.push(path.relative(ROOT, full));
        }
      }
    };
    for (const pkg of ["core", "functions", "wa-gateway"]) walk(path.join(ROOT, "packages", pkg, "src"));
    walk(path.join(ROOT, "infra"));
    expect(offenders).toEqual(["packages/core/src/env/process.ts"]);
  });
});
