/**
 * What a member of the public typed (their name, their device) may appear in a message the
 * shop's number sends, but never as a carrier: web addresses, e-mail addresses and phone
 * numbers are cut out, line breaks flattened and the length capped, so an anonymous intake
 * cannot make the shop send a phishing link or "call this number" to someone.
 */
const DOT = "[.\\u3002\\uFF0E\\uFF61]";
const CARRIERS = [
  // scheme:// or www. addresses
  /\b[a-z][a-z0-9+.-]*:\/\/\S*/giu,
  /\bwww\S*/giu,
  // e-mail addresses, with or without a dot after the @
  /\S+@\S*/gu,
  // bare domains: label.label…tld, with an optional path
  new RegExp(`[\\p{L}\\p{N}_-]+(?:${DOT}[\\p{L}\\p{N}_-]+)*${DOT}\\p{L}{2,63}(?:[/?#]\\S*)?`, "giu"),
  // six or more digits, however spaced or punctuated
  /\+?\p{N}(?:[\s().\-/]*\p{N}){5,}/gu,
];

export function publicText(value: string, maxLength: number): string {
  let text = value.normalize("NFKC").replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, " ");
  for (const pattern of CARRIERS) text = text.replace(pattern, " ");
  text = text.replace(/\s+/g, " ").trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text;
}
