/**
 * What a customer's message names that our records can be looked up by: a ticket number, an
 * IMEI, device and part words. Pure: no database.
 */

/**
 * "T-1042", "t1042", "T 1042", "tiket 1042", "ticket #1042", "ticket no. 1042" → "T-1042", as
 * Ticket.label prints them (numbers start at 1001). A bare number is not read as a ticket: it is
 * as often a price, a model or a phone number.
 */
export function ticketNumberOf(text: string): string | undefined {
  const match =
    /(?<![\p{L}\d])(?:t|tkt|tiket|ticket)(?:\s*(?:no|number|nombor|num)\.?)?\s*[-#:.]?\s*#?\s*(\d{3,9})(?!\d)/u.exec(
      text,
    );
  return match ? `T-${Number(match[1])}` : undefined;
}

/** The Luhn check digit test every IMEI passes (3GPP TS 23.003, annex B). */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A 15-digit IMEI that passes Luhn, written plain or grouped with spaces or dashes. */
export function imeiOf(text: string): string | undefined {
  for (const match of text.matchAll(/(?<!\d)\d(?:[ -]?\d){14}(?![ -]?\d)/g)) {
    const digits = match[0].replace(/\D/g, "");
    if (luhn(digits)) return digits;
  }
  return undefined;
}

const DEVICES = new Set([
  "iphone",
  "ipad",
  "macbook",
  "samsung",
  "galaxy",
  "oppo",
  "vivo",
  "xiaomi",
  "redmi",
  "poco",
  "huawei",
  "honor",
  "realme",
  "nokia",
  "pixel",
  "infinix",
  "tecno",
  "oneplus",
  "laptop",
  "tablet",
  "airpods",
]);

const PARTS = new Set([
  "screen",
  "skrin",
  "screan",
  "lcd",
  "oled",
  "display",
  "touchscreen",
  "glass",
  "kaca",
  "battery",
  "bateri",
  "batt",
  "betri",
  "charging",
  "charger",
  "cas",
  "port",
  "soket",
  "socket",
  "camera",
  "kamera",
  "speaker",
  "mic",
  "microphone",
  "housing",
  "casing",
  "backcover",
  "button",
  "butang",
  "faceid",
  "fingerprint",
  "motherboard",
  "protector",
  "tempered",
  "keyboard",
]);

/** Words after a device name that name its model: "13", "pro", "max", "a52", "s21", "note". */
const MODEL =
  /^(?:\d{1,2}[a-z]?|[a-z]{1,2}\d{1,3}[a-z]?|pro|max|plus|mini|ultra|note|se|xr|xs|x|lite|fe|air)$/;

/** Device and part words in the order written, for a price lookup: "iphone 13 pro screen" → 4 words. */
export function productWordsOf(words: string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (PARTS.has(word)) found.push(word);
    if (!DEVICES.has(word)) continue;
    found.push(word);
    while (i + 1 < words.length && MODEL.test(words[i + 1]!) && !PARTS.has(words[i + 1]!))
      found.push(words[++i]!);
  }
  return found;
}
