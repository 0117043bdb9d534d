import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { Env } from "../env/index";
import { DbEnv } from "./env";
import * as schema from "./schema";

export { schema };
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DbConfig =
  | { driver: "pglite"; dataDir: string }
  | { driver: "pg"; url: string; max?: number }
  /** `wsProxy` ("host:port") sends Neon's WebSocket traffic through a local proxy, for tests. */
  | { driver: "neon"; url: string; wsProxy?: string };

export type DbHandle = {
  db: Db;
  config: DbConfig;
  close: () => Promise<void>;
};

/**
 * Reads the database settings: PGlite under DATA_DIR when DATABASE_URL is unset, Neon for a
 * *.neon.tech host (or DATABASE_DRIVER=neon), node-postgres for any other postgres:// URL.
 */
export function configFromEnv(source: Env.Source = Env.use()): DbConfig {
  const env = Env.read(DbEnv, source);
  const url = env.DATABASE_URL;
  if (!url) return { driver: "pglite", dataDir: path.resolve(env.DATA_DIR ?? ".data", "pglite") };
  const isNeon = env.DATABASE_DRIVER === "neon" || new URL(url).hostname.endsWith(".neon.tech");
  if (isNeon) return { driver: "neon", url, wsProxy: env.NEON_WS_PROXY };
  return { driver: "pg", url, max: env.DATABASE_POOL_MAX };
}

/**
 * Opens a database. Each driver is loaded only when chosen, so a Lambda bundle never loads
 * (and need not ship) the embedded PGlite or the TCP driver it does not use.
 */
export async function createDb(config: DbConfig): Promise<DbHandle> {
  switch (config.driver) {
    case "pglite":
      return (await import("./drivers/pglite")).open(config);
    case "pg":
      return (await import("./drivers/pg")).open(config);
    case "neon":
      return (await import("./drivers/neon")).open(config);
  }
}

let current: Promise<DbHandle> | undefined;

/** The process-wide database, opened from the environment on first use. */
export async function useDb(): Promise<Db> {
  return (await useDbHandle()).db;
}

export function useDbHandle(): Promise<DbHandle> {
  current ??= createDb(configFromEnv());
  return current;
}

/** Replaces the process-wide database (local runtime and tests). */
export function setDb(handle: DbHandle | undefined) {
  current = handle ? Promise.resolve(handle) : undefined;
}
