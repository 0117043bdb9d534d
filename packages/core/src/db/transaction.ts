import type { SQL } from "drizzle-orm";
import { log } from "../log";
import { createContext } from "../util/context";
import { type Db, type Tx, useDb } from "./index";

type Effect = () => unknown | Promise<unknown>;

const TransactionContext = createContext<{ tx: Tx; effects: Effect[] }>("transaction");

/** Runs `cb` inside the caller's transaction when there is one, else on the plain database. */
export function useTransaction<T>(cb: (tx: Tx | Db) => Promise<T>): Promise<T> {
  const current = TransactionContext.maybe();
  return current ? cb(current.tx) : useDb().then(cb);
}

/**
 * Runs `cb` in a transaction (joining the caller's when there is one). Effects registered
 * with afterCommit run once the outermost transaction has committed, in order; if the
 * transaction rolls back they never run.
 */
export async function createTransaction<T>(cb: (tx: Tx) => Promise<T>): Promise<T> {
  const current = TransactionContext.maybe();
  if (current) return cb(current.tx);
  const effects: Effect[] = [];
  const result = await (await useDb()).transaction((tx) =>
    TransactionContext.with({ tx, effects }, () => cb(tx)),
  );
  await runEffects(effects);
  return result;
}

/** Registers work that leaves the database (a queue message, a schedule) to run after commit. */
export async function afterCommit(effect: Effect): Promise<void> {
  const current = TransactionContext.maybe();
  if (current) current.effects.push(effect);
  else await effect();
}

async function runEffects(effects: Effect[]) {
  const errors: unknown[] = [];
  for (const effect of effects) {
    try {
      await effect();
    } catch (error) {
      log.error("after-commit effect failed", error);
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, "after-commit effects failed");
}

/** Runs a raw statement in the caller's transaction and answers its rows, whichever driver ran it. */
export async function rows<T>(query: SQL): Promise<T[]> {
  const result: unknown = await useTransaction((tx) => tx.execute(query));
  // node-postgres and Neon wrap the rows in a result; PGlite answers them the same way.
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}
