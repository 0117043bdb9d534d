import { Settings } from "../settings/index";
import type { TemplateName } from "../settings/schema";
import * as Format from "./format";
import { publicText } from "./sanitise";

export * as Template from "./index";
export { publicText } from "./sanitise";

export type Language = "en" | "ms";

/** Fills a template's {placeholders}; one that has no value is left visible rather than guessed. */
export function fill(text: string, values: Record<string, string | undefined>): string {
  return text.replace(/\{([a-z_0-9]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The placeholders whose values a customer typed on the public form, with the longest each
 * may be and the neutral word used when nothing is left after sanitising.
 */
const TYPED_BY_PUBLIC = {
  customer_name: { max: 40, fallback: { en: "customer", ms: "pelanggan" } },
  device: { max: 60, fallback: { en: "device", ms: "peranti" } },
} as const;

/** The values of a message with everything the public typed made safe to echo (see publicText). */
export function shopWorded(language: Language, values: Record<string, string | undefined>) {
  const safe = { ...values };
  for (const [name, rule] of Object.entries(TYPED_BY_PUBLIC)) {
    const value = values[name];
    if (value === undefined) continue;
    safe[name] = publicText(value, rule.max) || rule.fallback[language];
  }
  return safe;
}

/**
 * The WhatsApp text for `name` in the customer's language, from the shop's settings, with
 * {shop_name} and {shop_phone} filled in too. The customer's name and device are always sanitised: they were
 * typed by whoever filled the public form. Marketing-like reminders get the opt-out footer.
 */
export async function render(
  name: TemplateName,
  language: Language,
  values: Record<string, string | undefined>,
  options: { optOutFooter?: boolean } = {},
): Promise<string> {
  const settings = await Settings.get();
  const templates = settings.whatsapp_templates;
  const all = {
    shop_name: settings.shop.name,
    shop_phone: Format.phone(settings.shop.phone),
    ...shopWorded(language, values),
  };
  const body = fill(templates[name][language], all);
  if (!options.optOutFooter) return body;
  return `${body}\n\n${fill(templates.opt_out_footer[language], all)}`;
}
