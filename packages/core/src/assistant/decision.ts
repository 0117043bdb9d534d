/**
 * Reading a customer's short WhatsApp reply to "approve or decline?" as yes or no, in English,
 * Bahasa Melayu and the mix of both. It errs towards undefined: a wrong yes approves a repair
 * the customer did not agree to, while undefined only leaves the message to the router (which
 * asks again or hands it to staff).
 */

export type Decision = "yes" | "no";

/** Stretched letters ("yesss", "okkk", "setujuuu") read as the word itself. */
const squeeze = (word: string) => word.replace(/(.)\1+/gu, "$1");
/** Words from lines of space-separated words. */
const words = (...lines: string[]) => new Set(lines.flatMap((line) => line.split(" ")).map(squeeze));
const phrases = (...list: string[]) => list.map((phrase) => phrase.split(" ").map(squeeze));

const YES = words(
  "yes y ya iya iye ye yer yea yeah yup yep ok okay oke okey okeh okie setuju approve approved agreed",
  "accept accepted agree confirm confirmed boleh can sure proceed teruskan lulus luluskan terima",
);
const YES_PHRASES = phrases("go ahead");

/** A leading word that says no by itself, and negates the word after it ("tak setuju", "not ok"). */
const NEGATORS = words("no n nope nah tak tk x tidak tdk not dont jangan");
/** Words that say no without a negator. */
const NO = words("decline declined reject rejected tolak cancel batal batalkan taknak xnak");
/** What a negator may negate and still be a plain no: "tak nak", "no need", "tak jadi", "don't proceed". */
const NEGATED = new Set([
  ...YES,
  ...words("nak mau mahu want need perlu payah jadi interested buat repair fix baiki"),
]);

/** Neither yes nor no, wherever they stand: "never mind", "not sure", "but", "if", questions. */
const UNSURE_PHRASES = phrases(
  ...["tak apa", "tak pe", "tak pa", "x pe", "x apa", "not sure", "tak pasti", "tak sure", "x sure"],
  ...["tak tahu", "tak tau", "x tau", "x tahu", "dont know"],
);
const UNSURE = words(
  "takpe takpa takpelah takpalah dunno maybe mungkin nanti later think fikir tunggu wait dulu",
  "but tapi tp cuma except kecuali unless if kalau kalo noted tanya ask question soalan",
  "berapa bila kenapa mengapa apa mana camne camana bagaimana how what when why where which",
  // A request rather than an answer: "can you fix it by Friday", "boleh awak hantar".
  "ke kah you u awak anda",
);

/** Politeness and address: skipped wherever they stand. */
const FILLER = words(
  "hi hai hello helo hey salam assalamualaikum bro boss bos sis kak akak abang bang encik cik",
  "puan tuan sir madam mdm uncle auntie dear please pls plz thanks thx tq ty lah la je jer ja",
  "saja sahaja i saya sy aku we kami",
);
const FILLER_PHRASES = phrases("terima kasih", "thank you", "no problem", "no prob", "no worries");

/** A reply with more than this many words after the answer says something else too. */
const MAX_TAIL_WORDS = 6;

const EMOJI: [RegExp, string][] = [
  [/[\u{1F44D}\u{1F44C}\u2705\u2714]/gu, " yes "],
  [/[\u{1F44E}\u274C\u274E\u2716]/gu, " no "],
];

function tokens(text: string): string[] {
  let normal = text.normalize("NFKC").toLowerCase();
  for (const [emoji, word] of EMOJI) normal = normal.replace(emoji, word);
  return normal
    .replace(/['’`]/gu, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(squeeze);
}

const startsWith = (list: string[], at: number, phrase: string[]) =>
  phrase.every((word, i) => list[at + i] === word);
const phraseAt = (list: string[], at: number, table: string[][]) =>
  table.find((phrase) => startsWith(list, at, phrase));

/** A clock time in a reply: "4:30", "10.30", "3pm", "2 ptg". */
const CLOCK_TIME = /\b\d{1,2}(?:[:.]\d{2})\b|\b\d{1,2}\s*(?:am|pm|ptg|pg|petang|pagi|malam)\b/iu;

/**
 * "yes", "no", or undefined when the text is not a plain answer. Pure, and never throws.
 *
 * The answer must come first (after greetings and "saya"/"I"); the rest may be polite words
 * or a few words more, but any question (a "?" or a question word), hedge ("tapi", "if",
 * "not sure", "tak apa") or the opposite answer makes it undefined: "ok tapi berapa?",
 * "boleh tak", "yes no". "1"/"2" count only with `numbered`, when our question offered them.
 */
export function readDecision(text: string, options: { numbered?: boolean } = {}): Decision | undefined {
  if (/[?？¿؟]/u.test(text)) return undefined;
  // A clock time ("ok 4:30 PTG", "boleh 3pm") answers an offer of times, not the estimate.
  if (CLOCK_TIME.test(text)) return undefined;
  const list = tokens(text.slice(0, 2000));
  const found: Decision[] = [];
  let tail = 0;
  let at = 0;
  while (at < list.length) {
    const word = list[at]!;
    if (phraseAt(list, at, UNSURE_PHRASES) || UNSURE.has(word)) return undefined;
    const filler = phraseAt(list, at, FILLER_PHRASES);
    if (filler) {
      at += filler.length;
      continue;
    }
    if (FILLER.has(word)) {
      at += 1;
      continue;
    }
    const yesPhrase = phraseAt(list, at, YES_PHRASES);
    let decision: Decision | undefined;
    let length = yesPhrase?.length ?? 1;
    if (yesPhrase || YES.has(word) || (options.numbered && word === "1")) decision = "yes";
    else if (NO.has(word) || (options.numbered && word === "2")) decision = "no";
    else if (NEGATORS.has(word)) {
      decision = "no";
      if (at + 1 < list.length && NEGATED.has(list[at + 1]!)) length = 2;
    }
    if (!decision && !found.length) return undefined;
    if (decision) found.push(decision);
    else tail += 1;
    if (tail > MAX_TAIL_WORDS) return undefined;
    at += length;
  }
  if (!found.length || found.some((d) => d !== found[0])) return undefined;
  return found[0];
}
