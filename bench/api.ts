/**
 * The ticket board and search at the API, on a shop with history: 10,000 tickets and 50,000
 * timeline events on real PostgreSQL. Reports p50/p95 per request and the SQL statements
 * each request issues, against GET /api/auth/me (authentication alone) measured alike.
 */
import pg from "pg";
import { withActor } from "../packages/core/src/actor";
import { Auth } from "../packages/core/src/auth/index";
import { createDb, setDb } from "../packages/core/src/db/index";
import { migrate } from "../packages/core/src/db/migrate";
import { Env } from "../packages/core/src/env/index";
import { User } from "../packages/core/src/user/index";
import { createApi } from "../packages/functions/src/api/index";

export const TICKETS = 10_000;
export const EVENTS = 50_000;
/** Open tickets on the board; the rest is history (closed long ago), as in a real shop. */
export const OPEN_TICKETS = 300;

export type Figures = { label: string; p50: number; p95: number; statements: number; maxStatements: number };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Counts every statement sent to PostgreSQL (all of node-postgres' queries go through Client#query). */
function countStatements() {
  let count = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    count++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return {
    take: () => count,
    reset: () => (count = 0),
    restore: () => (pg.Client.prototype.query = original),
  };
}

/**
 * A fresh database on the local PostgreSQL for an in-process API (keys of its own, quiet logs),
 * migrated by the caller; `drop` closes and removes it.
 */
export async function benchDatabase(baseUrl: string, prefix: string) {
  process.env.AUTH_SECRET ??= "bench-auth-secret-0123456789-abcdefghijklmnop";
  process.env.SETTINGS_KEY ??= "bench-settings-key-0123456789-abcdefghijklmn";
  process.env.POWERTOOLS_LOG_LEVEL ??= "ERROR";
  Env.set(process.env);
  const name = `${prefix}_${Date.now()}`;
  const server = new pg.Client({ connectionString: baseUrl });
  await server.connect();
  await server.query(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ driver: "pg", url: url.href });
  return {
    url,
    handle,
    drop: async () => {
      setDb(undefined);
      await handle.close();
      await server.query(`drop database if exists ${name} with (force)`);
      await server.end();
    },
  };
}

export async function seed(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Generated in the database: uuid v7 is not available in PostgreSQL 15, so ids are v4 here;
  // the board and search do not depend on id order.
  await client.query(`
    insert into customers (id, name, phone, language)
      select gen_random_uuid(), 'Customer ' || i, '+6012' || lpad(i::text, 7, '0'), 'en' from generate_series(1, 3000) i;
    insert into devices (id, customer_id, category, brand, model, imei)
      select gen_random_uuid(), c.id, 'phone', 'Samsung', 'Galaxy A' || (i % 90), lpad((350000000000000 + i)::text, 15, '0')
      from generate_series(1, ${TICKETS}) i
      join lateral (select id from customers order by id offset (i % 3000) limit 1) c on true;
    insert into work_tickets (id, customer_id, device_id, problem, status, approval, created_at, closed_at, close_reason, eta_ready_at)
      select gen_random_uuid(), d.customer_id, d.id, 'Screen cracked and battery drains fast, unit ' || n,
        case when n <= ${OPEN_TICKETS} then (array['NEW','IN_PROGRESS','READY'])[1 + n % 3]::work_ticket_status else 'CLOSED' end,
        case when n <= ${OPEN_TICKETS} and n % 3 = 1 then 'pending'::work_ticket_approval end,
        now() - (n || ' hours')::interval,
        case when n > ${OPEN_TICKETS} then now() - (n || ' hours')::interval + interval '2 days' end,
        case when n > ${OPEN_TICKETS} then 'picked_up'::work_ticket_close_reason end,
        now() + ((n % 72) - 24 || ' hours')::interval
      from (select id, customer_id, row_number() over () as n from devices) d;
    insert into work_ticket_events (id, ticket_id, type, note, actor_type, created_at)
      select gen_random_uuid(), t.id, 'NOTE',
        (array['replaced lcd','battery swelling','water damage on board','charging port loose','customer will collect friday'])[1 + (e % 5)] || ' ' || e,
        'user', t.created_at + (e || ' minutes')::interval
      from (select id, created_at, row_number() over () as n from work_tickets) t
      cross join generate_series(1, ${EVENTS / TICKETS}) e;
    analyze;
  `);
  await client.end();
}

export async function measureApi(options: {
  baseUrl: string;
  runs: number;
  log: (line: string) => void;
}): Promise<Figures[]> {
  const { url, handle, drop } = await benchDatabase(options.baseUrl, "wapos_bench");
  const counter = countStatements();
  try {
    options.log(`seeding ${TICKETS} tickets and ${EVENTS} events`);
    await migrate(handle);
    await seed(url.href);
    setDb(handle);
    // As a new admin would: the temporary password replaced by their own, which opens a session.
    const { user, temporaryPassword } = await User.create({
      email: "bench@example.test",
      name: "Bench",
      role: "admin",
    });
    const session = await withActor({ type: "user", properties: { userId: user.id, role: user.role } }, () =>
      Auth.changePassword(user.id, {
        current_password: temporaryPassword,
        new_password: "bench-kopi-o-kosong-tiga",
      }),
    );
    const headers = { authorization: `Bearer ${session.accessToken}` };
    const api = createApi();
    const searches = ["T-1500", "0120001234", "Customer 42", "350000000004242", "swelling", "charging port"];
    const cases: [string, (i: number) => string][] = [
      ["GET /api/auth/me (baseline)", () => "/api/auth/me"],
      ["GET /api/tickets/kanban", () => "/api/tickets/kanban"],
      [
        "GET /api/tickets/search",
        (i) => `/api/tickets/search?q=${encodeURIComponent(searches[i % searches.length]!)}`,
      ],
    ];
    const figures: Figures[] = [];
    for (const [label, path] of cases) {
      options.log(`timing ${label}`);
      for (let i = 0; i < 20; i++) await api.request(path(i), { headers });
      const times: number[] = [];
      const statements: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        counter.reset();
        const start = performance.now();
        const response = await api.request(path(i), { headers });
        await response.arrayBuffer();
        times.push(performance.now() - start);
        statements.push(counter.take());
        if (response.status !== 200) throw new Error(`${label}: ${response.status}`);
      }
      times.sort((a, b) => a - b);
      figures.push({
        label,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        statements: statements.reduce((a, b) => a + b, 0) / statements.length,
        maxStatements: Math.max(...statements),
      });
    }
    return figures;
  } finally {
    counter.restore();
    await drop();
  }
}
