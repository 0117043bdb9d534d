import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import * as Format from "./format";
import { subset } from "./phone-metadata";
import shipped from "./phone-metadata.json";

// 07:05 UTC is 15:05 in Kuala Lumpur; 17:30 UTC is already the next day there.
const AFTERNOON = "2026-12-03T07:05:00.000Z";
const LATE = "2026-03-31T17:30:00.000Z";
const MORNING = new Date("2026-08-09T00:00:00.000Z");

describe("dates in the shop's zone", () => {
  it.each([
    { at: AFTERNOON, expected: "03/12/2026" },
    { at: LATE, expected: "01/04/2026" },
    { at: MORNING, expected: "09/08/2026" },
  ])("writes $at as $expected (DD/MM/YYYY)", ({ at, expected }) => {
    expect(Format.date(at)).toBe(expected);
  });

  it("adds the seconds when asked", () => {
    expect(Format.dateTime("2026-12-03T07:05:09Z", "ms", undefined, { seconds: true })).toBe(
      "03/12/2026, 3:05:09 PTG",
    );
  });

  it("follows the zone it is given", () => {
    expect(Format.date(LATE, "UTC")).toBe("31/03/2026");
  });

  it.each([
    { at: AFTERNOON, language: "en", expected: "03/12/2026, 3:05 PM" },
    { at: AFTERNOON, language: "ms", expected: "03/12/2026, 3:05 PTG" },
    { at: MORNING, language: "en", expected: "09/08/2026, 8:00 AM" },
    { at: MORNING, language: "ms", expected: "09/08/2026, 8:00 PG" },
    { at: "2026-12-03T04:00:00Z", language: "ms", expected: "03/12/2026, 12:00 PTG" },
    { at: "2026-12-02T16:00:00Z", language: "en", expected: "03/12/2026, 12:00 AM" },
  ] as const)("writes $at in $language as $expected", ({ at, language, expected }) => {
    expect(Format.dateTime(at, language)).toBe(expected);
  });

  it.each([
    { n: 1, en: "January", ms: "Januari" },
    { n: 2, en: "February", ms: "Februari" },
    { n: 3, en: "March", ms: "Mac" },
    { n: 4, en: "April", ms: "April" },
    { n: 5, en: "May", ms: "Mei" },
    { n: 6, en: "June", ms: "Jun" },
    { n: 7, en: "July", ms: "Julai" },
    { n: 8, en: "August", ms: "Ogos" },
    { n: 9, en: "September", ms: "September" },
    { n: 10, en: "October", ms: "Oktober" },
    { n: 11, en: "November", ms: "November" },
    { n: 12, en: "December", ms: "Disember" },
  ])("names month $n $en and $ms", ({ n, en, ms }) => {
    expect(Format.month(2026, n, "en")).toBe(`${en} 2026`);
    expect(Format.month(2026, n, "ms")).toBe(`${ms} 2026`);
    const fifteenth = `2026-${String(n).padStart(2, "0")}-15T04:00:00Z`;
    expect(Format.longDate(fifteenth, "ms")).toBe(`15 ${ms} 2026`);
  });

  it.each([
    { language: "en", expected: "Thursday, 3 December 2026, 3:05 PM" },
    { language: "ms", expected: "Khamis, 3 Disember 2026, 3:05 PTG" },
  ] as const)("writes a promised time in a $language message as $expected", ({ language, expected }) => {
    expect(Format.longDateTime(AFTERNOON, language)).toBe(expected);
  });

  it("writes a calendar day without moving it to a zone", () => {
    expect(Format.day("2026-01-31")).toBe("31/01/2026");
  });

  it("refuses what is not a moment or a month", () => {
    expect(() => Format.date("soon")).toThrow(RangeError);
    expect(() => Format.month(2026, 13, "en")).toThrow(RangeError);
  });
});

describe("phone numbers as shown", () => {
  it.each([
    { input: "+60378771234", expected: "+60 3-7877 1234" },
    { input: "03-7877 1234", expected: "+60 3-7877 1234" },
    { input: "+60123456789", expected: "+60 12-345 6789" },
    { input: "0123456789", expected: "+60 12-345 6789" },
    { input: "+601112345678", expected: "+60 11-1234 5678" },
    { input: "+6082123456", expected: "+60 82-123 456" },
    { input: "+6581234567", expected: "+65 8123 4567" },
    { input: "+8801712345678", expected: "+880 1712 345678" },
    { input: "+12025550123", expected: "+1 202 555 0123" },
    { input: "+33612345678", expected: "+33612345678" },
    { input: "1300 88 1234", expected: "1-300-88-1234" },
    { input: " 03-7877 1234 ext 2 ", expected: "03-7877 1234 ext 2" },
    { input: "not a phone", expected: "not a phone" },
    { input: "", expected: "" },
  ])("shows $input as $expected", ({ input, expected }) => {
    expect(Format.phone(input)).toBe(expected);
  });
});

describe("the shop's address as printed", () => {
  it.each([
    {
      shop: { address: "1 Jalan Bengkel\nTaman Sri", postcode: "40000", city: "Shah Alam" },
      expected: "1 Jalan Bengkel\nTaman Sri\n40000 Shah Alam",
    },
    { shop: { address: "1 Jalan Bengkel, 40000 Shah Alam" }, expected: "1 Jalan Bengkel, 40000 Shah Alam" },
    { shop: { address: "", postcode: "", city: "Ipoh" }, expected: "Ipoh" },
  ])("prints $expected", ({ shop, expected }) => {
    expect(Format.address(shop)).toBe(expected);
  });
});

describe("the phone metadata shipped to pages", () => {
  it("is the installed libphonenumber-js's, cut to the display countries (else run packages/core/scripts/phone-metadata.ts)", () => {
    const full = createRequire(import.meta.url)("libphonenumber-js/metadata.min.json");
    expect(shipped).toEqual(subset(full));
  });
});
