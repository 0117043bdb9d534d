import { describe, expect, it } from "vitest";
import { DECOY_HASH, PARAMS, policyIssues, verify } from "./password";
import { characters, MIN_LENGTH } from "./policy";

const SITI = { email: "siti@kedai.my", name: "Siti Aminah" };

describe("the password policy", () => {
  it.each([
    ["kopi-o-kosong-tiga"],
    ["teh-tarik-kurang-manis"],
    ["jalan-bukit-bintang-88"],
    ["Bz7-kL2p-Qr9w"],
    ["qwerty-kopi-o-ais"],
    // Twelve characters as a person counts them, though 24 UTF-16 units.
    ["🔒🐱🍜🌧🚲🎈🧧🪔🌶🥥🛵🕌"],
    ["nasi lemak sambal sotong"],
  ])("accepts %s", async (password) => {
    expect(await policyIssues(password, SITI)).toEqual([]);
  });

  it.each([
    ["", "password.blank"],
    ["            ", "password.blank"],
    ["\t \u00a0\u3000 \u2003\u2003  \n   ", "password.blank"],
    ["short-pass", "password.too_short"],
    // Six padlocks are twelve UTF-16 units but six characters.
    ["🔒🔒🔒🔒🔒🔒", "password.too_short"],
    ["e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301x", "password.too_short"],
    ["siti@kedai.my", "password.personal"],
    ["SITI@KEDAI.MY-2026", "password.personal"],
    ["sitiaminah2024", "password.personal"],
    ["aaaaaaaaaaaa", "password.repeated"],
    ["abcabcabcabc", "password.repeated"],
    ["trustno1trustno1", "password.repeated"],
    ["🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒", "password.repeated"],
    ["qwertyuiop12", "password.keyboard_walk"],
    ["1qaz2wsx3edc", "password.keyboard_walk"],
    ["qazwsxedcrfv", "password.keyboard_walk"],
    ["!QAZ@WSX#EDC", "password.keyboard_walk"],
    ["mnbvcxzlkjhg", "password.keyboard_walk"],
    ["azertyuiop12", "password.keyboard_walk"],
    ["7410852096321", "password.keyboard_walk"],
    ["password1234", "password.common"],
    ["iloveyou12345", "password.weak"],
    ["monkey123456", "password.weak"],
  ])("refuses %j with %s first", async (password, reason) => {
    const issues = await policyIssues(password, SITI);
    expect(issues[0]?.reason).toBe(reason);
    for (const issue of issues) expect(issue.message).toBeTruthy();
  });

  it("counts characters as a person does", () => {
    expect(characters("🔒").length).toBe(1);
    expect(characters("👍🏽é\u0301🇲🇾").length).toBe(3);
    expect(MIN_LENGTH).toBe(12);
  });
});

describe("the decoy hash", () => {
  it("is an argon2id hash with the parameters real hashes use, so verifying it costs the same", async () => {
    const { memorySize, iterations, parallelism } = PARAMS;
    expect(DECOY_HASH.startsWith(`$argon2id$v=19$m=${memorySize},t=${iterations},p=${parallelism}$`)).toBe(
      true,
    );
    expect(await verify("anything at all", DECOY_HASH)).toBe(false);
  });
});
