import { fileURLToPath } from "node:url";
import { migrate as migrateNeon } from "drizzle-orm/neon-serverless/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DbHandle } from "./index";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

/** Applies the checked-in drizzle-kit migrations that the database has not seen yet. */
export async function migrate(handle: DbHandle): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  // biome-ignore lint/suspicious/noExplicitAny: each migrator wants its own driver's type of the same db
  const db = handle.db as any;
  switch (handle.config.driver) {
    case "pglite":
      return migratePglite(db, config);
    case "pg":
      return migratePg(db, config);
    case "neon":
      return migrateNeon(db, config);
  }
}
