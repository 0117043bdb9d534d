import * as z from "zod";
import { Meta } from "../queue/meta";

/** A job on the `jobs` queue. The payload is checked against the job type's own schema on arrival. */
export const JobMessage = z.object({
  v: z.literal(1),
  type: z.string().min(1),
  payload: z.record(z.string(), z.unknown()).default({}),
  meta: Meta.optional(),
});
export type JobMessage = z.infer<typeof JobMessage>;
