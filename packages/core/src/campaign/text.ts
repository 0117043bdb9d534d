import * as z from "zod";
import * as Format from "../template/format";
import { fill, shopWorded } from "../template/index";
import type { Member } from "./audience";
import type { CampaignVariant } from "./campaign.sql";

/**
 * What a campaign's text may name, written like the WhatsApp templates in settings
 * ({customer_name}): the customer's name, their latest device, their last visit (DD/MM/YYYY in
 * the shop's zone), and the shop's name and phone.
 */
export const PLACEHOLDERS = ["customer_name", "device", "last_visit", "shop_name", "shop_phone"] as const;

/** A variant's text in one language: placeholders checked against PLACEHOLDERS when it is saved. */
export const MessageText = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .superRefine((text, ctx) => {
    const unknown = [...text.matchAll(/\{([^{}]*)\}/g)]
      .map((m) => m[1]!)
      .filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
    if (unknown.length)
      ctx.addIssue({
        code: "custom",
        message: `Unknown placeholder ${unknown.map((n) => `{${n}}`).join(", ")}: use ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`,
      });
  });

/** The words a placeholder takes when the customer has nothing for it. */
const NOTHING = {
  device: { en: "your device", ms: "peranti anda" },
  last_visit: { en: "your last visit", ms: "lawatan terakhir anda" },
} as const;

type Shop = { name: string; phone: string; time_zone: string };

/** The stop word each footer must name, and the wording used when the shop's own footer leaves it out. */
const STOP = {
  en: { word: /\bSTOP\b/, fallback: "Reply STOP to stop messages from {shop_name}." },
  ms: {
    word: /\bBERHENTI\b/,
    fallback: "Balas BERHENTI untuk berhenti menerima mesej daripada {shop_name}.",
  },
} as const;

/**
 * The message one customer gets from a variant: the Bahasa Melayu text for a customer who
 * chose it (English where the variant has none), placeholders filled (what the public typed
 * made safe), and the shop's opt-out footer, which the author cannot leave out.
 */
export function render(
  variant: Pick<CampaignVariant, "text">,
  member: Pick<Member, "name" | "language" | "device" | "last_visit">,
  shop: Shop,
  footer: Record<"en" | "ms", string>,
): { language: "en" | "ms"; text: string } {
  const language = member.language === "ms" && variant.text.ms ? "ms" : "en";
  const values = {
    shop_name: shop.name,
    shop_phone: shop.phone ? Format.phone(shop.phone) : "",
    last_visit: member.last_visit
      ? Format.date(member.last_visit, shop.time_zone)
      : NOTHING.last_visit[language],
    ...shopWorded(language, {
      customer_name: member.name,
      device: member.device ?? NOTHING.device[language],
    }),
  };
  const body = fill(variant.text[language]!, values);
  const own = footer[language];
  const ending = STOP[language].word.test(own) ? own : STOP[language].fallback;
  return { language, text: `${body}\n\n${fill(ending, values)}` };
}
