/**
 * The password policy. Heavy: Mozilla's list of common passwords and zxcvbn's dictionaries are
 * a few megabytes to decode, so only `password.ts` imports this, dynamically, where a password
 * is set or changed. Import nothing from here statically but types.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary, translations } from "@zxcvbn-ts/language-en";
import commonPasswords from "fxa-common-password-list";

/** NIST SP 800-63B asks for at least 8; 12 is OWASP's advice where nothing else is enforced. */
export const MIN_LENGTH = 12;
/** zxcvbn's 3: "safely unguessable", about 10^10 guesses, which argon2 makes slow to try. */
export const MIN_SCORE = 3;
/** A password is a keyboard walk when runs of neighbouring keys make up this share of it. */
const WALK_SHARE = 0.75;
const WALK_MIN_RUN = 3;

export type Reason =
  | "password.blank"
  | "password.too_short"
  | "password.personal"
  | "password.repeated"
  | "password.keyboard_walk"
  | "password.common"
  | "password.weak";

const MESSAGES: Record<Reason, string> = {
  "password.blank": "The password cannot be only spaces",
  "password.too_short": `Use at least ${MIN_LENGTH} characters`,
  "password.personal": "Do not build it from your name or email address",
  "password.repeated": "Do not repeat the same characters or group of characters",
  "password.keyboard_walk": "Do not use keys next to each other on the keyboard",
  "password.common": "This password is too common; choose another",
  "password.weak":
    "This password is easy to guess; add words or characters that belong together only for you",
};

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Characters as a person counts them (grapheme clusters): "🔒", "é" and "👍🏽" are one each. */
export const characters = (text: string) => Array.from(graphemes.segment(text), (s) => s.segment);

let estimator: ZxcvbnFactory | undefined;
const strength = () => {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...commonDictionary, ...englishDictionary },
    graphs: adjacencyGraphs,
    translations,
  });
  return estimator;
};

/** Why `password` is refused for this user, most telling reason first; empty when accepted. */
export function check(password: string, user: { email: string; name?: string }) {
  const found = reasons(password, user);
  return found.map((reason) => ({ reason, message: MESSAGES[reason] }));
}

function reasons(password: string, user: { email: string; name?: string }): Reason[] {
  if (password.trim() === "") return ["password.blank"];
  const chars = characters(password);
  if (chars.length < MIN_LENGTH) return ["password.too_short"];
  const found: Reason[] = [];
  const lower = password.toLowerCase();
  const email = user.email.toLowerCase();
  const local = email.split("@")[0] ?? "";
  if ((email && lower.includes(email)) || (local && lower === local)) found.push("password.personal");
  if (/^(.+?)\1+$/su.test(password)) found.push("password.repeated");
  if (isKeyboardWalk(chars)) found.push("password.keyboard_walk");
  if (commonPasswords.test(password)) found.push("password.common");
  if (found.length) return found;
  const inputs = [email, local, ...(user.name?.toLowerCase().split(/\s+/) ?? [])].filter(Boolean);
  const estimate = strength().check(password, inputs);
  // zxcvbn scores "sitiaminah2024" for Siti Aminah fairly well; made mostly of her own name, it is not.
  const personal = estimate.sequence
    .filter((match) => match.pattern === "dictionary" && match.dictionaryName === "userInputs")
    .reduce((sum, match) => sum + match.token.length, 0);
  if (personal * 2 >= password.length) return ["password.personal"];
  return estimate.score < MIN_SCORE ? ["password.weak"] : [];
}

type Graph = Record<string, (string | null)[]>;
const GRAPHS = Object.values(adjacencyGraphs) as Graph[];

/** Whether `b` is a neighbouring key of `a` on `graph` (either with or without shift). */
const adjacent = (graph: Graph, a: string, b: string) => graph[a]?.some((keys) => keys?.includes(b)) ?? false;

/**
 * Runs of at least three neighbouring keys ("qwerty", "1qaz", "!QAZ") covering most of the
 * password, on any layout zxcvbn knows (qwerty, qwertz, azerty, dvorak, keypads).
 */
function isKeyboardWalk(chars: string[]): boolean {
  return GRAPHS.some((graph) => {
    let covered = 0;
    let run = 1;
    for (let i = 1; i <= chars.length; i++) {
      if (i < chars.length && adjacent(graph, chars[i - 1]!, chars[i]!)) {
        run++;
        continue;
      }
      if (run >= WALK_MIN_RUN) covered += run;
      run = 1;
    }
    return covered >= WALK_SHARE * chars.length;
  });
}
