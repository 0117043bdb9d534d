import * as z from "zod";
import { Job } from "../job/index";

/**
 * The campaigns' tick as a job, apart from the module it runs: the jobs consumer registers every
 * job type at its cold start, and the campaign code (templates, storage, the governor) loads only
 * when a tick actually runs.
 */
export const tick = Job.define("campaign.tick", z.object({}), async () => {
  const { runTick } = await import("./index");
  await runTick();
});
