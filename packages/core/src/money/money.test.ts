import { describe, expect, it } from "vitest";
import { Money } from "./index";

describe("money", () => {
  it.each([
    ["180", "180.00"],
    ["180.5", "180.50"],
    ["0.05", "0.05"],
    ["-12.30", "-12.30"],
    ["9999999999.99", "9999999999.99"],
  ])("reads %s and writes it back as %s", (given, written) => {
    expect(Money.text(Money.parse(given))).toBe(written);
  });

  it.each(["1.234", "12,00", "1e3", "", " 1", "0x10", "12345678901"])("refuses %j as an amount", (given) => {
    expect(() => Money.parse(given)).toThrow();
    expect(Money.Text.safeParse(given).success).toBe(false);
  });

  it("never takes a JS number, so no amount passes through a float", () => {
    expect(() => Money.of(0.1 as unknown as string)).toThrow();
  });

  it("adds exactly where floats do not", () => {
    expect(Money.text(Money.sum(["0.10", "0.20"].map(Money.parse)))).toBe("0.30");
    expect(Money.sum([]).eq(Money.ZERO)).toBe(true);
  });

  it.each([
    ["8% inside RM 108.00", "108.00", "8.00", true, { net: "100.00", tax: "8.00", gross: "108.00" }],
    ["8% on top of RM 100.00", "100.00", "8.00", false, { net: "100.00", tax: "8.00", gross: "108.00" }],
    [
      "8% inside RM 180.00, to the sen",
      "180.00",
      "8.00",
      true,
      { net: "166.67", tax: "13.33", gross: "180.00" },
    ],
    ["6% on top of RM 0.25, half a sen up", "0.25", "6", false, { net: "0.25", tax: "0.02", gross: "0.27" }],
    ["no tax", "50.00", "0", true, { net: "50.00", tax: "0.00", gross: "50.00" }],
  ])("computes %s", (_, amount, rate, inclusive, expected) => {
    const { net, tax, gross } = Money.tax(Money.parse(amount), rate, inclusive);
    expect({ net: Money.text(net), tax: Money.text(tax), gross: Money.text(gross) }).toEqual(expected);
  });

  it.each([
    ["0.125", 2, "0.13"],
    ["-0.125", 2, "-0.13"],
    ["0.124", 2, "0.12"],
    ["2.5", 0, "3"],
  ])("rounds %s to %i places half away from zero: %s", (given, places, expected) => {
    expect(Money.round(Money.of(given), places).toString()).toBe(expected);
  });

  it.each([
    [1436.5, "1436.50", 1],
    [0.0000001, "0.0000001", 7],
    [1e21, "1000000000000000000000.00", 0],
    [12.345, "12.345", 3],
  ])("reads the JSON number %d exactly as JSON writes it", (n, exact, places) => {
    expect(Money.exact(Money.ofJsonNumber(n))).toBe(exact);
    expect(Money.places(Money.ofJsonNumber(n))).toBe(places);
  });

  it.each([
    ["180", "MYR", "RM 180.00"],
    ["12.5", "USD", "USD 12.50"],
    ["0.125", "MYR", "RM 0.125"],
  ])("formats %s %s as %s", (amount, currency, expected) => {
    expect(Money.format(amount, currency)).toBe(expected);
  });

  it("compares within a tolerance", () => {
    expect(Money.near(Money.of("1.004"), Money.of("1.00"), Money.of("0.005"))).toBe(true);
    expect(Money.near(Money.of("1.006"), Money.of("1.00"), Money.of("0.005"))).toBe(false);
  });
});
