import { closeDatabase, main } from "./cli";

// `npm run einvoice -- …` runs this file. npm starts scripts in the repository root; INIT_CWD
// is where the operator typed the command, so relative paths start there.
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
await closeDatabase();
