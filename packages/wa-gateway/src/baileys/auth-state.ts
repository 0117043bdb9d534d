import { AuthState } from "@wapos/core/whatsapp/auth-state";
import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  initAuthCreds,
  proto,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from "@whiskeysockets/baileys";

export type PostgresAuthState = {
  state: AuthenticationState;
  /** Persists the whole of `state.creds`; call on every `creds.update` and await it. */
  saveCreds: () => Promise<void>;
  /** Deletes this session's creds and keys (after a 401 logged-out); the store then writes nothing more. */
  clear: () => Promise<void>;
};

const encode = (value: unknown) => JSON.stringify(value, BufferJSON.replacer);
const decode = (text: string): unknown => JSON.parse(text, BufferJSON.reviver);

/**
 * The Baileys auth state of `session`, kept in PostgreSQL (sealed) and never on disk. Each
 * `keys.set` is one database transaction, so a Baileys key transaction (812 pre-keys at first
 * login) is written whole or not at all. Wrap `state.keys` in makeCacheableSignalKeyStore at
 * the socket; after clear(), build a new socket on a new auth state, since that cache still
 * holds the old keys.
 */
export async function usePostgresAuthState(session: string): Promise<PostgresAuthState> {
  const stored = await AuthState.readCreds(session);
  const creds = stored ? (decode(stored) as AuthenticationCreds) : initAuthCreds();
  // A socket that was logged out can still be finishing writes; none may land after clear().
  let cleared = false;
  const pending = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>) => {
    pending.add(work);
    return work.finally(() => pending.delete(work));
  };
  let saving: Promise<void> = Promise.resolve();
  // Saves run one after another, each writing creds as they are when its turn comes.
  const serialize = (work: () => Promise<void>) => {
    const next = saving.then(work);
    // This call's caller gets the failure; the queue must go on for the next save.
    saving = next.catch(() => undefined);
    return next;
  };

  const keys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const result: { [id: string]: SignalDataTypeMap[T] } = {};
      if (cleared) return result;
      for (const [id, text] of await AuthState.read(session, type, ids)) {
        const value = decode(text);
        result[id] = (
          type === "app-state-sync-key"
            ? proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>)
            : value
        ) as SignalDataTypeMap[T];
      }
      return result;
    },
    async set(data) {
      if (cleared) return;
      const rows: AuthState.Row[] = [];
      for (const [type, values] of Object.entries(data)) {
        for (const [id, value] of Object.entries(values ?? {})) {
          rows.push({ type, id, value: value ? encode(value) : null });
        }
      }
      await track(AuthState.write(session, rows));
    },
    async clear() {
      await track(AuthState.clear(session, "keys"));
    },
  };

  return {
    state: { creds, keys },
    saveCreds: () =>
      serialize(async () => {
        if (!cleared) await track(AuthState.writeCreds(session, encode(creds)));
      }),
    clear: async () => {
      cleared = true;
      await Promise.allSettled([saving, ...pending]);
      await AuthState.clear(session, "all");
    },
  };
}
