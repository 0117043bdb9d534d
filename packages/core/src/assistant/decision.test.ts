import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readDecision } from "./decision";

describe("a customer's answer to approve or decline", () => {
  it.each([
    ["YES", "yes"],
    ["yes please go ahead", "yes"],
    ["Yesss!!!", "yes"],
    ["ya", "yes"],
    ["Ya boleh", "yes"],
    ["boleh 👍", "yes"],
    ["👍", "yes"],
    ["setuju", "yes"],
    ["Saya setuju, terima kasih", "yes"],
    ["ok", "yes"],
    ["Okay la boss", "yes"],
    ["okkk", "yes"],
    ["OK no problem", "yes"],
    ["approve", "yes"],
    ["Hi bro, can", "yes"],
    ["go ahead", "yes"],
    ["ＹＥＳ", "yes"],
    ["NO", "no"],
    ["no thanks", "no"],
    ["tak", "no"],
    ["x", "no"],
    ["tak nak", "no"],
    ["Taknak la", "no"],
    ["tidak setuju", "no"],
    ["tak setuju.", "no"],
    ["tak jadi", "no"],
    ["no need", "no"],
    ["Don't proceed", "no"],
    ["decline", "no"],
    ["tolak", "no"],
    ["cancel je", "no"],
    ["tak, terima kasih", "no"],
    ["👎", "no"],
  ] as const)("reads %j as %s", (text, decision) => {
    expect(readDecision(text)).toBe(decision);
  });

  it.each([
    // A question is not an answer, even one that starts with yes: the router answers it.
    ["ok tapi berapa?", "a question"],
    ["ok tapi berapa", "a hedge"],
    ["Is it ready?", "a question"],
    ["boleh tak", "both answers"],
    ["ok tak", "both answers"],
    ["yes no", "both answers"],
    ["tak apa", "never mind"],
    ["takpe", "never mind"],
    ["ok, tak apa lah", "never mind"],
    ["not sure", "unsure"],
    ["tak pasti lagi", "unsure"],
    ["ok noted", "an acknowledgement"],
    ["ok nanti saya datang", "later"],
    ["setuju kalau siap esok", "a condition"],
    ["can you fix it by friday", "a request"],
    ["no problem", "a pleasantry"],
    ["terima kasih", "a pleasantry"],
    ["I will come tomorrow ok", "the answer is not first"],
    ["yes, and my other phone has a cracked screen and the battery drains fast", "too much else"],
    ["1", "a number we did not offer"],
    ["hello", "no answer"],
    ["😊", "no words"],
    ["", "nothing"],
  ])("leaves %j undecided (%s)", (text) => {
    expect(readDecision(text)).toBeUndefined();
  });

  it.each([
    ["1", "yes"],
    ["1.", "yes"],
    ["1️⃣", "yes"],
    ["2", "no"],
    ["2 tq", "no"],
    ["1 2", undefined],
  ] as const)("reads %j as %s when our question offered numbered options", (text, decision) => {
    expect(readDecision(text, { numbered: true })).toBe(decision);
  });

  it.each(["ok 4:30 PTG", "boleh 3pm", "yes 10.30am", "setuju, 2 ptg"])(
    "leaves %j undecided: a time picks an offered slot, it does not answer the estimate",
    (text) => {
      expect(readDecision(text, { numbered: true })).toBeUndefined();
    },
  );

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), fc.boolean(), (text, numbered) => {
        const decision = readDecision(text, { numbered });
        expect([undefined, "yes", "no"]).toContain(decision);
      }),
      { numRuns: 2000 },
    );
  });

  it("never says yes to text holding a question mark", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        expect(readDecision(`yes ${before}?${after}`)).toBeUndefined();
      }),
    );
  });
});
