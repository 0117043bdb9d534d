import fs from "node:fs";
import type { Db, DbHandle } from "../index";
import * as schema from "../schema";

/** Embedded PostgreSQL (WebAssembly) persisted in `dataDir`: the no-setup default for npm start. */
export async function open(config: { driver: "pglite"; dataDir: string }): Promise<DbHandle> {
  // Imported here, not at the top: Lambda bundles leave these out (infra/bundling.ts), and a
  // bundler turns any top-level import of an external package into one of the handler's own.
  const [{ PGlite }, { drizzle }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
  ]);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const client = new PGlite(config.dataDir);
  return { db: drizzle({ client, schema }) as unknown as Db, config, close: () => client.close() };
}
