import { describe, expect, it } from "vitest";
import { cell, toCsv } from "./csv";

describe("a CSV cell", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    [null, ""],
    ["Ali, Abu", '"Ali, Abu"'],
    ['The "Phone" Shop', '"The ""Phone"" Shop"'],
    ["two\nlines", '"two\nlines"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ["+60123", "'+60123"],
    ["-cmd", "'-cmd"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["-0.02", "-0.02"],
    ["12.50", "12.50"],
  ])("writes %j as %j", (value, written) => {
    expect(cell(value)).toBe(written);
  });
});

describe("a CSV file", () => {
  it("starts with a byte-order mark and ends every line in CRLF", () => {
    expect(toCsv(["a", "b"], [["1", null]])).toBe("\uFEFFa,b\r\n1,\r\n");
  });
});
