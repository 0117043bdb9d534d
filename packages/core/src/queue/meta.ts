import * as z from "zod";

/** Carried in the body by messages that cannot have attributes (scheduled ones). */
export const Meta = z.object({ key: z.string().min(1).optional(), correlation_id: z.string().optional() });
export type Meta = z.infer<typeof Meta>;
