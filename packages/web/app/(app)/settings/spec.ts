import type { GetSettingsResponse } from "@/lib/api/staff";

/** What GET /api/settings returns (generated); a secret only ever says whether it is set and its last 4. */
export type Settings = GetSettingsResponse["settings"];
export type Secret = Settings["openai"]["api_key"];

export type SectionKey = keyof Settings;

export const TEMPLATES = [
  "ack",
  "estimate",
  "ready",
  "receipt",
  "follow_up_1",
  "follow_up_20",
  "follow_up_30",
  "opt_out_footer",
  "quote",
  "appointment_reminder",
] as const;

/** The week as the shop reads it, Monday first (settings store each day by name). */
export const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export type Field =
  | { path: string; kind: "text"; type?: "email" | "tel" | "time"; autoComplete?: string; list?: string }
  | { path: string; kind: "textarea"; autoComplete?: string; rows?: number; lang?: string }
  | { path: string; kind: "decimal" }
  | { path: string; kind: "integer" }
  | { path: string; kind: "numbers" }
  | { path: string; kind: "switch" }
  | { path: string; kind: "choice"; options: readonly string[] }
  | { path: string; kind: "secret" }
  | { path: string; kind: "logo" };

/**
 * A section whose module does not exist yet (no backup job, no assistant, no campaign sender):
 * its values are stored but change nothing, so the form says so instead of showing a switch "on".
 */
export type PendingModule = "backup";

/** Field order and kind per section; labels come from `settings.fields.<section>.<path>`. */
export const SECTIONS: { key: SectionKey; fields: Field[]; notBuilt?: PendingModule }[] = [
  {
    key: "shop",
    fields: [
      { path: "name", kind: "text", autoComplete: "organization" },
      { path: "address", kind: "textarea", autoComplete: "street-address", rows: 3 },
      { path: "postcode", kind: "text", autoComplete: "postal-code" },
      { path: "city", kind: "text", autoComplete: "address-level2" },
      { path: "state_code", kind: "text" },
      { path: "phone", kind: "text", type: "tel", autoComplete: "tel" },
      { path: "email", kind: "text", type: "email", autoComplete: "email" },
      { path: "logo_key", kind: "logo" },
      { path: "time_zone", kind: "text", list: "time-zones" },
      { path: "currency", kind: "text" },
    ],
  },
  {
    key: "tax",
    fields: [
      { path: "sales_tax_rate", kind: "decimal" },
      { path: "service_tax_rate", kind: "decimal" },
      { path: "prices_include_tax", kind: "switch" },
    ],
  },
  {
    key: "invoice_numbering",
    fields: [
      { path: "prefix", kind: "text" },
      { path: "next_number", kind: "integer" },
      { path: "padding", kind: "integer" },
      { path: "yearly_reset", kind: "switch" },
    ],
  },
  {
    key: "whatsapp_templates",
    fields: [
      ...TEMPLATES.flatMap((name) =>
        (["en", "ms"] as const).map((lang) => ({
          path: `${name}.${lang}`,
          kind: "textarea" as const,
          rows: 3,
          lang,
        })),
      ),
      { path: "delivery_deadline_minutes", kind: "integer" },
      { path: "alert_phone", kind: "text", type: "tel", autoComplete: "tel" },
      { path: "public_messages_per_day", kind: "integer" },
    ],
  },
  {
    key: "campaign_throttle",
    fields: [
      { path: "daily_cap", kind: "integer" },
      { path: "min_gap_seconds", kind: "integer" },
      { path: "jitter_seconds", kind: "integer" },
      { path: "quiet_hours.start", kind: "text", type: "time" },
      { path: "quiet_hours.end", kind: "text", type: "time" },
      { path: "warmup_per_day", kind: "numbers" },
      { path: "per_customer_days", kind: "integer" },
    ],
  },
  {
    key: "backup",
    notBuilt: "backup",
    fields: [
      { path: "enabled", kind: "switch" },
      { path: "time", kind: "text", type: "time" },
      { path: "keep_days", kind: "integer" },
    ],
  },
  {
    key: "assistant",
    fields: [
      { path: "enabled", kind: "switch" },
      { path: "pause_hours", kind: "integer" },
      { path: "opening_hours_only", kind: "switch" },
      { path: "topics.status", kind: "switch" },
      { path: "topics.price", kind: "switch" },
      { path: "topics.appointment", kind: "switch" },
      { path: "topics.invoice", kind: "switch" },
      { path: "fallback.en", kind: "textarea", rows: 2, lang: "en" },
      { path: "fallback.ms", kind: "textarea", rows: 2, lang: "ms" },
    ],
  },
  {
    key: "appointments",
    fields: [
      { path: "slot_minutes", kind: "integer" },
      { path: "days_ahead", kind: "integer" },
      ...WEEK.flatMap((day): Field[] => [
        { path: `hours.${day}.open`, kind: "switch" },
        { path: `hours.${day}.from`, kind: "text", type: "time" },
        { path: `hours.${day}.to`, kind: "text", type: "time" },
      ]),
    ],
  },
  {
    key: "openai",
    fields: [
      { path: "model", kind: "text" },
      { path: "api_key", kind: "secret" },
    ],
  },
  {
    key: "myinvois",
    fields: [
      { path: "environment", kind: "choice", options: ["sandbox", "production"] },
      { path: "client_id", kind: "text" },
      { path: "client_secret", kind: "secret" },
      { path: "certificate", kind: "secret" },
      { path: "certificate_password", kind: "secret" },
      { path: "tin", kind: "text" },
      { path: "brn", kind: "text" },
      { path: "sst_number", kind: "text" },
      { path: "tourism_tax_number", kind: "text" },
      { path: "msic_code", kind: "text" },
      { path: "business_activity", kind: "text" },
      { path: "consolidate_monthly", kind: "switch" },
    ],
  },
  {
    key: "pos",
    fields: [
      { path: "cashier_max_discount_percent", kind: "decimal" },
      { path: "cash_rounding", kind: "switch" },
      { path: "receipt_width", kind: "choice", options: ["80mm", "58mm"] },
      { path: "receipt_footer", kind: "textarea", rows: 3 },
      { path: "cashier_may_refund", kind: "switch" },
      { path: "low_stock_whatsapp", kind: "switch" },
      { path: "quote_valid_days", kind: "integer" },
      { path: "duitnow_qr", kind: "textarea", rows: 3 },
    ],
  },
];

export type SecretDraft = { action: "keep" | "replace" | "clear"; value: string };
export type Draft = Record<string, string | boolean | SecretDraft>;

export function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown, remove = false) {
  const keys = path.split(".");
  let current = target;
  for (const key of keys.slice(0, -1)) {
    if (current[key] === null || typeof current[key] !== "object") current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  const last = keys.at(-1)!;
  if (remove) delete current[last];
  else current[last] = value;
}

/** The editable form of a section as loaded. Secrets start as "keep": their value is never known here. */
export function toDraft(fields: Field[], section: unknown): Draft {
  const draft: Draft = {};
  for (const field of fields) {
    const value = getPath(section, field.path);
    if (field.kind === "secret") draft[field.path] = { action: "keep", value: "" };
    else if (field.kind === "switch") draft[field.path] = value === true;
    else if (field.kind === "numbers") draft[field.path] = Array.isArray(value) ? value.join(", ") : "";
    else draft[field.path] = value === undefined || value === null ? "" : String(value);
  }
  return draft;
}

/** A whole number when the text is one; otherwise the text, so the API names the field that is wrong. */
const toInteger = (text: string) => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text);

/**
 * The body for PUT /api/settings: the full section as loaded with the edits applied. A secret
 * is left out to keep it, a string replaces it, null clears it.
 */
export function toBody(fields: Field[], section: unknown, draft: Draft): Record<string, unknown> {
  const body = structuredClone(section) as Record<string, unknown>;
  for (const field of fields) {
    const value = draft[field.path];
    if (field.kind === "secret") {
      const secret = value as SecretDraft;
      if (secret.action === "replace" && secret.value !== "") setPath(body, field.path, secret.value);
      else if (secret.action === "clear") setPath(body, field.path, null);
      else setPath(body, field.path, undefined, true);
    } else if (field.kind === "switch") setPath(body, field.path, value === true);
    else if (field.kind === "integer") setPath(body, field.path, toInteger(String(value)));
    else if (field.kind === "numbers")
      setPath(
        body,
        field.path,
        String(value)
          .split(/[\s,]+/)
          .filter(Boolean)
          .map(toInteger),
      );
    else if (field.kind === "decimal") setPath(body, field.path, String(value).trim());
    else setPath(body, field.path, value);
  }
  return body;
}
