import { imeiOf, productWordsOf, ticketNumberOf } from "./entities";
import { readWhen, type When } from "./when";

/**
 * The rules that read a customer's WhatsApp message before any model does: what they want
 * (intent, with a confidence), in which language they wrote, and what they named (ticket,
 * IMEI, day and time, device and part words). Pure: no database, no clock, no network.
 * Opt-out words are handled before this, by consent/rule.ts.
 */

export const INTENTS = ["status", "price", "appointment", "invoice", "other"] as const;
export type Intent = (typeof INTENTS)[number];

export type Classified = {
  intent: Intent;
  /** 0..1; below THRESHOLD the router asks the model (when a key is set). */
  confidence: number;
  /** The customer's language as the message shows it; mixed Manglish → the dominant one. */
  language: "en" | "ms";
  /** "T-1042", as Ticket.label prints it. */
  ticket_number?: string;
  /** 15 digits that pass Luhn. */
  imei?: string;
  /** The day (YYYY-MM-DD, in the shop's zone) and time (HH:MM) the customer wrote. */
  when?: When;
  /** Device and part words for a price lookup, as written, lower case. */
  product_words?: string[];
};

export const THRESHOLD = 0.5;

/** Only the start of a long message is read: WhatsApp allows 65,536 characters, questions are short. */
const MAX_CHARS = 2_000;

const BERAPA = "(?:berapa|brp|brape|berape|bape|brapa|brpa|brapee)";

/** Cues: [intent, weight, pattern over the message's words joined by single spaces]. */
const CUES: [Intent, number, RegExp][] = [
  ["status", 2, /\b(?:siap|siapkan|rdy|settle|setel)\b/],
  // "ready stock" is a seller's word for in stock, not a finished repair.
  ["status", 2, /\bready\b(?! stocks?\b)/],
  ["status", 2.5, /\b(?:status|progress|update|updates|updated)\b/],
  ["status", 1.5, /\b(?:done|finish|finished|fixed|repaired|completed|complete)\b/],
  [
    "status",
    2,
    /\b(?:macam mana|mcm mana|camne|camana|cmne|cmana|macamana|mane) (?:\w+ )?(?:phone|hp|fon|telefon|handphone|henfon|laptop|ipad|tablet|device|repair|barang)\b/,
  ],
  [
    "status",
    1.5,
    /\bhow(?: s| is| about| abt)? (?:my|the) (?:\w+ )?(?:phone|hp|repair|device|laptop|ipad|tablet)\b/,
  ],
  ["status", 1.5, /\b(?:ambil|amik|amek|collect|pick (?:\w+ )?up|pickup|claim)\b/],
  // "datang ambil", "come pick it up": coming to collect asks whether it is ready, not for a slot.
  ["status", 1.5, /\b(?:come|datang|dtg|mai) (?:\w+ )?(?:pick|collect|ambil|amik|amek)\b/],
  [
    "status",
    1.5,
    new RegExp(
      String.raw`\b(?:eta|how long|lama lagi|lama sangat|lama sgt|so long|still waiting|tunggu|waiting|${BERAPA} (?:lama|hari)|(?:lagi|lg) ${BERAPA})\b`,
    ),
  ],
  ["status", 1.5, /\b(?:dah|sudah|dh|da|udah) (?:repair|baiki|betulkan|buat|ok|okay|boleh|siap)\b/],
  [
    "status",
    0.75,
    /\b(?:my|saya|sy|aku|i) (?:phone|hp|fon|telefon|handphone|laptop|ipad|tablet|device)\b|\b(?:phone|hp|fon|telefon|handphone|laptop|ipad|tablet) (?:saya|sy|aku|sya)\b/,
  ],
  [
    "status",
    1.5,
    /\b(?:still (?:\w+ing|in progress|not|x|tak)|repairing|fixing|masih (?:repair|baiki|dalam|lagi))\b/,
  ],
  ["status", 0.5, /\b(?:bila|when)\b/],
  [
    "price",
    2,
    new RegExp(
      String.raw`(?<!\b(?:pukul|pkl|jam|lagi|lg|hari|tarikh) )\b${BERAPA}\b(?! (?:lama|hari|jam|minit|pukul|hb|haribulan|orang)\b)`,
    ),
  ],
  [
    "price",
    2.5,
    /\b(?:harga|hrg|price|prices|pricing|cost|costs|kos|caj|charge|charges|upah|quote|quotation|sebut harga|how much|hw much|hmuch)\b/,
  ],
  ["price", 1.5, /\brm ?\d|\brm\b|\bringgit\b/],
  [
    "price",
    1,
    /\b(?:murah|mahal|cheap|cheaper|expensive|discount|diskaun|nego|kurang sikit|kurang lagi|best price|ada stok|ada stock|in stock|ready stock)\b/,
  ],
  ["price", 0.5, /\b(?:tukar|tuka|ganti|replace|replacement|change|repair|baiki)\b/],
  ["appointment", 3, /\b(?:appointment|appt|temujanji|janji temu|temu janji)\b/],
  ["appointment", 2.5, /\b(?:book|booking|tempah|tempahan|reserve|slot|slots)\b/],
  [
    "appointment",
    1.5,
    /\b(?:datang|dtg|dtang|mai|singgah|jumpa|come|coming|drop by|drop off|dropoff|walk in|walkin|visit|hantar|antar|send in|bring|bawa)\b/,
  ],
  [
    "appointment",
    1.5,
    /\b(?:are (?:you|u) free|free on|free tak|free x|available on|availability|any slot)\b/,
  ],
  [
    "invoice",
    3,
    /\b(?:invoice|invoices|invois|inv|invoic|einvoice|e invoice|receipt|reciept|receipts|resit|resi|rasit)\b/,
  ],
  // "bil" is a whole word here: "bila" (when) and "boleh" (can) never match it.
  ["invoice", 2.5, /\b(?:bil|bill|billing)\b/],
  ["invoice", 1, /\b(?:bukti bayaran|payment proof|proof of payment|cukai|tin|pdf|salinan)\b/],
  ["invoice", 0.75, /\b(?:bayar|paid|payment|dah bayar)\b/],
  [
    "other",
    2,
    /\b(?:buka|open|opening|tutup|close|closed|cuti|holiday|waktu operasi|business hours|operating hours)\b/,
  ],
  [
    "other",
    2,
    /\b(?:alamat|address|lokasi|location|where|kat mana|dekat mana|dimana|di mana|parking|waze|google map|maps)\b/,
  ],
  [
    "other",
    1.5,
    /\b(?:warranty|waranti|jaminan|guarantee|human|manusia|staff|talk to|cakap dengan|call me|duitnow|tng|touch n go|transfer|tunai|credit card|debit card|kad kredit)\b/,
  ],
  // A question about what the shop does, or why: a person answers it.
  ["other", 1.5, /\bdo (?:you|u) (?:repair|fix|sell|buy|service|accept|take|do)\b/],
  ["other", 1, /\b(?:kenapa|why|napa|knp|apasal|asal)\b/],
  [
    "other",
    0.75,
    /\b(?:thanks|thank you|thx|tq|ty|tqvm|terima kasih|ok|okay|okey|baik|noted|alright|hi|hello|helo|hai|salam|assalamualaikum|selamat pagi|good morning)\b/,
  ],
];

/** Words that mark a message as Bahasa Melayu or English; loan nouns ("phone", "screen") mark neither. */
const MALAY = new Set(
  (
    "saya sy sya aku ak ke ka kah tak tk x tidak tdk dah sudah dh udah blm belum boleh bole bleh leh nak nk mau hendak " +
    "berapa brp brape berape bape harga hrg siap esok besok lusa datang dtg hari ini ni itu tu dan yang yg untuk utk " +
    "dengan dgn bila macam mcm mana camne camana tolong tlg terima kasih encik cik bang abang kak akak ada tiada takde " +
    "xde xda lah la pun je jer ja sahaja skrin bateri resit bil temujanji pukul pkl petang ptg pagi malam mlm tengahari " +
    "hantar ambil amik baiki tukar ganti rosak pecah telefon fon bayar dekat kat sini situ kedai buka tutup sampai lagi " +
    "lg lama minggu bulan semalam tadi nanti kena kene mahal murah kurang cepat selamat sekarang skrg apa ape bagi bg " +
    "kami awak dia kita nombor tiket berapa sebab kenapa napa knp masih tunggu kedai jadi jugak juga " +
    "agak sikit banyak byk mcmana camana macamana dalam dlm atas nama minta mintak hp ye ya yer kawan panas lepas " +
    "tanya tgk tengok beli dapat dpt baru lambat semula balik rumah orang abg saja"
  ).split(" "),
);
const ENGLISH = new Set(
  (
    "the is are was were my i me you your u can could will would what when how much please pls plz tomorrow " +
    "today come send already yet thanks thank still for to of a an it there any do does did have has need want " +
    "should get at on in with and or not don dont no yes this that be been wondering just know let us we our " +
    "morning afternoon evening tonight pick up collect where open close hours long time next week day days got " +
    "bought lost again so why who which"
  ).split(" "),
);

function languageOf(words: string[]): "en" | "ms" {
  let ms = 0;
  let en = 0;
  for (const word of words) {
    if (MALAY.has(word)) ms++;
    else if (ENGLISH.has(word)) en++;
  }
  return ms > en ? "ms" : "en";
}

/** Confidence grows with the winner's evidence and shrinks with a close runner-up. */
function confidenceOf(top: number, second: number): number {
  if (top <= 0) return 0;
  const strength = 1 - Math.exp(-top / 2);
  const margin = (top - second) / top;
  return Math.round(strength * (0.5 + 0.5 * margin) * 100) / 100;
}

/**
 * Classifies one inbound message. Never throws: anything unreadable is `other` with low
 * confidence, which sends it to the model or, without one, to the fallback.
 */
export function classify(text: string, context: { now: Date; timeZone: string }): Classified {
  const lower = String(text ?? "")
    .slice(0, MAX_CHARS)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\p{Cc}/gu, " ");
  const words = lower.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const plain = words.join(" ");

  const ticket_number = ticketNumberOf(lower);
  const imei = imeiOf(lower);
  const when = readWhen(lower, context.now, context.timeZone);
  const product_words = productWordsOf(words);

  const score: Record<Intent, number> = { status: 0, price: 0, appointment: 0, invoice: 0, other: 0 };
  for (const [intent, weight, pattern] of CUES) if (pattern.test(plain)) score[intent] += weight;
  // What the message names leans it one way without deciding it alone.
  if (ticket_number) score.status += 1.5;
  if (imei) score.status += 1;
  if (when?.date) score.appointment += 1;
  if (when?.time) score.appointment += 1;
  if (product_words.length) score.price += 1;

  const ranked = INTENTS.map((intent) => [intent, score[intent]] as const).sort((a, b) => b[1] - a[1]);
  const [[best, top], [, second]] = ranked as [readonly [Intent, number], readonly [Intent, number]];
  const classified: Classified = {
    intent: top > 0 ? best : "other",
    confidence: confidenceOf(top, second),
    language: languageOf(words),
  };
  if (ticket_number) classified.ticket_number = ticket_number;
  if (imei) classified.imei = imei;
  if (when) classified.when = when;
  if (product_words.length) classified.product_words = product_words;
  return classified;
}
