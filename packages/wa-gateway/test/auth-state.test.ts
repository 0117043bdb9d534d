import { useDb } from "@wapos/core/db/index";
import { createId } from "@wapos/core/util/id";
import {
  addTransactionCapability,
  Curve,
  type KeyPair,
  makeCacheableSignalKeyStore,
  proto,
  type SignalKeyStore,
} from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { usePostgresAuthState } from "../src/baileys/auth-state";

type Logger = Parameters<typeof addTransactionCapability>[1];
const noop = () => undefined;
const logger: Logger = {
  level: "silent",
  child: () => logger,
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
};

const newSession = () => `test-${createId()}`;

/** The store as the socket sees it: Baileys' transactions over Baileys' cache over ours. */
function socketKeys(store: SignalKeyStore) {
  const cached = makeCacheableSignalKeyStore(store, logger);
  return {
    cached,
    keys: addTransactionCapability(cached, logger, { maxCommitRetries: 1, delayBetweenTriesMs: 0 }),
  };
}

/** Any value with every byte array spelled out, so equality compares bytes, not classes. */
function bytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString("hex")}`;
  if (Array.isArray(value)) return value.map(bytes);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, bytes(v)]),
    );
  return value;
}

const text = (value: string) => new Uint8Array(Buffer.from(value));

async function rawRows(session: string) {
  return (await useDb()).query.waAuthStateTable.findMany({ where: (t, { eq }) => eq(t.session, session) });
}

function preKeys(from: number, count: number): Record<string, KeyPair> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [String(from + i), Curve.generateKeyPair()]),
  );
}

describe("creds", () => {
  it("loads the creds a previous run saved, byte for byte", async () => {
    const session = newSession();
    const first = await usePostgresAuthState(session);
    const { creds } = first.state;
    Object.assign(creds, {
      me: { id: "60123456789:7@s.whatsapp.net", lid: "123456789:7@lid", name: "Shop" },
      nextPreKeyId: 813,
      firstUnuploadedPreKeyId: 813,
      signalIdentities: [
        {
          identifier: { name: "60123456789:7@s.whatsapp.net", deviceId: 0 },
          identifierKey: text("identity"),
        },
      ],
      routingInfo: Buffer.from([8, 8, 8, 1]),
      registered: true,
    });
    await first.saveCreds();

    const loaded = (await usePostgresAuthState(session)).state.creds;

    expect(bytes(loaded)).toEqual(bytes(creds));
    expect(loaded.noiseKey.private).toBeInstanceOf(Uint8Array);
    expect(Buffer.compare(loaded.signedIdentityKey.private, creds.signedIdentityKey.private)).toBe(0);
    expect(Buffer.compare(loaded.signedPreKey.signature, creds.signedPreKey.signature)).toBe(0);
    expect(Buffer.compare(loaded.routingInfo!, creds.routingInfo!)).toBe(0);
  });

  it("starts from new creds when the session has none", async () => {
    const a = await usePostgresAuthState(newSession());
    const b = await usePostgresAuthState(newSession());
    expect(a.state.creds.registered).toBe(false);
    expect(bytes(a.state.creds.noiseKey)).not.toEqual(bytes(b.state.creds.noiseKey));
  });

  it("keeps the latest creds when saves overlap", async () => {
    const session = newSession();
    const auth = await usePostgresAuthState(session);
    const saves: Promise<void>[] = [];
    for (let i = 1; i <= 25; i++) {
      auth.state.creds.accountSyncCounter = i;
      saves.push(auth.saveCreds());
      await Promise.resolve();
    }
    await Promise.all(saves);

    expect((await usePostgresAuthState(session)).state.creds.accountSyncCounter).toBe(25);
  });
});

describe("signal keys through Baileys' cache and transactions", () => {
  it("returns what a transaction set, rehydrating app-state-sync keys, and omits missing ids", async () => {
    const session = newSession();
    const { keys } = socketKeys((await usePostgresAuthState(session)).state.keys);
    const pre = preKeys(1, 3);
    const syncKey = {
      keyData: text("app-state-key-data-32-bytes-long"),
      fingerprint: { rawId: 7, currentIndex: 1, deviceIndexes: [0, 1] },
      timestamp: 1_700_000_000,
    };
    await keys.transaction(async () => {
      await keys.set({
        "pre-key": pre,
        session: { "60123456789.0": text("session record") },
        "app-state-sync-key": { AAAAAOX1: syncKey },
        "lid-mapping": { "60123456789": "123456789", "123456789_reverse": "60123456789" },
      });
    }, "test");

    const fresh = (await usePostgresAuthState(session)).state.keys;
    const gotPre = await fresh.get("pre-key", ["1", "2", "3", "404"]);
    expect(Object.keys(gotPre).sort()).toEqual(["1", "2", "3"]);
    expect(bytes(gotPre)).toEqual(bytes(pre));
    expect(bytes(await fresh.get("session", ["60123456789.0"]))).toEqual(
      bytes({ "60123456789.0": text("session record") }),
    );
    const gotSync = (await fresh.get("app-state-sync-key", ["AAAAAOX1", "missing"])).AAAAAOX1;
    expect(gotSync).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(gotSync!.keyData!).toString()).toBe("app-state-key-data-32-bytes-long");
    expect(gotSync!.fingerprint?.deviceIndexes).toEqual([0, 1]);
    expect(await fresh.get("lid-mapping", ["60123456789", "123456789_reverse", "999"])).toEqual({
      "60123456789": "123456789",
      "123456789_reverse": "60123456789",
    });
    expect(await fresh.get("session", [])).toEqual({});
  });

  it("deletes on null, and the cache in front never serves the deleted value", async () => {
    const session = newSession();
    const { keys } = socketKeys((await usePostgresAuthState(session)).state.keys);
    await keys.set({ "pre-key": preKeys(1, 2), session: { "a.0": text("a"), "b.0": text("b") } });
    // Reads fill Baileys' cache first, so a stale entry would show.
    expect(Object.keys(await keys.get("pre-key", ["1", "2"]))).toHaveLength(2);
    expect(Object.keys(await keys.get("session", ["a.0", "b.0"]))).toHaveLength(2);

    await keys.set({ "pre-key": { "1": null }, session: { "a.0": null } });
    await keys.transaction(async () => {
      await keys.get("pre-key", ["2"]);
      await keys.set({ "pre-key": { "2": null } });
    }, "test");

    const cached = { ...(await keys.get("pre-key", ["1", "2"])), ...(await keys.get("session", ["a.0"])) };
    expect(Object.values(cached).filter(Boolean)).toEqual([]);
    const fresh = (await usePostgresAuthState(session)).state.keys;
    expect(await fresh.get("pre-key", ["1", "2"])).toEqual({});
    expect(Object.keys(await fresh.get("session", ["a.0", "b.0"]))).toEqual(["b.0"]);
  });

  it("clears the keys but keeps the creds when Baileys' cache is cleared", async () => {
    const session = newSession();
    const auth = await usePostgresAuthState(session);
    await auth.saveCreds();
    const { cached } = socketKeys(auth.state.keys);
    await cached.set({ session: { "a.0": text("a") } });
    expect(Object.keys(await cached.get("session", ["a.0"]))).toEqual(["a.0"]);

    await cached.clear!();

    expect(await cached.get("session", ["a.0"])).toEqual({});
    expect((await rawRows(session)).map((row) => row.type)).toEqual(["creds"]);
  });
});

describe("an 812 pre-key write", () => {
  it("is stored whole", async () => {
    const session = newSession();
    const { keys } = socketKeys((await usePostgresAuthState(session)).state.keys);
    const pre = preKeys(1, 812);
    await keys.transaction(async () => {
      await keys.set({ "pre-key": pre });
    }, "upload-pre-keys");

    const ids = Object.keys(pre);
    const got = await (await usePostgresAuthState(session)).state.keys.get("pre-key", ids);
    expect(Object.keys(got)).toHaveLength(812);
    expect(bytes(got)).toEqual(bytes(pre));
  });

  it("leaves nothing of itself behind when one row is refused", async () => {
    const session = newSession();
    const { keys } = socketKeys((await usePostgresAuthState(session)).state.keys);
    await keys.set({ "pre-key": { "900": Curve.generateKeyPair() } });

    // PostgreSQL refuses text with a NUL byte. The session row comes after the 812 pre-key
    // upserts and the delete of pre-key 900, so the failure lands once they have run.
    const failed = keys.transaction(async () => {
      await keys.get("pre-key", ["900"]);
      await keys.set({
        "pre-key": { ...preKeys(1, 812), "900": null },
        session: { "bad\u0000id": text("never stored") },
      });
    }, "upload-pre-keys");
    await expect(failed).rejects.toMatchObject({ code: "22021" });

    const fresh = (await usePostgresAuthState(session)).state.keys;
    const ids = Array.from({ length: 812 }, (_, i) => String(i + 1));
    expect(await fresh.get("pre-key", ids)).toEqual({});
    expect(Object.keys(await fresh.get("pre-key", ["900"]))).toEqual(["900"]);
    expect((await rawRows(session)).map((row) => `${row.type}/${row.id}`)).toEqual(["pre-key/900"]);
  });
});

it("loses no write when two stores write overlapping keys at once", async () => {
  const session = newSession();
  const stores = [
    (await usePostgresAuthState(session)).state.keys,
    (await usePostgresAuthState(session)).state.keys,
  ];
  const WRITERS = 16;
  const STEPS = 5;
  const shared = Array.from({ length: 8 }, (_, i) => `shared-${i}.0`);
  const own = (w: number) => Array.from({ length: 4 }, (_, i) => `own-${w}-${i}.0`);
  const value = (w: number, step: number) => text(`${w}:${step}`);

  // Each writer writes its own ids and the shared ones (in one order or the other), one step
  // after another, and deletes one of its own ids at its last step; writers on both stores
  // run at the same time.
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const store = stores[w % 2]!;
      for (let step = 0; step < STEPS; step++) {
        const last = step === STEPS - 1;
        const ids = [...own(w), ...(w % 2 ? shared : [...shared].reverse())];
        await store.set({
          session: Object.fromEntries(ids.map((id, i) => [id, last && i === 0 ? null : value(w, step)])),
        });
      }
    }),
  );

  const fresh = (await usePostgresAuthState(session)).state.keys;
  for (let w = 0; w < WRITERS; w++) {
    const [deleted, ...kept] = own(w);
    const got = await fresh.get("session", own(w));
    expect(got).not.toHaveProperty(deleted!);
    expect(bytes(got)).toEqual(bytes(Object.fromEntries(kept.map((id) => [id, value(w, STEPS - 1)]))));
  }
  // Each set is atomic, so the shared ids all hold one writer's value, from its last step.
  const sharedValues = new Set(Object.values(bytes(await fresh.get("session", shared)) as object));
  expect(sharedValues.size).toBe(1);
  const finals = Array.from({ length: WRITERS }, (_, w) => bytes(value(w, STEPS - 1)));
  expect(finals).toContain([...sharedValues][0]);
  expect(await rawRows(session)).toHaveLength(WRITERS * 3 + shared.length);
});

it("keeps creds and keys encrypted at rest", async () => {
  const session = newSession();
  const auth = await usePostgresAuthState(session);
  await auth.saveCreds();
  const pair = Curve.generateKeyPair();
  await auth.state.keys.set({ "pre-key": { "1": pair } });

  const rows = await rawRows(session);
  expect(rows).toHaveLength(2);
  const secrets = [
    auth.state.creds.noiseKey.private,
    auth.state.creds.signedIdentityKey.private,
    pair.private,
  ];
  for (const row of rows) {
    expect(Object.keys(row.value).sort()).toEqual(["data", "iv", "tag", "v"]);
    const stored = JSON.stringify(row.value);
    const ciphertext = Buffer.from(row.value.data!, "base64");
    for (const secret of secrets) {
      const plain = Buffer.from(secret);
      expect(stored).not.toContain(plain.toString("base64"));
      expect(stored).not.toContain(plain.toString("hex"));
      expect(ciphertext.includes(plain)).toBe(false);
    }
    expect(stored).not.toContain("Buffer");
  }
});

it("clears one session's creds and keys and leaves another's", async () => {
  const [a, b] = [newSession(), newSession()];
  const authA = await usePostgresAuthState(a);
  const authB = await usePostgresAuthState(b);
  for (const auth of [authA, authB]) {
    await auth.saveCreds();
    await auth.state.keys.set({ "pre-key": preKeys(1, 3), session: { "x.0": text("x") } });
  }

  await authA.clear();
  // A logged-out socket may still be finishing writes; none of them may bring the creds back.
  await authA.saveCreds();
  await authA.state.keys.set({ session: { "late.0": text("late") } });

  expect(await rawRows(a)).toEqual([]);
  const reloadedA = await usePostgresAuthState(a);
  expect(bytes(reloadedA.state.creds.noiseKey)).not.toEqual(bytes(authA.state.creds.noiseKey));
  expect(await reloadedA.state.keys.get("pre-key", ["1"])).toEqual({});
  expect(await rawRows(b)).toHaveLength(5);
  const reloadedB = await usePostgresAuthState(b);
  expect(bytes(reloadedB.state.creds)).toEqual(bytes(authB.state.creds));
  expect(Object.keys(await reloadedB.state.keys.get("pre-key", ["1", "2", "3"]))).toHaveLength(3);
});
