import { main } from "../src/einvoice/cli";

/** `npm run einvoice -- …args` in this process: its exit code and what it wrote to each stream. */
export async function einvoice(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}
