import { inArray } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import { createTransaction, useTransaction } from "../db/transaction";
import { log, useUnitOfWork } from "../log";
import { fn } from "../util/fn";
import { open, type Sealed, seal } from "./crypto";
import { SECTION_NAMES, SECTIONS, SecretView, type SectionName, Update } from "./schema";
import { settingTable } from "./settings.sql";

export * as Settings from "./index";
export { SECTION_NAMES, SECTIONS, type SectionName, Update } from "./schema";

type StoredSecret = { sealed: Sealed; last4: string };
const secretKey = (section: string, field: string) => `${section}.${field}`;
const secretFields = (section: SectionName): readonly string[] => SECTIONS[section].secrets;

/** The API shape of every section: values as stored, secrets as {set, last4} only. */
export const View = z.object(
  Object.fromEntries(
    SECTION_NAMES.map((name) => {
      const shape = { ...SECTIONS[name].write.shape } as Record<string, z.ZodType>;
      for (const field of secretFields(name)) shape[field] = SecretView;
      return [name, z.object(shape)];
    }),
  ) as { [K in SectionName]: z.ZodObject },
);

async function loadRows() {
  return useTransaction((tx) => tx.select().from(settingTable));
}

/** A section as code reads it: its fields typed, secrets as {set, last4} only. */
export type Section<N extends SectionName> = Omit<
  z.output<(typeof SECTIONS)[N]["write"]>,
  (typeof SECTIONS)[N]["secrets"][number]
> & { [K in (typeof SECTIONS)[N]["secrets"][number]]: SecretView };
type Sections = { [N in SectionName]: Section<N> };

/** Settings read once per unit of work (request, queue message): a list never re-reads them per row. */
const readOnce = new WeakMap<object, Promise<Loaded>>();

/** The stored rows over the defaults, and each section typed on first use. */
type Loaded = { view: Record<SectionName, Record<string, unknown>>; typed: Map<SectionName, unknown> };

function load(): Promise<Loaded> {
  const unit = useUnitOfWork();
  const cached = unit && readOnce.get(unit);
  if (cached) return cached;
  const loading = loadRows().then((rows) => ({ view: viewOf(rows), typed: new Map() }));
  if (unit) readOnce.set(unit, loading);
  return loading;
}

/**
 * What a section is read with: its write schema less its secrets. Made once per process, on
 * first use: building a zod schema is far dearer than parsing with one.
 */
const readSchemas = new Map<SectionName, z.ZodObject>();
function readSchema(name: SectionName): z.ZodObject {
  let schema = readSchemas.get(name);
  if (!schema) {
    const secrets = new Set(secretFields(name));
    const write: z.ZodObject = SECTIONS[name].write;
    schema = z.object(Object.fromEntries(Object.entries(write.shape).filter(([f]) => !secrets.has(f))));
    readSchemas.set(name, schema);
  }
  return schema;
}

/** Stored values over the defaults, checked against today's schema (a value saved by an older
 * version that no longer fits keeps its stored form, with a warning, rather than failing reads). */
function typed<N extends SectionName>(loaded: Loaded, name: N): Section<N> {
  let section = loaded.typed.get(name);
  if (!section) {
    section = loaded.view[name];
    const parsed = readSchema(name).safeParse(section);
    if (parsed.success) Object.assign(section as object, parsed.data);
    else log.warn("a stored settings section does not fit its schema", { section: name });
    loaded.typed.set(name, section);
  }
  return section as Section<N>;
}

/** One typed section, read with all the others once per unit of work. */
export async function section<N extends SectionName>(name: N): Promise<Section<N>> {
  return typed(await load(), name);
}

function viewOf(rows: Awaited<ReturnType<typeof loadRows>>) {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return Object.fromEntries(
    SECTION_NAMES.map((name) => {
      const stored = (byKey.get(name)?.value ?? {}) as Record<string, unknown>;
      const section: Record<string, unknown> = { ...SECTIONS[name].defaults, ...stored };
      for (const field of secretFields(name)) {
        const secret = byKey.get(secretKey(name, field))?.value as StoredSecret | undefined;
        section[field] = { set: Boolean(secret), last4: secret?.last4 ?? null };
      }
      return [name, section];
    }),
  ) as Record<SectionName, Record<string, unknown>>;
}

/** Every section, typed, with defaults for what was never saved. Secret values are never included. */
export async function get(): Promise<Sections> {
  const loaded = await load();
  return Object.fromEntries(SECTION_NAMES.map((name) => [name, typed(loaded, name)])) as unknown as Sections;
}

/**
 * Saves whole sections. A secret field takes a new value, null to clear it, or is left out
 * to keep it; values are stored encrypted. Each changed section is audited with a diff in
 * which secrets show only that they changed.
 */
export const update = fn(Update, (parsed) =>
  createTransaction(async (tx) => {
    const before = viewOf(await loadRows());
    for (const name of SECTION_NAMES) {
      const value = parsed[name] as Record<string, unknown> | undefined;
      if (!value) continue;
      const secrets = secretFields(name);
      const plain = Object.fromEntries(Object.entries(value).filter(([field]) => !secrets.includes(field)));
      await tx
        .insert(settingTable)
        .values({ key: name, value: plain })
        .onConflictDoUpdate({ target: settingTable.key, set: { value: plain } });
      const after: Record<string, unknown> = { ...plain };
      for (const field of secrets) {
        const given = value[field] as string | null | undefined;
        after[field] = before[name][field];
        if (given === undefined) continue;
        const key = secretKey(name, field);
        if (given === null) {
          await tx.delete(settingTable).where(inArray(settingTable.key, [key]));
          after[field] = { set: false, last4: null };
          continue;
        }
        const stored: StoredSecret = { sealed: seal(given), last4: given.slice(-4) };
        await tx
          .insert(settingTable)
          .values({ key, value: stored, is_secret: true })
          .onConflictDoUpdate({ target: settingTable.key, set: { value: stored } });
        after[field] = { set: true, last4: stored.last4, changed: true };
      }
      const diff = Audit.diffOf(before[name], after, secrets);
      if (Object.keys(diff).length)
        await Audit.record({ entity: "settings", entity_id: name, action: "update", diff });
    }
    const unit = useUnitOfWork();
    if (unit) readOnce.delete(unit);
    return get();
  }),
);

/** A secret's value, for the code that uses it (OpenAI, MyInvois). Never log or return it. */
export async function secret(section: SectionName, field: string): Promise<string | undefined> {
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(settingTable)
      .where(inArray(settingTable.key, [secretKey(section, field)])),
  );
  const stored = rows[0]?.value as StoredSecret | undefined;
  return stored ? open(stored.sealed) : undefined;
}
