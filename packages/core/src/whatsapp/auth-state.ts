import { and, DrizzleQueryError, eq, inArray, ne, sql } from "drizzle-orm";
import type { Tx } from "../db/index";
import { createTransaction, useTransaction } from "../db/transaction";
import { open, seal } from "../settings/crypto";
import { waAuthStateTable } from "./whatsapp.sql";

export * as AuthState from "./auth-state";

/**
 * The WhatsApp session's auth state as opaque text: the gateway serializes Baileys' creds and
 * signal keys, this module seals each value (AES-256-GCM under SETTINGS_KEY) and keeps it in
 * wa_auth_state. The creds are the account: whoever reads them can act as the shop's number.
 */

/** The row holding the creds; signal keys use their Baileys type ("pre-key", "session", …). */
export const CREDS_TYPE = "creds";
const CREDS_ID = "";

/** One value to write; null deletes the row. */
export type Row = { type: string; id: string; value: string | null };

/** Rows per statement: 812 pre-keys at first login become two inserts, not 812. */
const BATCH = 500;

/** The stored values of `ids` (of one type); ids without a row are absent from the map. */
export async function read(session: string, type: string, ids: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (ids.length === 0) return found;
  await useTransaction(async (tx) => {
    for (const part of chunks([...new Set(ids)], BATCH)) {
      const rows = await tx
        .select({ id: waAuthStateTable.id, value: waAuthStateTable.value })
        .from(waAuthStateTable)
        .where(
          and(
            eq(waAuthStateTable.session, session),
            eq(waAuthStateTable.type, type),
            inArray(waAuthStateTable.id, part),
          ),
        );
      for (const row of rows) found.set(row.id, open(row.value));
    }
  }).catch(withoutParams);
  return found;
}

/**
 * Writes all `rows` in one transaction: every upsert and delete lands, or none does (a lost
 * key write shows up later as "Bad MAC" on the customer's phone). When a (type, id) appears
 * twice the last one wins.
 */
export async function write(session: string, rows: Row[]): Promise<void> {
  const byType = new Map<string, Map<string, string | null>>();
  for (const row of rows) {
    const values = byType.get(row.type) ?? new Map<string, string | null>();
    values.set(row.id, row.value);
    byType.set(row.type, values);
  }
  if (byType.size === 0) return;
  await createTransaction(async (tx) => {
    await lockSession(tx, session);
    for (const [type, values] of byType) {
      const upserts: (typeof waAuthStateTable.$inferInsert)[] = [];
      const deletes: string[] = [];
      for (const [id, value] of values) {
        if (value === null) deletes.push(id);
        else upserts.push({ session, type, id, value: seal(value) });
      }
      for (const part of chunks(upserts, BATCH)) {
        await tx
          .insert(waAuthStateTable)
          .values(part)
          .onConflictDoUpdate({
            target: [waAuthStateTable.session, waAuthStateTable.type, waAuthStateTable.id],
            set: { value: sql`excluded.value`, updated_at: sql`now()` },
          });
      }
      for (const part of chunks(deletes, BATCH)) {
        await tx
          .delete(waAuthStateTable)
          .where(
            and(
              eq(waAuthStateTable.session, session),
              eq(waAuthStateTable.type, type),
              inArray(waAuthStateTable.id, part),
            ),
          );
      }
    }
  }).catch(withoutParams);
}

export async function readCreds(session: string): Promise<string | undefined> {
  return (await read(session, CREDS_TYPE, [CREDS_ID])).get(CREDS_ID);
}

export async function writeCreds(session: string, value: string): Promise<void> {
  await write(session, [{ type: CREDS_TYPE, id: CREDS_ID, value }]);
}

/**
 * Removes the session's creds and keys ("all", after WhatsApp logged the number out) or only
 * its signal keys ("keys"). Other sessions' rows are untouched.
 */
export async function clear(session: string, scope: "all" | "keys" = "all"): Promise<void> {
  await createTransaction(async (tx) => {
    await lockSession(tx, session);
    await tx
      .delete(waAuthStateTable)
      .where(
        and(
          eq(waAuthStateTable.session, session),
          scope === "keys" ? ne(waAuthStateTable.type, CREDS_TYPE) : undefined,
        ),
      );
  });
}

/**
 * Writers of one session take turns until commit: two transactions upserting and deleting
 * overlapping keys in different orders would otherwise deadlock each other.
 */
async function lockSession(tx: Tx, session: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`wa_auth_state:${session}`}, 0))`);
}

/**
 * The driver's own error, with its code. Drizzle's wrapper lists every parameter: key ids are
 * phone numbers and JIDs, and an 812-row write would make one huge log line.
 */
function withoutParams(error: unknown): never {
  throw error instanceof DrizzleQueryError && error.cause ? error.cause : error;
}

function chunks<T>(items: T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}
