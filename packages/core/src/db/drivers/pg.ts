import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Db, DbHandle } from "../index";
import * as schema from "../schema";

/** node-postgres with a pool: any PostgreSQL server reached over TCP. */
export function open(config: { driver: "pg"; url: string; max?: number }): DbHandle {
  const client = new pg.Pool({ connectionString: config.url, max: config.max ?? 10 });
  return { db: drizzle({ client, schema }) as unknown as Db, config, close: () => client.end() };
}
