import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import type { Db, DbHandle } from "../index";
import * as schema from "../schema";

/** Embedded PostgreSQL (WebAssembly) persisted in `dataDir`: the no-setup default for npm start. */
export function open(config: { driver: "pglite"; dataDir: string }): DbHandle {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const client = new PGlite(config.dataDir);
  return { db: drizzle({ client, schema }) as unknown as Db, config, close: () => client.close() };
}
