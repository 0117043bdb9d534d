/**
 * `npm run api:types`: the dashboard's API types, generated from the staff and public OpenAPI
 * documents (which @hono/zod-openapi makes from core's zod schemas) into lib/api/{staff,public}.
 * The documents are built in this process from the apps themselves; no server is started.
 * test/api-types.test.ts regenerates them and fails when the checked-in files differ.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@hey-api/openapi-ts";

const WEB = fileURLToPath(new URL("..", import.meta.url));
export const OUTPUT = path.join(WEB, "lib/api");
export const AUDIENCES = ["staff", "public"] as const;

/** Both documents as the running apps serve them, with the routes of `npm start` (simulated WhatsApp). */
export async function documents(): Promise<Record<(typeof AUDIENCES)[number], object>> {
  process.env.WA_MODE = "simulated";
  // Building the documents serves one request in-process; core reads this process's environment.
  const { Env } = await import("../../core/src/env/index");
  Env.set(process.env);
  const { createApi } = await import("../../functions/src/api/index");
  const { createPublicApi } = await import("../../functions/src/public/index");
  const read = async (response: Response | Promise<Response>) => (await response).json() as Promise<object>;
  return {
    staff: await read(createApi().request("/api/openapi.json")),
    public: await read(createPublicApi().request("/api/public/openapi.json")),
  };
}

/** Writes lib/api/<audience>/… under `root` (the checked-in folder unless told otherwise). */
export async function generate(root = OUTPUT): Promise<void> {
  const specs = await documents();
  for (const audience of AUDIENCES) {
    await createClient({
      input: specs[audience] as never,
      output: { path: path.join(root, audience), postProcess: [] },
      plugins: ["@hey-api/typescript"],
      logs: { level: "silent" },
    });
  }
}

/** Every generated file under a folder, by relative path, to compare two generations. */
export async function snapshot(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const audience of AUDIENCES) {
    const folder = path.join(root, audience);
    for (const name of (await fs.readdir(folder)).sort())
      files[`${audience}/${name}`] = await fs.readFile(path.join(folder, name), "utf8");
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await generate();
  console.log(`API types written to ${path.relative(process.cwd(), OUTPUT)}/{${AUDIENCES.join(",")}}`);
}
