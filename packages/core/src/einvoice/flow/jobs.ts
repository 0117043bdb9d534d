import * as z from "zod";
import { Job } from "../../job/index";
import { Queue } from "../../queue/index";

/**
 * The e-invoice work the scheduler starts. Each only hands over to the einvoice queue, whose
 * own Lambda carries the document builder and signer: the jobs Lambda stays small.
 */

/** Looks again at a submission LHDN was still validating (the einvoice job polls a submitted invoice). */
export const pollLater = Job.define(
  "einvoice.poll",
  z.object({ invoice_id: z.uuid() }),
  async ({ invoice_id }) => {
    await Queue.send("einvoice", { v: 1, invoice_id });
  },
);

/** Daily: whether last month's consolidated e-invoice is due (see runs.ts, consolidatePrevious). */
export const consolidateCheck = Job.define("einvoice.consolidate_check", z.object({}), async () => {
  await Queue.send("einvoice", { v: 1, type: "consolidate_check" });
});

/** Looks again at a consolidated e-invoice LHDN was still validating. */
export const pollRunLater = Job.define(
  "einvoice.poll_run",
  z.object({ period: z.string().regex(/^\d{4}-\d{2}$/) }),
  async ({ period }) => {
    await Queue.send("einvoice", { v: 1, type: "poll_run", period });
  },
);
