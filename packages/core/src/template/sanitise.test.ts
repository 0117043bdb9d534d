import { describe, expect, it } from "vitest";
import { publicText } from "./sanitise";

describe("publicText", () => {
  it.each([
    ["Ali https://evil.example/login", "Ali"],
    ["Ali http://xn--80ak6aa92e.com", "Ali"],
    ["Win a prize at bit.ly/abc123 now", "Win a prize at now"],
    ["Siti www.paypal-verify.com", "Siti"],
    ["Tan maybank2u.com.my/secure?x=1", "Tan"],
    ["Lim evil。com", "Lim"],
    ["Call +60 12-345 6789 urgently", "Call urgently"],
    ["WhatsApp 0123456789", "WhatsApp"],
    ["Mail me at a.b@example.com", "Mail me at"],
    ["Ahmad\nbin\u200bAli", "Ahmad bin Ali"],
    ["Samsung Galaxy A54", "Samsung Galaxy A54"],
    ["iPhone 15 Pro Max 256GB", "iPhone 15 Pro Max 256GB"],
    ["Nurul Aina", "Nurul Aina"],
    ["https://x.example", ""],
  ])("makes %j into %j", (input, expected) => {
    expect(publicText(input, 60)).toBe(expected);
  });

  it("caps the length", () => {
    expect(publicText("a".repeat(100), 10)).toHaveLength(10);
  });
});
