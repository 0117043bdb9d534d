// The "min" metadata checks a number's country code, length and leading digits; the full
// ranges ("max") would add 72 KB to every Lambda bundle. A number that is well formed but not
// on WhatsApp is caught by the gateway's check before the first message.
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import * as z from "zod";

export const DEFAULT_REGION = "MY";

/** Normalises a phone number typed by a person to E.164, or undefined when it is not a valid number. */
export function toE164(raw: string, region: typeof DEFAULT_REGION = DEFAULT_REGION): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), region);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** An E.164 phone number; accepts local Malaysian forms ("012-345 6789") and normalises them. */
export const Phone = z
  .string()
  .min(3)
  .transform((raw, ctx) => {
    const e164 = toE164(raw);
    if (!e164) {
      ctx.addIssue({ code: "custom", message: "Not a valid phone number" });
      return z.NEVER;
    }
    return e164;
  });

export { maskPhone } from "./redact";
