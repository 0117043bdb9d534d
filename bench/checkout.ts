/**
 * The counter's checkout at the API, on real PostgreSQL: SQL statements per checkout (each one
 * a round trip to the database, BEGIN and COMMIT included) and p50/p95 at 1 and 20 concurrent
 * clients, against GET /api/auth/me (authentication alone) measured the same way in the same run.
 */
import pg from "pg";
import { withActor } from "../packages/core/src/actor";
import { Auth } from "../packages/core/src/auth/index";
import { setDb } from "../packages/core/src/db/index";
import { migrate } from "../packages/core/src/db/migrate";
import { User } from "../packages/core/src/user/index";
import { createApi } from "../packages/functions/src/api/index";
import { benchDatabase } from "./api";

export const PRODUCTS = 1_000;
/** Targets from the POS issue. */
export const CHECKOUT_P95_MS = 100;
export const CHECKOUT_ROUND_TRIPS = 3;

export type CheckoutFigures = {
  label: string;
  clients: number;
  requests: number;
  p50: number;
  p95: number;
  statements: number;
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function measureCheckout(options: {
  baseUrl: string;
  runs: number;
  log: (line: string) => void;
}): Promise<CheckoutFigures[]> {
  const { url, handle, drop } = await benchDatabase(options.baseUrl, "wapos_bench_pos");
  let statements = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    options.log(`seeding ${PRODUCTS} products`);
    await migrate(handle);
    const seed = new pg.Client({ connectionString: url.href });
    await seed.connect();
    const { rows: products } = await seed
      .query(`
      insert into products (id, sku, barcode, name, price, cost, stock_qty)
        select gen_random_uuid(), 'SKU-' || i, lpad(i::text, 13, '0'), 'Screen protector ' || i,
          ((5 + i % 50) || '.90')::numeric, ((2 + i % 20) || '.00')::numeric, 1000000
        from generate_series(1, ${PRODUCTS}) i;
      insert into inventory_moves (id, product_id, qty, reason)
        select gen_random_uuid(), id, stock_qty, 'purchase' from products;
      analyze;
    `)
      .then(() => seed.query<{ id: string }>("select id from products order by sku limit 200"))
      .finally(() => seed.end());
    setDb(handle);
    const { user, temporaryPassword } = await User.create({
      email: "counter@example.test",
      name: "Counter",
      role: "cashier",
    });
    const session = await withActor({ type: "user", properties: { userId: user.id, role: user.role } }, () =>
      Auth.changePassword(user.id, {
        current_password: temporaryPassword,
        new_password: "bench-teh-tarik-kurang-manis",
      }),
    );
    const headers = { authorization: `Bearer ${session.accessToken}`, "content-type": "application/json" };
    const api = createApi();
    let n = 0;
    const checkout = () => {
      n++;
      return api.request("/api/checkout", {
        method: "POST",
        headers,
        body: JSON.stringify({
          items: [
            { product_id: products[n % products.length]!.id, qty: 1 },
            { product_id: products[(n * 7) % products.length]!.id, qty: 2 },
          ],
          payments: [{ method: "cash", amount: "500.00" }],
          idempotency_key: `bench-${n}-${Date.now()}`,
        }),
      });
    };
    const me = () => api.request("/api/auth/me", { headers });
    const cases: [string, () => Response | Promise<Response>, number][] = [
      ["GET /api/auth/me (baseline)", me, 200],
      ["POST /api/checkout", checkout, 201],
    ];
    const figures: CheckoutFigures[] = [];
    for (const clients of [1, 20])
      for (const [label, call, status] of cases) {
        options.log(`timing ${label} with ${clients} client(s)`);
        for (let i = 0; i < 10; i++) await (await call()).arrayBuffer();
        const times: number[] = [];
        statements = 0;
        const perClient = Math.ceil(options.runs / clients);
        await Promise.all(
          Array.from({ length: clients }, async () => {
            for (let i = 0; i < perClient; i++) {
              const start = performance.now();
              const response = await call();
              await response.arrayBuffer();
              times.push(performance.now() - start);
              if (response.status !== status) throw new Error(`${label}: ${response.status}`);
            }
          }),
        );
        times.sort((a, b) => a - b);
        figures.push({
          label,
          clients,
          requests: times.length,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          statements: statements / times.length,
        });
      }
    return figures;
  } finally {
    pg.Client.prototype.query = original;
    await drop();
  }
}

export function printCheckout(figures: CheckoutFigures[], print: (line: string) => void) {
  print(
    `\nCheckout at the API: ${PRODUCTS} products, real PostgreSQL, in-process requests, 2 lines and cash per sale`,
  );
  print(
    "(baseline: GET /api/auth/me at the same concurrency; statements counted at node-postgres, BEGIN/COMMIT included)\n",
  );
  const rows = [
    ["request", "clients", "requests", "p50 ms", "p95 ms", "x baseline", "statements", "verdict"],
    ...figures.map((f) => {
      const baseline = figures.find((b) => b.clients === f.clients && b.label.includes("baseline"))!;
      const isBaseline = f === baseline;
      const pass = f.p95 <= CHECKOUT_P95_MS && f.statements <= CHECKOUT_ROUND_TRIPS;
      return [
        f.label,
        String(f.clients),
        String(f.requests),
        f.p50.toFixed(1),
        f.p95.toFixed(1),
        `${(f.p50 / baseline.p50).toFixed(1)}x`,
        f.statements.toFixed(1),
        isBaseline ? "-" : pass ? "PASS" : "FAIL",
      ];
    }),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [n, r] of rows.entries()) {
    print(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
    if (n === 0) print(widths.map((w) => "-".repeat(w)).join("  "));
  }
  print(
    `Targets: checkout p95 <= ${CHECKOUT_P95_MS} ms; <= ${CHECKOUT_ROUND_TRIPS} SQL round trips per checkout.`,
  );
}
