import { handler as consume } from "../consumers/jobs";
import { loadJobsEnv } from "../env/jobs";

loadJobsEnv();
export const handler = consume;
