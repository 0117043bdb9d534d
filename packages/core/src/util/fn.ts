import type { z } from "zod";

/**
 * Wraps a core function that takes outside input: the input is parsed with `schema` first,
 * and the schema stays attached (`.schema`) so handlers and tools reuse it.
 */
export function fn<Schema extends z.ZodType, Result>(
  schema: Schema,
  impl: (input: z.output<Schema>) => Result,
) {
  const run = (input: z.input<Schema>) => impl(schema.parse(input));
  run.schema = schema;
  /** Calls the implementation with input that is already parsed and typed. */
  run.force = impl;
  return run;
}
