import type * as z from "zod";

export * as Env from "./index";

/** A process's environment variables, as its entry point was given them. */
export type Source = Readonly<Record<string, string | undefined>>;

/**
 * What a variable asks of the deploy besides its value, read by infra/ (to wire it) and by the
 * synthesis test (to check it): the secret it comes from, the queues the process sends to or
 * consumes, the bucket, the schedules it books and the queues those schedules target.
 */
export type Needs = {
  secret?: true;
  send?: string;
  consume?: string;
  bucket?: true;
  schedules?: true;
  passRole?: true;
  scheduleTarget?: string;
};

/** Marks a variable with what it needs from the deploy (see Needs); kept in zod's registry. */
export const needs = <T extends z.ZodType>(schema: T, what: Needs): T => schema.meta({ needs: what }) as T;

/** What a variable of a process's schema needs, looking through optional and default wrappers. */
export function needsOf(schema: z.ZodType): Needs {
  let current: z.ZodType | undefined = schema;
  while (current) {
    const found = current.meta()?.needs as Needs | undefined;
    if (found) return found;
    const def = current.def as { innerType?: z.ZodType };
    current = def.innerType;
  }
  return {};
}

/** The variables a process must be given: those neither optional nor defaulted. */
export function requiredKeys(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key);
}

/** The schema's variables from `from`; an empty value counts as unset, as shells and .env files mean it. */
function pick(schema: z.ZodObject, from: Source): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = from[key];
    if (value) picked[key] = value;
  }
  return picked;
}

let source: Source | undefined;

/** The environment the process's entry point loaded (`load`), or `set` in tests. */
export function use(): Source {
  if (!source)
    throw new Error(
      "The environment was not loaded: the process's entry point loads it (packages/functions/src/env)",
    );
  return source;
}

export function set(next: Source | undefined) {
  source = next;
}

/** Every missing or invalid variable of a process, named at once. */
export class EnvError extends Error {
  constructor(
    readonly process: string,
    readonly issues: { variable: string; problem: string }[],
  ) {
    super(
      `${process} cannot start: its environment is missing or has invalid variables\n${issues
        .map((i) => `  ${i.variable}: ${i.problem}`)
        .join("\n")}`,
    );
    this.name = "EnvError";
  }
}

/**
 * Checks `from` against the process's schema and installs it for `read`. Throws EnvError
 * naming every variable that is missing or invalid, so a deploy with a gap stops at start
 * instead of on the first request that needs the variable.
 */
export function load<S extends z.ZodObject>(process: string, schema: S, from: Source): z.output<S> {
  const result = schema.safeParse(pick(schema, from));
  if (!result.success)
    throw new EnvError(
      process,
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "?"),
        problem: from[String(issue.path[0])] ? issue.message : "missing",
      })),
    );
  set(from);
  return result.data;
}

/** A domain's piece of the environment (its schema), read from `from` (by default what the entry point loaded). */
export function read<S extends z.ZodObject>(schema: S, from: Source = use()): z.output<S> {
  return schema.parse(pick(schema, from));
}
