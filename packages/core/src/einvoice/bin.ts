import * as z from "zod";
import { BlobEnv } from "../blob/env";
import { DbEnv } from "../db/env";
import { loadProcessEnv } from "../env/process";
import { SettingsKeyEnv } from "../util/keys";
import { closeDatabase, main } from "./cli";
import { EinvoiceEnv } from "./env";

// `npm run einvoice -- …` runs this file. npm starts scripts in the repository root; INIT_CWD
// is where the operator typed the command, so relative paths start there.
const env = loadProcessEnv(
  "npm run einvoice",
  z.object({
    ...DbEnv.shape,
    ...SettingsKeyEnv.shape,
    ...BlobEnv.partial().shape,
    ...EinvoiceEnv.shape,
    INIT_CWD: z.string().optional(),
  }),
);
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: env.INIT_CWD ?? process.cwd(),
});
await closeDatabase();
