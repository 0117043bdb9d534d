import { describe, expect, it } from "vitest";
import { maskPhone, Phone, toE164 } from "./phone";

describe("phone numbers", () => {
  it.each([
    { input: "012-345 6789", expected: "+60123456789" },
    { input: "+60 12-345 6789", expected: "+60123456789" },
    { input: "0111 234 5678", expected: "+601112345678" },
    { input: "03-2161 1234", expected: "+60321611234" },
    { input: "+65 8123 4567", expected: "+6581234567" },
    { input: "12", expected: undefined },
    { input: "not a phone", expected: undefined },
  ])("normalises $input to $expected", ({ input, expected }) => {
    expect(toE164(input)).toBe(expected);
  });

  it("rejects an invalid number with a zod issue", () => {
    expect(Phone.safeParse("0123").success).toBe(false);
  });

  it("masks all but the country code and last digits in logs", () => {
    expect(maskPhone("+60123456789")).toBe("+601*****789");
  });
});
