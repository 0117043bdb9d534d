import { desc, eq } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import { createTransaction, useTransaction } from "../db/transaction";
import { Settings } from "../settings/index";
import { Template } from "../template/index";
import { fn } from "../util/fn";
import { type Issue, inputError } from "../util/issues";
import { intakeFormVersionTable } from "./intake.sql";

const Bilingual = z.object({
  en: z.string().trim().min(1).max(2000),
  ms: z.string().trim().min(1).max(2000),
});
const Toggle = z.object({ enabled: z.boolean(), required: z.boolean() });

/** The optional fields a shop may ask for; the core ones (name, phone, device, problem) are always asked. */
export const OPTIONAL_FIELDS = [
  "email",
  "address",
  "serial",
  "imei",
  "accessories",
  "condition",
  "passcode",
  "photos",
] as const;
export type OptionalField = (typeof OPTIONAL_FIELDS)[number];
export const MAX_PHOTOS = 5;

export const CustomField = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "Lower-case letters, digits and _"),
  label: Bilingual,
  kind: z.enum(["text", "textarea", "select", "checkbox"]),
  required: z.boolean(),
  options: z
    .array(z.object({ value: z.string().min(1).max(60), label: Bilingual }))
    .max(30)
    .optional(),
});

export const Definition = z.object({
  optional_fields: z.object(
    Object.fromEntries(OPTIONAL_FIELDS.map((f) => [f, Toggle])) as Record<OptionalField, typeof Toggle>,
  ),
  custom_fields: z.array(CustomField).max(20),
  /**
   * The WhatsApp opt-in text: PDPA wants the customer told who will message them and how.
   * `{shop_name}` is filled in from settings when the form is shown.
   */
  consent_text: Bilingual,
  terms_text: Bilingual,
});
export type Definition = z.infer<typeof Definition>;

/** The placeholder the consent and terms texts name the shop with, filled in when the form is shown. */
export const SHOP_NAME = "{shop_name}";

// The consent says what opting out means, in the words of the one rule (docs/security.md,
// "WhatsApp consent"): STOP ends every WhatsApp message, and the shop phones about the repair.
export const DEFAULT_DEFINITION = (): Definition => ({
  optional_fields: {
    email: { enabled: true, required: false },
    address: { enabled: false, required: false },
    serial: { enabled: true, required: false },
    imei: { enabled: true, required: false },
    accessories: { enabled: true, required: false },
    condition: { enabled: true, required: false },
    passcode: { enabled: true, required: false },
    photos: { enabled: true, required: false },
  },
  custom_fields: [],
  consent_text: {
    en: `Yes, ${SHOP_NAME} may send me updates about my repair on WhatsApp. I can reply STOP at any time to stop all WhatsApp messages from ${SHOP_NAME}; they will phone me about my repair instead.`,
    ms: `Ya, ${SHOP_NAME} boleh menghantar kemas kini tentang pembaikan saya melalui WhatsApp. Saya boleh membalas BERHENTI pada bila-bila masa untuk menghentikan semua mesej WhatsApp daripada ${SHOP_NAME}; mereka akan menelefon saya tentang pembaikan saya.`,
  },
  terms_text: {
    en: "I agree to the repair terms: the shop is not responsible for data loss; devices not collected within 60 days may be disposed of after notice.",
    ms: "Saya bersetuju dengan terma pembaikan: kedai tidak bertanggungjawab atas kehilangan data; peranti yang tidak diambil dalam 60 hari boleh dilupuskan selepas notis.",
  },
});

export type Version = { version: number; definition: Definition; created_at: string };

/** The form customers answer now: the newest published version, or version 1 made from defaults. */
export async function current(): Promise<Version> {
  const [row] = await useTransaction((tx) =>
    tx.select().from(intakeFormVersionTable).orderBy(desc(intakeFormVersionTable.version)).limit(1),
  );
  if (row)
    return {
      version: row.version,
      definition: Definition.parse(row.definition),
      created_at: row.created_at.toISOString(),
    };
  // Two customers opening the form on a fresh install race to make version 1; the loser reads it.
  return publish.force(DEFAULT_DEFINITION()).catch(async (error: unknown) => {
    const [made] = await useTransaction((tx) => tx.select().from(intakeFormVersionTable).limit(1));
    if (!made) throw error;
    return {
      version: made.version,
      definition: Definition.parse(made.definition),
      created_at: made.created_at.toISOString(),
    };
  });
}

/** A version customers may still be answering (the page could have loaded before a newer one). */
export async function byVersion(version: number): Promise<Version | undefined> {
  const [row] = await useTransaction((tx) =>
    tx.select().from(intakeFormVersionTable).where(eq(intakeFormVersionTable.version, version)),
  );
  return row
    ? {
        version: row.version,
        definition: Definition.parse(row.definition),
        created_at: row.created_at.toISOString(),
      }
    : undefined;
}

/**
 * The texts as a customer sees them: {shop_name} filled in from settings now. What is shown
 * is what is kept as the consent's evidence, so the intake re-renders it with the same name.
 */
export function rendered(definition: Definition, shopName: string): Definition {
  const render = (text: { en: string; ms: string }) => ({
    en: Template.fill(text.en, { shop_name: shopName }),
    ms: Template.fill(text.ms, { shop_name: shopName }),
  });
  return {
    ...definition,
    consent_text: render(definition.consent_text),
    terms_text: render(definition.terms_text),
  };
}

/**
 * Publishes a new version. The consent text must name the shop ({shop_name}, or the name
 * itself) and say the messages come on WhatsApp, in both languages, or the opt-in would not
 * be informed.
 */
export const publish = fn(Definition, async (definition) => {
  const shopName = (await Settings.section("shop")).name;
  const issues: Issue[] = [];
  for (const language of ["en", "ms"] as const) {
    const text = definition.consent_text[language];
    if (!text.includes(SHOP_NAME) && !text.toLowerCase().includes(shopName.toLowerCase()))
      issues.push({ path: ["consent_text", language], message: `Name the shop (${SHOP_NAME})` });
    if (!/whatsapp/i.test(text))
      issues.push({ path: ["consent_text", language], message: "Say that messages come on WhatsApp" });
  }
  const keys = definition.custom_fields.map((f) => f.key);
  keys.forEach((key, index) => {
    if (keys.indexOf(key) !== index)
      issues.push({ path: ["custom_fields", index, "key"], message: "Used twice" });
  });
  if (issues.length) throw inputError(issues);
  return createTransaction(async (tx) => {
    const [latest] = await tx
      .select({ version: intakeFormVersionTable.version })
      .from(intakeFormVersionTable)
      .orderBy(desc(intakeFormVersionTable.version))
      .limit(1)
      .for("update");
    const version = (latest?.version ?? 0) + 1;
    const [row] = await tx.insert(intakeFormVersionTable).values({ version, definition }).returning();
    await Audit.record({ entity: "intake_form", entity_id: String(version), action: "publish" });
    return { version, definition, created_at: row!.created_at.toISOString() };
  });
});
