import { Settings } from "../settings/index";
import type { TemplateName } from "../settings/schema";

export * as Template from "./index";

export type Language = "en" | "ms";

/** Fills a template's {placeholders}; one that has no value is left visible rather than guessed. */
export function fill(text: string, values: Record<string, string | undefined>): string {
  return text.replace(/\{([a-z_0-9]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The WhatsApp text for `name` in the customer's language, from the shop's settings, with
 * {shop_name} filled in too. Marketing-like reminders get the opt-out footer.
 */
export async function render(
  name: TemplateName,
  language: Language,
  values: Record<string, string | undefined>,
  options: { optOutFooter?: boolean } = {},
): Promise<string> {
  const settings = await Settings.get();
  const templates = settings.whatsapp_templates as Record<TemplateName, Record<Language, string>>;
  const all = { shop_name: String(settings.shop.name), ...values };
  const body = fill(templates[name][language], all);
  if (!options.optOutFooter) return body;
  return `${body}\n\n${fill(templates.opt_out_footer[language], all)}`;
}
