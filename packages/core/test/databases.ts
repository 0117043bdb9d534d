import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { WebSocketServer } from "ws";
import { createDb, type DbHandle, setDb, useDbHandle } from "../src/db/index";
import { migrate } from "../src/db/migrate";
import { createId } from "../src/util/id";

/** The server the test database lives on, with the database name swapped. */
export function serverUrl(databaseUrl: string, database: string) {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.href;
}

/** A new, empty database on the test server; `drop` removes it. */
export async function createEmptyDatabase(databaseUrl: string) {
  const name = `wapos_empty_${createId().replaceAll("-", "").slice(-16)}`;
  const admin = new pg.Client({ connectionString: serverUrl(databaseUrl, "postgres") });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: serverUrl(databaseUrl, name),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl(databaseUrl, "postgres") });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * What Neon's edge does in front of Postgres, reduced to the part the serverless driver
 * needs: each WebSocket carries one Postgres connection to `?address=host:port`.
 * Counts connections so a test can prove the traffic went through it.
 */
export function startWebSocketProxy() {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  let connections = 0;
  server.on("connection", (socket, request) => {
    connections++;
    const address = new URL(request.url ?? "/", "http://proxy").searchParams.get("address") ?? "";
    const [host, port] = address.split(":");
    const upstream = net.connect(Number(port), host);
    const early: Buffer[] = [];
    upstream.on("connect", () => {
      for (const chunk of early.splice(0)) upstream.write(chunk);
    });
    socket.on("message", (data: Buffer) => {
      if (upstream.connecting) early.push(data);
      else upstream.write(data);
    });
    upstream.on("data", (data) => socket.send(data));
    upstream.on("close", () => socket.close());
    upstream.on("error", () => socket.close());
    socket.on("close", () => upstream.destroy());
  });
  return new Promise<{ address: string; connections: () => number; close: () => Promise<void> }>(
    (resolve) => {
      server.on("listening", () => {
        const { port } = server.address() as net.AddressInfo;
        resolve({
          address: `127.0.0.1:${port}`,
          connections: () => connections,
          close: () =>
            new Promise((done) => {
              for (const client of server.clients) client.terminate();
              server.close(() => done());
            }),
        });
      });
    },
  );
}

/**
 * Gives the calling test file a database of its own, for tests of shop-wide state (settings,
 * the schedules table, "the last admin") that other files running at the same time would
 * disturb. Call at the top level of a test file.
 */
export function useIsolatedDatabase() {
  let empty: Awaited<ReturnType<typeof createEmptyDatabase>> | undefined;
  let handle: DbHandle | undefined;
  let previous: DbHandle | undefined;
  beforeAll(async () => {
    empty = await createEmptyDatabase(inject("databaseUrl"));
    handle = await createDb({ driver: "pg", url: empty.url });
    await migrate(handle);
    previous = await useDbHandle();
    setDb(handle);
  });
  afterAll(async () => {
    setDb(previous);
    await handle?.close();
    await empty?.drop();
  });
}
