import type { z } from "zod";
import { VisibleError } from "../error";
import { Queue } from "../queue/index";
import { Scheduler } from "../scheduler/index";
import type { JobMessage } from "./contract";

export { JobMessage } from "./contract";
export * as Job from "./index";

export type Definition<S extends z.ZodObject = z.ZodObject> = {
  type: string;
  schema: S;
  run: (payload: z.output<S>) => Promise<void>;
  /** Puts the job on the `jobs` queue (after commit). */
  enqueue: (payload: z.input<S>, options?: { key?: string }) => Promise<{ key: string }>;
  /** Runs the job at `when` through a one-time schedule named `name`. */
  scheduleAt: (name: string, when: Date, payload: z.input<S>) => Promise<void>;
};

/** Declares a job type: its payload schema and what it does. Register it with the jobs consumer. */
export function define<S extends z.ZodObject>(
  type: string,
  schema: S,
  run: (payload: z.output<S>) => Promise<void>,
): Definition<S> {
  const message = (payload: z.input<S>) => ({ v: 1 as const, type, payload: schema.parse(payload) });
  return {
    type,
    schema,
    run,
    enqueue: (payload, options) => Queue.send("jobs", message(payload), options),
    scheduleAt: (name, when, payload) => Scheduler.at(name, when, "jobs", message(payload)),
  };
}

/** Finds the job's definition and runs it with its parsed payload. */
export async function dispatch(jobs: readonly Definition[], message: JobMessage): Promise<void> {
  const job = jobs.find((candidate) => candidate.type === message.type);
  if (!job) throw new VisibleError("job.unknown_type", `No job type ${message.type}`);
  return job.run(job.schema.parse(message.payload));
}
