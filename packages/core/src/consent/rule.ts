/**
 * The one rule for WhatsApp consent, used where a message is written (intake, ticket steps,
 * follow-ups), where the gateway claims it, and stated in docs/security.md ("WhatsApp
 * consent"), docs/architecture.md and the intake's default consent text: a customer who
 * opted out gets no WhatsApp message from the shop, except the one confirmation of their
 * STOP or START. Ticket notices (acknowledgement, estimate, ready, photos), sale notices
 * (receipts), follow-ups and campaigns need the customer's opt-in; the shop phones an opted-out customer about a repair
 * instead. A reply typed by staff, the assistant's answer to a question the customer asked, or
 * the one reminder of an appointment the customer asked for (on WhatsApp or of staff) may go
 * to anyone who has not opted out: each answers the customer's own request.
 *
 * Why this strict: the consent text the customer agreed to says STOP ends every WhatsApp
 * message, and PDPA 2010 s.38 lets a data subject withdraw consent to processing; WhatsApp's
 * Business Messaging Policy also requires honouring opt-out requests.
 */

export const PURPOSES = [
  "ticket_notice",
  "follow_up",
  "campaign",
  "staff",
  "consent_confirmation",
  "owner_alert",
  "sale_notice",
  "bot_reply",
  "appointment_reminder",
] as const;
export type Purpose = (typeof PURPOSES)[number];
export type WhatsappConsent = "unknown" | "opted_in" | "opted_out";

/**
 * Whether a message for `purpose` may go to a customer whose WhatsApp consent is `consent`.
 * `owner_alert` goes to the shop's own alert phone, not to a customer.
 */
export function allows(consent: WhatsappConsent, purpose: Purpose): boolean {
  switch (purpose) {
    case "consent_confirmation":
    case "owner_alert":
      return true;
    case "staff":
    case "bot_reply":
    case "appointment_reminder":
      return consent !== "opted_out";
    case "ticket_notice":
    case "sale_notice":
    case "follow_up":
    case "campaign":
      return consent === "opted_in";
  }
}

export type Keyword = "stop" | "start";

const STOP_WORDS = new Set(["stop", "berhenti", "unsubscribe", "unsub", "optout", "henti"]);
const START_WORDS = new Set(["start", "mula", "subscribe"]);
/** A keyword may be followed by this many words ("stop please", "berhenti terima kasih"). */
const TRAILING_WORDS = 2;

/**
 * Reads an inbound text as an opt-out ("STOP", "BERHENTI", "UNSUBSCRIBE") or opt-in ("START",
 * "MULA") keyword: any case, spacing and punctuation, and at most two words after it, so
 * "Stop please", "stop." and " berhenti ! " count while "stop the repair, I want it back
 * first" does not (that is a question for staff, not a withdrawal).
 */
export function keywordOf(text: string | undefined): Keyword | undefined {
  if (!text) return undefined;
  const words = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\bopt[\s-]+out\b/gu, "optout")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  const [first, ...rest] = words;
  if (!first || rest.length > TRAILING_WORDS) return undefined;
  if (STOP_WORDS.has(first)) return "stop";
  if (START_WORDS.has(first)) return "start";
  return undefined;
}

/**
 * The confirmation sent once when consent changes by keyword or by staff: fixed wording, the
 * shop's name filled in, in the customer's language. Not editable in settings, so it can
 * never be turned into marketing.
 */
export const CONFIRMATION: Record<"withdrawn" | "restored", Record<"en" | "ms", string>> = {
  withdrawn: {
    en: "{shop_name}: you will get no more WhatsApp messages from us. We will phone you about any repair. Reply START to get messages again.",
    ms: "{shop_name}: anda tidak akan menerima mesej WhatsApp lagi daripada kami. Kami akan menelefon anda tentang pembaikan. Balas MULA untuk menerima mesej semula.",
  },
  restored: {
    en: "{shop_name}: you will get WhatsApp updates about your repairs again. Reply STOP to stop them.",
    ms: "{shop_name}: anda akan menerima kemas kini WhatsApp tentang pembaikan anda semula. Balas BERHENTI untuk menghentikannya.",
  },
};
