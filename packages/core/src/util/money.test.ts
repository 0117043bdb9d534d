import { describe, expect, it } from "vitest";
import { fromSen, tax, toSen } from "./money";

describe("money", () => {
  it.each([
    ["180", 18000],
    ["180.5", 18050],
    ["0.05", 5],
    ["-12.30", -1230],
  ])("reads %s as %i sen", (text, sen) => {
    expect(toSen(text)).toBe(sen);
  });

  it.each([
    [18000, "180.00"],
    [5, "0.05"],
    [-1230, "-12.30"],
  ])("writes %i sen as %s", (sen, text) => {
    expect(fromSen(sen)).toBe(text);
  });

  it("refuses what is not an amount", () => {
    expect(() => toSen("1.234")).toThrow();
    expect(() => toSen("12,00")).toThrow();
  });

  it.each([
    {
      label: "8% inside RM 108.00",
      amount: 10800,
      rate: "8.00",
      inclusive: true,
      expected: { net: 10000, tax: 800, gross: 10800 },
    },
    {
      label: "8% on top of RM 100.00",
      amount: 10000,
      rate: "8.00",
      inclusive: false,
      expected: { net: 10000, tax: 800, gross: 10800 },
    },
    {
      label: "8% inside RM 180.00, rounded to the sen",
      amount: 18000,
      rate: "8.00",
      inclusive: true,
      expected: { net: 16667, tax: 1333, gross: 18000 },
    },
    {
      label: "no tax",
      amount: 5000,
      rate: "0",
      inclusive: true,
      expected: { net: 5000, tax: 0, gross: 5000 },
    },
  ])("computes $label", ({ amount, rate, inclusive, expected }) => {
    expect(tax(amount, rate, inclusive)).toEqual(expected);
  });
});
