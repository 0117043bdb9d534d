import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDb } from "../src/db/index";
import { migrate } from "../src/db/migrate";

/** Where tests find PostgreSQL when DATABASE_URL is not set: this machine's server, trust auth. */
export const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * Tests run against real PostgreSQL: DATABASE_URL when set (CI makes a fresh one), else a
 * throwaway database on the local server, dropped afterwards. Migrations run once here.
 */
export default async function setup(project: TestProject) {
  let url = process.env.DATABASE_URL;
  let drop: (() => Promise<void>) | undefined;
  if (!url) {
    const name = `wapos_test_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: DEFAULT_SERVER_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    url = new URL(name, DEFAULT_SERVER_URL.replace(/[^/]+$/, "")).href;
    drop = async () => {
      const client = new pg.Client({ connectionString: DEFAULT_SERVER_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  const handle = await createDb({ driver: "pg", url });
  await migrate(handle);
  await handle.close();
  project.provide("databaseUrl", url);
  return drop;
}
