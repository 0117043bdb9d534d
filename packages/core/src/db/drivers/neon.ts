import { neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import { log } from "../../log";
import type { Db, DbHandle } from "../index";
import * as schema from "../schema";

/** Neon's serverless driver: PostgreSQL over a WebSocket, what Lambda uses in production. */
export async function open(config: { driver: "neon"; url: string; wsProxy?: string }): Promise<DbHandle> {
  // Node 22 has a global WebSocket; Node 20 (local runs) needs the `ws` package.
  neonConfig.webSocketConstructor = globalThis.WebSocket ?? (await import("ws")).default;
  if (config.wsProxy) {
    const proxy = config.wsProxy;
    neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    // The default pipelining sends the password before the server asks for it, which a
    // trust-auth server rejects ("invalid frontend message type 112").
    neonConfig.pipelineConnect = false;
  }
  const client = new Pool({ connectionString: config.url });
  // An idle pooled connection the server ends (a restart, a failover, a dropped database) is
  // an 'error' on the pool; unheard, it would crash the process. The pool replaces it.
  client.on("error", (error: Error) =>
    log.warn("an idle database connection was closed by the server", { error: error.message }),
  );
  return { db: drizzle({ client, schema }) as unknown as Db, config, close: () => client.end() };
}
