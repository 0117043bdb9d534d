import { log } from "../../log";
import type { Db, DbHandle } from "../index";
import * as schema from "../schema";

/** node-postgres with a pool: any PostgreSQL server reached over TCP. */
export async function open(config: { driver: "pg"; url: string; max?: number }): Promise<DbHandle> {
  // Imported here for the same reason as PGlite's driver: Lambda bundles leave them out.
  const [{ default: pg }, { drizzle }] = await Promise.all([
    import("pg"),
    import("drizzle-orm/node-postgres"),
  ]);
  const client = new pg.Pool({ connectionString: config.url, max: config.max ?? 10 });
  // An idle pooled connection the server ends (a restart, a failover, a dropped database) is
  // an 'error' on the pool; unheard, it would crash the process. The pool replaces it.
  client.on("error", (error: Error) =>
    log.warn("an idle database connection was closed by the server", { error: error.message }),
  );
  return { db: drizzle({ client, schema }) as unknown as Db, config, close: () => client.end() };
}
