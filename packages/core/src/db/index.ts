import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Pool as NeonPool, neonConfig } from "@neondatabase/serverless";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import ws from "ws";
import * as schema from "./schema";

export { schema };
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DbDriver = "pglite" | "pg" | "neon";

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
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const url = env.DATABASE_URL;
  if (!url) return { driver: "pglite", dataDir: path.resolve(env.DATA_DIR ?? ".data", "pglite") };
  const isNeon = env.DATABASE_DRIVER === "neon" || new URL(url).hostname.endsWith(".neon.tech");
  if (isNeon) return { driver: "neon", url, wsProxy: env.NEON_WS_PROXY || undefined };
  return { driver: "pg", url, max: env.DATABASE_POOL_MAX ? Number(env.DATABASE_POOL_MAX) : undefined };
}

export function createDb(config: DbConfig): DbHandle {
  switch (config.driver) {
    case "pglite": {
      fs.mkdirSync(config.dataDir, { recursive: true });
      const client = new PGlite(config.dataDir);
      const db = drizzlePglite({ client, schema }) as unknown as Db;
      return { db, config, close: () => client.close() };
    }
    case "pg": {
      const client = new pg.Pool({ connectionString: config.url, max: config.max ?? 10 });
      const db = drizzlePg({ client, schema }) as unknown as Db;
      return { db, config, close: () => client.end() };
    }
    case "neon": {
      // Node 20 has no global WebSocket; Node 22 does, but `ws` works on both.
      neonConfig.webSocketConstructor = ws;
      if (config.wsProxy) {
        const proxy = config.wsProxy;
        neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
        neonConfig.useSecureWebSocket = false;
        neonConfig.pipelineTLS = false;
        // The default pipelining sends the password before the server asks for it, which a
        // trust-auth server rejects ("invalid frontend message type 112").
        neonConfig.pipelineConnect = false;
      }
      const client = new NeonPool({ connectionString: config.url });
      const db = drizzleNeon({ client, schema }) as unknown as Db;
      return { db, config, close: () => client.end() };
    }
  }
}

let current: DbHandle | undefined;

/** The process-wide database, made from the environment on first use. */
export function useDb(): Db {
  current ??= createDb(configFromEnv());
  return current.db;
}

export function useDbHandle(): DbHandle {
  useDb();
  return current!;
}

/** Replaces the process-wide database (local runtime and tests); returns the previous one. */
export function setDb(handle: DbHandle | undefined): DbHandle | undefined {
  const previous = current;
  current = handle;
  return previous;
}

export async function closeDb(): Promise<void> {
  const handle = current;
  current = undefined;
  await handle?.close();
}
