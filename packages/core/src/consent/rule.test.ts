import { describe, expect, it } from "vitest";
import { allows, keywordOf } from "./rule";

describe("opt-out and opt-in words", () => {
  it.each([
    ["STOP", "stop"],
    ["stop.", "stop"],
    [" berhenti ! ", "stop"],
    ["Stop please", "stop"],
    ["BERHENTI terima kasih", "stop"],
    ["Unsubscribe", "stop"],
    ["opt out", "stop"],
    ["ＳＴＯＰ", "stop"],
    ["START", "start"],
    ["mula", "start"],
    ["Start again please", "start"],
    ["S t o p", undefined],
    ["stop the repair, I want it back first", undefined],
    ["Is my phone ready?", undefined],
    ["", undefined],
  ] as const)("reads %j as %s", (text, keyword) => {
    expect(keywordOf(text)).toBe(keyword);
  });
});

describe("the consent rule", () => {
  it.each([
    ["opted_out", "consent_confirmation", true],
    ["opted_out", "owner_alert", true],
    ["opted_out", "ticket_notice", false],
    ["opted_out", "follow_up", false],
    ["opted_out", "campaign", false],
    ["opted_out", "staff", false],
    ["unknown", "ticket_notice", false],
    ["unknown", "staff", true],
    ["opted_in", "ticket_notice", true],
    ["opted_in", "follow_up", true],
    ["opted_in", "campaign", true],
    ["opted_out", "appointment_reminder", false],
    ["unknown", "appointment_reminder", true],
  ] as const)("a customer %s may get a %s message: %s", (consent, purpose, expected) => {
    expect(allows(consent, purpose)).toBe(expected);
  });
});
