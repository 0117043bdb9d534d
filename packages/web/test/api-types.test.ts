import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { generate, OUTPUT, snapshot } from "../scripts/api-types";

const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "api-types-"));
afterAll(() => fs.rm(scratch, { recursive: true, force: true }));

it("the checked-in API types are what the OpenAPI documents generate (run `npm run api:types`)", async () => {
  await generate(scratch);
  const fresh = await snapshot(scratch);
  expect(Object.keys(fresh).length).toBeGreaterThan(0);
  expect(await snapshot(OUTPUT)).toEqual(fresh);
}, 60_000);
