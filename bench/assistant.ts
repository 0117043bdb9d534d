/**
 * The WhatsApp assistant's evaluation set (bench/assistant/) against the intent rules alone:
 * accuracy overall, by how the message is written and on the held-out split, the reply
 * language, how often the rules are sure enough to skip the model, and a confusion table.
 * No database, no network: `classify` is pure.
 */
import { classify, INTENTS, type Intent, THRESHOLD } from "../packages/core/src/assistant/intent";
import { type Labelled, loadCases } from "./assistant/dataset";
import { NOW, TIME_ZONE } from "./assistant/world";

export type Share = { right: number; total: number };

export type AssistantFigures = {
  cases: number;
  accuracy: { all: Share; tuned: Share; heldOut: Share; en: Share; ms: Share; mixed: Share };
  replyLanguage: Share;
  /** Cases at or above THRESHOLD (the router trusts the rules) and how many of those are right. */
  confident: Share & { cases: number };
  /** confusion[expected][got] */
  confusion: Record<Intent, Record<Intent, number>>;
  /** Misses of the tuning split only: the held-out ones stay unread while tuning. */
  misses: { id: string; text: string; expected: Intent; got: Intent; confidence: number }[];
};

const share = (cases: { right: boolean }[]): Share => ({
  right: cases.filter((c) => c.right).length,
  total: cases.length,
});

export function measureAssistant(): AssistantFigures {
  const results = loadCases().map((c: Labelled) => {
    const out = classify(c.text, { now: NOW, timeZone: TIME_ZONE });
    return { ...c, out, right: out.intent === c.intent, languageRight: out.language === c.replyLanguage };
  });
  const confusion = Object.fromEntries(
    INTENTS.map((e) => [e, Object.fromEntries(INTENTS.map((g) => [g, 0]))]),
  ) as AssistantFigures["confusion"];
  for (const r of results) confusion[r.intent][r.out.intent]++;
  const confident = results.filter((r) => r.out.confidence >= THRESHOLD);
  return {
    cases: results.length,
    accuracy: {
      all: share(results),
      tuned: share(results.filter((r) => !r.heldOut)),
      heldOut: share(results.filter((r) => r.heldOut)),
      en: share(results.filter((r) => r.language === "en")),
      ms: share(results.filter((r) => r.language === "ms")),
      mixed: share(results.filter((r) => r.language === "mixed")),
    },
    replyLanguage: share(results.map((r) => ({ right: r.languageRight }))),
    confident: { ...share(confident), cases: results.length },
    confusion,
    misses: results
      .filter((r) => !r.right && !r.heldOut)
      .map((r) => ({
        id: r.id,
        text: r.text,
        expected: r.intent,
        got: r.out.intent,
        confidence: r.out.confidence,
      })),
  };
}

export function printAssistant(f: AssistantFigures, print: (line: string) => void) {
  const pct = (s: Share) =>
    `${s.total ? ((100 * s.right) / s.total).toFixed(1) : "-"}% (${s.right}/${s.total})`;
  const a = f.accuracy;
  print(`\nWhatsApp assistant: intent rules alone on bench/assistant/ (${f.cases} messages)`);
  print(`  intent accuracy   all ${pct(a.all)}   tuned on ${pct(a.tuned)}   held out ${pct(a.heldOut)}`);
  print(`  by language       en ${pct(a.en)}   ms ${pct(a.ms)}   mixed ${pct(a.mixed)}`);
  print(`  reply language    ${pct(f.replyLanguage)}`);
  print(
    `  confident (>= ${THRESHOLD}) ${pct({ right: f.confident.total, total: f.confident.cases })} of messages, of which right ${pct(f.confident)}; the rest go to the model`,
  );
  print("\n  confusion (rows expected, columns the rules' answer)");
  const width = Math.max(...INTENTS.map((i) => i.length)) + 2;
  print(`  ${"".padEnd(width)}${INTENTS.map((i) => i.padStart(width)).join("")}`);
  for (const expected of INTENTS)
    print(
      `  ${expected.padEnd(width)}${INTENTS.map((got) => String(f.confusion[expected][got]).padStart(width)).join("")}`,
    );
  if (f.misses.length) print("\n  misses on the tuning split (held-out misses are not listed):");
  for (const m of f.misses)
    print(`  ${m.id} ${m.expected} → ${m.got} (${m.confidence.toFixed(2)}): ${JSON.stringify(m.text)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) printAssistant(measureAssistant(), console.log);
