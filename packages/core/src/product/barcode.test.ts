import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { VisibleError } from "../error";
import { Barcode } from "./barcode";

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof VisibleError) return error.code;
    throw error;
  }
  throw new Error("expected a VisibleError, nothing was thrown");
}

/** The bars of a bwip-js SVG read back as modules ("1" bar, "0" space), from the first bar to the last. */
function modules(svg: string): string {
  const lines: { from: number; to: number }[] = [];
  for (const [, width, d] of svg.matchAll(/<path stroke="#000000" stroke-width="([\d.]+)" d="([^"]+)"/g)) {
    for (const [, x] of (d as string).matchAll(/M([\d.]+) [\d.]+L\1 [\d.]+/g)) {
      lines.push({ from: Number(x) - Number(width) / 2, to: Number(x) + Number(width) / 2 });
    }
  }
  const unit = Math.min(...lines.map((line) => line.to - line.from));
  const start = Math.min(...lines.map((line) => line.from));
  const end = Math.max(...lines.map((line) => line.to));
  let pattern = "";
  for (let centre = start + unit / 2; centre < end; centre += unit) {
    pattern += lines.some((line) => line.from < centre && centre < line.to) ? "1" : "0";
  }
  return pattern;
}

// EAN-13 by hand from the GS1 tables, to read the drawn bars back as digits.
const L = [
  "0001101",
  "0011001",
  "0010011",
  "0111101",
  "0100011",
  "0110001",
  "0101111",
  "0111011",
  "0110111",
  "0001011",
];
const R = L.map((code) => code.replace(/./g, (bit) => (bit === "1" ? "0" : "1")));
const G = R.map((code) => [...code].reverse().join(""));
const FIRST = [
  "LLLLLL",
  "LLGLGG",
  "LLGGLG",
  "LLGGGL",
  "LGLLGG",
  "LGGLLG",
  "LGGGLL",
  "LGLGLG",
  "LGLGGL",
  "LGGLGL",
];

function decodeEan13(pattern: string): string {
  expect(pattern).toHaveLength(95);
  expect([pattern.slice(0, 3), pattern.slice(45, 50), pattern.slice(92)]).toEqual(["101", "01010", "101"]);
  let parity = "";
  let digits = "";
  for (let i = 0; i < 6; i++) {
    const code = pattern.slice(3 + i * 7, 10 + i * 7);
    const asL = L.indexOf(code);
    parity += asL >= 0 ? "L" : "G";
    digits += asL >= 0 ? asL : G.indexOf(code);
  }
  for (let i = 0; i < 6; i++) digits += R.indexOf(pattern.slice(50 + i * 7, 57 + i * 7));
  return FIRST.indexOf(parity) + digits;
}

describe("EAN-13 check digit", () => {
  it.each([
    ["400638133393", "1"],
    ["590123412345", "7"],
    ["978030640615", "7"],
    ["123456789012", "8"],
    ["000000000000", "0"],
    ["955000000001", "8"],
  ])("is %s → %s", (digits, check) => {
    expect(Barcode.ean13CheckDigit(digits)).toBe(check);
    expect(Barcode.isValidEan13(digits + check)).toBe(true);
    expect(Barcode.completeEan13(digits)).toBe(digits + check);
    expect(Barcode.completeEan13(digits + check)).toBe(digits + check);
  });

  it.each([
    "4006381333932",
    "400638133393",
    "40063813339311",
    "400638133393a",
    " 4006381333931",
    "",
    "４００６３８１３３３９３１",
  ])("refuses %j as an EAN-13", (code) => {
    expect(Barcode.isValidEan13(code)).toBe(false);
    if (code.length !== 12) expect(codeOf(() => Barcode.completeEan13(code))).toBe("barcode.invalid");
  });

  it.each(["12345", "abcdefghijkl", "1234567890123", "12345678901.", ""])(
    "has no check digit for %j",
    (digits) => {
      expect(codeOf(() => Barcode.ean13CheckDigit(digits))).toBe("barcode.invalid");
    },
  );

  it("completes any 12 digits into a valid code, and catches any single wrong digit in it", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{12}$/),
        fc.nat(12),
        fc.integer({ min: 1, max: 9 }),
        (digits, at, shift) => {
          const code = digits + Barcode.ean13CheckDigit(digits);
          expect(Barcode.isValidEan13(code)).toBe(true);
          const wrong = code.slice(0, at) + ((Number(code[at]) + shift) % 10) + code.slice(at + 1);
          expect(Barcode.isValidEan13(wrong)).toBe(false);
        },
      ),
    );
  });
});

describe("svg", () => {
  it.each(["4006381333931", "5901234123457", "9550000000018"])("draws bars that read back as %s", (code) => {
    const drawn = Barcode.svg(code, { symbology: "ean13" });
    expect(drawn).toMatch(/^<svg viewBox="[\d. ]+" xmlns="http:\/\/www\.w3\.org\/2000\/svg">/);
    expect(drawn).toMatch(/<path [^>]*d="M[^"]+"/);
    expect(decodeEan13(modules(drawn))).toBe(code);
  });

  it("adds the check digit to 12 digits before drawing", () => {
    expect(Barcode.svg("400638133393", { symbology: "ean13" })).toBe(
      Barcode.svg("4006381333931", { symbology: "ean13" }),
    );
  });

  it("draws a Code 128 symbol that ends in the stop pattern, 11 modules a symbol", () => {
    const pattern = modules(Barcode.svg("SKU-<1>&\"'", { symbology: "code128" }));
    expect(pattern.startsWith("11010")).toBe(true);
    expect(pattern.endsWith("1100011101011")).toBe(true);
    expect(pattern.length % 11).toBe(2);
    expect(pattern).not.toBe(modules(Barcode.svg('SKU-<1>&"(', { symbology: "code128" })));
  });

  it("takes its height and leaves the text out when asked", () => {
    const tall = Barcode.svg("A-1", { symbology: "code128", height: 30 });
    const short = Barcode.svg("A-1", { symbology: "code128", height: 5 });
    const height = (svg: string) => Number(svg.match(/viewBox="0 0 [\d.]+ ([\d.]+)"/)?.[1]);
    expect(height(tall)).toBeGreaterThan(height(short));
    expect(Barcode.svg("A-1", { symbology: "code128", text: false }).length).toBeLessThan(
      Barcode.svg("A-1", { symbology: "code128" }).length,
    );
  });

  it.each([
    ["ean13", "4006381333932"],
    ["ean13", "ABC"],
    ["code128", ""],
    ["code128", "café"],
    ["code128", "line\nbreak"],
    ["code128", "x".repeat(81)],
  ] as const)("refuses to draw %s %j", (symbology, code) => {
    expect(codeOf(() => Barcode.svg(code, { symbology }))).toBe("barcode.invalid");
  });
});

describe("labelHtml", () => {
  const item = { name: "Tempered glass iPhone 15", price: "12.3", sku: "TG-IP15", barcode: "9550000000018" };

  it("makes one page-sized label per item with the name, the price in ringgit and the barcode", () => {
    const html = Barcode.labelHtml([item, { ...item, sku: "TG-IP15P", barcode: null }], { size: "40x30" });
    expect(html).toContain("@page { size: 40mm 30mm; margin: 0; }");
    expect(html.match(/<section class="label">/g)).toHaveLength(2);
    expect(html).toContain('<div class="name">Tempered glass iPhone 15</div>');
    expect(html.match(/<div class="price">RM 12\.30<\/div>/g)).toHaveLength(2);
    expect(html).toContain(Barcode.svg("9550000000018", { symbology: "ean13", height: 12 }));
    expect(html).toContain(Barcode.svg("TG-IP15P", { symbology: "code128", height: 12 }));
    expect(html).toContain('<div class="sku">TG-IP15</div>');
    expect(html.match(/class="sku"/g)).toHaveLength(1);
  });

  it("sizes the page for 50x25 labels", () => {
    const html = Barcode.labelHtml([item], { size: "50x25" });
    expect(html).toContain("@page { size: 50mm 25mm; margin: 0; }");
    expect(html).toContain("width: 50mm; height: 25mm;");
  });

  it("escapes a hostile name and SKU", () => {
    const html = Barcode.labelHtml(
      [
        {
          name: "<script>alert(1)</script>",
          price: "1.00",
          sku: `"><img src=x onerror=alert(1)>`,
          barcode: "X1",
        },
      ],
      { size: "50x25" },
    );
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(html).toContain("&#34;&#62;&#60;img src=x onerror=alert(1)&#62;");
  });

  it("cuts a long name to one line with an ellipsis", () => {
    const name = "Samsung Galaxy A55 5G original service pack LCD with frame, awesome navy";
    const html = Barcode.labelHtml([{ ...item, name }], { size: "40x30" });
    expect(html).toContain('<div class="name">Samsung Galaxy A55 5G o…</div>');
    expect(html).not.toContain(name);
  });

  it("draws a 13-digit barcode with a wrong check digit as Code 128, so it still scans as typed", () => {
    const html = Barcode.labelHtml([{ ...item, barcode: "9550000000014" }], { size: "40x30" });
    expect(html).toContain(Barcode.svg("9550000000014", { symbology: "code128", height: 12 }));
  });

  it("refuses a price that is not money text, and a SKU Code 128 cannot carry", () => {
    expect(() => Barcode.labelHtml([{ ...item, price: "12.345" }], { size: "40x30" })).toThrow(ZodError);
    expect(() => Barcode.labelHtml([{ ...item, price: "-1" }], { size: "40x30" })).toThrow(ZodError);
    expect(
      codeOf(() => Barcode.labelHtml([{ ...item, barcode: null, sku: "kopi-ais-é" }], { size: "40x30" })),
    ).toBe("barcode.invalid");
  });
});
