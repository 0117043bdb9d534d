import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { configFromEnv, createDb, type DbHandle, schema } from "../src/db/index";
import { migrate } from "../src/db/migrate";
import { createId } from "../src/util/id";
import { createEmptyDatabase, startWebSocketProxy } from "./databases";

const databaseUrl = inject("databaseUrl");

/** The rows of a raw query; each driver has its own result type with the same `rows`. */
const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

/** What a migrated database must have, read from the catalog rather than trusted. */
async function describeSchema(handle: DbHandle) {
  const rows = async (query: ReturnType<typeof sql>) => rowsOf(await handle.db.execute(query));
  const tables = (
    await rows(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`)
  ).map((r) => r.table_name);
  const indexes = await rows(sql`select indexname, indexdef from pg_indexes where schemaname = 'public'`);
  const foreignKeys = await rows(sql`
    select conname, confupdtype, confdeltype from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace`);
  return { tables, indexes, foreignKeys };
}

const SPEC_TABLES = [
  "customers",
  "devices",
  "consents",
  "wa_threads",
  "campaigns",
  "campaign_logs",
  "intake_forms",
  "work_tickets",
  "work_ticket_events",
  "products",
  "inventory_moves",
  "invoices",
  "invoice_items",
  "quotes",
  "payments",
  "users",
  "settings",
  "audit_logs",
];

async function expectFullSchema(handle: DbHandle) {
  const { tables, indexes, foreignKeys } = await describeSchema(handle);
  expect(tables).toEqual(
    expect.arrayContaining([...SPEC_TABLES, "processed_messages", "wa_messages", "schedules"]),
  );
  const def = (name: string) => String(indexes.find((i) => i.indexname === name)?.indexdef);
  expect(def("customers_phone_unique")).toMatch(/UNIQUE INDEX .* \(phone\)/);
  expect(def("work_tickets_status_created_idx")).toMatch(/\(status, created_at\)/);
  expect(def("campaign_logs_campaign_status_idx")).toMatch(/\(campaign_id, status\)/);
  expect(def("work_ticket_events_note_fts_idx")).toMatch(/USING gin \(to_tsvector\('simple'/);
  expect(foreignKeys.length).toBeGreaterThan(20);
  // 'c' = cascade on update, 'r' = restrict on delete, for every foreign key.
  for (const fk of foreignKeys)
    expect([fk.conname, fk.confupdtype, fk.confdeltype]).toEqual([fk.conname, "c", "r"]);
}

describe("migrations", () => {
  it("build the whole schema on an empty PostgreSQL database, and a second run changes nothing", async () => {
    const empty = await createEmptyDatabase(databaseUrl);
    const handle = await createDb({ driver: "pg", url: empty.url });
    try {
      await migrate(handle);
      await expectFullSchema(handle);
      await migrate(handle);
      const applied = await handle.db.execute(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(rowsOf(applied)[0]).toEqual({
        n: fs
          .readdirSync(path.resolve(import.meta.dirname, "../migrations"))
          .filter((f) => f.endsWith(".sql")).length,
      });
    } finally {
      await handle.close();
      await empty.drop();
    }
  });

  it("build the same schema in PGlite, and the data survives closing and reopening", {
    timeout: 120_000,
  }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wapos-pglite-"));
    try {
      const first = await createDb({ driver: "pglite", dataDir });
      await migrate(first);
      await expectFullSchema(first);
      await first.db.insert(schema.customerTable).values({ name: "Aisyah", phone: "+60123450001" });
      await first.close();

      const second = await createDb({ driver: "pglite", dataDir });
      await migrate(second);
      const customers = await second.db.select().from(schema.customerTable);
      expect(customers.map((c) => c.phone)).toEqual(["+60123450001"]);
      await second.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("database drivers", () => {
  it("choose PGlite without DATABASE_URL, node-postgres for a postgres URL and Neon for a neon.tech host", () => {
    expect(configFromEnv({ DATA_DIR: "/tmp/x" })).toEqual({ driver: "pglite", dataDir: "/tmp/x/pglite" });
    expect(configFromEnv({ DATABASE_URL: "postgres://u@127.0.0.1/db" })).toMatchObject({ driver: "pg" });
    expect(
      configFromEnv({ DATABASE_URL: "postgres://u:p@ep-cool-1.ap-southeast-1.aws.neon.tech/db" }),
    ).toMatchObject({
      driver: "neon",
    });
    expect(
      configFromEnv({
        DATABASE_URL: "postgres://u@127.0.0.1/db",
        DATABASE_DRIVER: "neon",
        NEON_WS_PROXY: "127.0.0.1:1",
      }),
    ).toEqual({ driver: "neon", url: "postgres://u@127.0.0.1/db", wsProxy: "127.0.0.1:1" });
  });

  it("keeps the process up when the server ends an idle pooled connection, and the next query reconnects", async () => {
    const empty = await createEmptyDatabase(databaseUrl);
    const handle = await createDb({ driver: "pg", url: empty.url });
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const backends = async () =>
      Number(
        (
          await admin.query("select count(*) as n from pg_stat_activity where datname = $1", [
            new URL(empty.url).pathname.slice(1),
          ])
        ).rows[0].n,
      );
    try {
      await handle.db.execute(sql`select 1`);
      expect(await backends()).toBe(1);
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [
        new URL(empty.url).pathname.slice(1),
      ]);
      // Without a listener the pool's 'error' is an uncaught exception, which fails this run.
      await expect.poll(backends).toBe(0);
      // The signal that the pool heard it: the ended connection has left the pool. Until then a
      // query could still be handed the dead connection (the server ends it before the socket says so).
      const pool = (handle.db as unknown as { $client: pg.Pool }).$client;
      await expect.poll(() => pool.totalCount).toBe(0);
      const [row] = rowsOf(await handle.db.execute(sql`select 2 as n`));
      expect(row).toEqual({ n: 2 });
    } finally {
      await admin.end();
      await handle.close();
      await empty.drop();
    }
  });

  describe("Neon serverless driver through a WebSocket proxy", () => {
    let proxy: Awaited<ReturnType<typeof startWebSocketProxy>>;
    let empty: Awaited<ReturnType<typeof createEmptyDatabase>>;
    let handle: DbHandle;
    afterAll(async () => {
      await handle?.close();
      await proxy?.close();
      await empty?.drop();
    });

    it("migrates, commits and rolls back over WebSockets", async () => {
      proxy = await startWebSocketProxy();
      empty = await createEmptyDatabase(databaseUrl);
      handle = await createDb({ driver: "neon", url: empty.url, wsProxy: proxy.address });
      await migrate(handle);
      await expectFullSchema(handle);

      const kept = createId();
      await handle.db.transaction(async (tx) => {
        await tx
          .insert(schema.auditLogTable)
          .values({ id: kept, entity: "test", entity_id: "1", action: "kept", actor_type: "system" });
      });
      await expect(
        handle.db.transaction(async (tx) => {
          await tx
            .insert(schema.auditLogTable)
            .values({ entity: "test", entity_id: "2", action: "rolled_back", actor_type: "system" });
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");

      // Read back with node-postgres, straight from the server: only the committed row is there.
      const direct = new pg.Client({ connectionString: empty.url });
      await direct.connect();
      const { rows } = await direct.query("select action from audit_logs where entity = 'test'");
      await direct.end();
      expect(rows).toEqual([{ action: "kept" }]);
      expect(proxy.connections()).toBeGreaterThan(0);
    });
  });
});
