import type * as z from "zod";
import { load } from "./index";

/**
 * The one place a process's real environment is read: each entry point (the Lambda handlers'
 * modules in packages/functions/src/env, the gateway's env.ts, the CLIs) calls this with its
 * schema at start. Everything else reads its piece through `Env.read`.
 */
export function loadProcessEnv<S extends z.ZodObject>(name: string, schema: S): z.output<S> {
  return load(name, schema, process.env);
}

/**
 * Sets variables for the rest of the process: the local runtime fills in what it started (the
 * local SQS endpoint, queue URLs, keys), which the AWS SDK also reads from the real environment.
 */
export function provideProcessEnv(values: Record<string, string>) {
  Object.assign(process.env, values);
}

/** The real environment, for a runtime that hands it on to a child process (the dashboard). */
export const processEnvForChild = (): Record<string, string | undefined> => ({ ...process.env });
