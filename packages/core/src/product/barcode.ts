import { code128, drawingSVG, ean13 } from "bwip-js/generic";
import * as z from "zod";
import { VisibleError } from "../error";
import { Money } from "../money/index";
import { escapeHtml } from "../template/html";

export * as Barcode from "./barcode";

/**
 * Barcodes for shelf and product labels: EAN-13 (what manufacturers print, and what the shop
 * can give its own goods) and Code 128 (any SKU). Drawn by bwip-js as SVG with the digits as
 * outlines, so the same code runs in Node and in the browser and prints at any size.
 */

export const Symbology = z.enum(["code128", "ean13"]);
export type Symbology = z.infer<typeof Symbology>;

export const SvgOptions = z.object({
  symbology: Symbology,
  /** Bar height in millimetres. */
  height: z.number().positive().max(100).optional(),
  /** Print the human-readable text under the bars (default true). */
  text: z.boolean().optional(),
});
export type SvgOptions = z.infer<typeof SvgOptions>;

export { LabelItem, LabelSize } from "./contracts";

import { LabelItem, LabelSize } from "./contracts";

/** Printable ASCII only: every scanner reads it back the same, whatever its keyboard layout. */
const CODE128_TEXT = /^[\x20-\x7e]{1,80}$/;

const invalid = (message: string) => new VisibleError("barcode.invalid", message);

/** The GS1 check digit of 12 digits: weights 1 and 3 from the left, then up to a multiple of ten. */
export function ean13CheckDigit(digits12: string): string {
  if (!/^\d{12}$/.test(digits12))
    throw invalid(`An EAN-13 check digit needs exactly 12 digits, not ${JSON.stringify(digits12)}`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === code[12];
}

/** 12 digits get their check digit; 13 must already carry the right one. Throws `barcode.invalid`. */
export function completeEan13(code: string): string {
  if (/^\d{12}$/.test(code)) return code + ean13CheckDigit(code);
  if (isValidEan13(code)) return code;
  throw invalid(`Not an EAN-13: ${JSON.stringify(code)} (12 digits, or 13 with the right check digit)`);
}

/**
 * The barcode as an SVG document with a viewBox and no fixed size, so CSS sizes it; a quiet
 * zone is included on both sides. EAN-13 takes 12 digits (the check digit is added) or 13;
 * Code 128 takes 1-80 printable ASCII characters. Throws `barcode.invalid` otherwise.
 */
export function svg(code: string, options: SvgOptions): string {
  const { symbology, height = 15, text = true } = SvgOptions.parse(options);
  const common = { height, includetext: text, paddingwidth: 10, scale: 2 };
  try {
    if (symbology === "ean13") {
      return ean13({ ...common, bcid: "ean13", text: completeEan13(code) }, drawingSVG());
    }
    if (!CODE128_TEXT.test(code)) {
      throw invalid(`Code 128 labels take 1-80 printable ASCII characters, not ${JSON.stringify(code)}`);
    }
    return code128({ ...common, bcid: "code128", text: code }, drawingSVG());
  } catch (error) {
    if (error instanceof VisibleError) throw error;
    throw invalid(`The barcode ${JSON.stringify(code)} cannot be drawn: ${(error as Error).message}`);
  }
}

const SIZES: Record<LabelSize, { width: number; height: number; name: number; bars: number }> = {
  "40x30": { width: 40, height: 30, name: 24, bars: 12 },
  "50x25": { width: 50, height: 25, name: 30, bars: 9 },
};

/** At most `max` characters, an ellipsis marking the cut; never splits a surrogate pair. */
function truncate(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`
    : chars.join("");
}

/** A manufacturer's EAN-13 as such; any other barcode, or the SKU when there is none, as Code 128. */
function barsFor(item: LabelItem, height: number): string {
  const code = item.barcode || item.sku;
  const symbology = isValidEan13(code) ? "ean13" : "code128";
  return svg(code, { symbology, height });
}

/**
 * A printable HTML page of product labels, one per page of the label printer's size (`@page`),
 * in the order given: the name (cut to one line), the price ("RM 12.30") and the barcode, with
 * the SKU in small print when the barcode is something else. Everything typed is escaped. Throws
 * a ZodError for bad items and `barcode.invalid` for a code its symbology cannot carry.
 */
export function labelHtml(items: LabelItem[], options: { size: LabelSize }): string {
  const list = z.array(LabelItem).max(1000).parse(items);
  const size = SIZES[LabelSize.parse(options.size)];
  const labels = list.map((item) => {
    const sku =
      item.barcode && item.barcode !== item.sku ? `<div class="sku">${escapeHtml(item.sku)}</div>` : "";
    return [
      '<section class="label">',
      `<div class="name">${escapeHtml(truncate(item.name, size.name))}</div>`,
      `<div class="price">${escapeHtml(Money.format(item.price))}</div>`,
      sku,
      `<div class="bars">${barsFor(item, size.bars)}</div>`,
      "</section>",
    ].join("");
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Labels</title>
<style>
@page { size: ${size.width}mm ${size.height}mm; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: Arial, Helvetica, sans-serif; color: #000; background: #fff; }
.label { width: ${size.width}mm; height: ${size.height}mm; padding: 1.5mm; overflow: hidden;
  display: flex; flex-direction: column; break-after: page; page-break-after: always; }
.label:last-child { break-after: auto; page-break-after: auto; }
.name { font-size: 8pt; line-height: 1.2; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.price { font-size: 11pt; font-weight: bold; line-height: 1.2; }
.sku { font-size: 6pt; line-height: 1.2; }
.bars { flex: 1; min-height: 0; }
.bars svg { display: block; width: 100%; height: 100%; }
</style>
</head>
<body>
${labels.join("\n")}
</body>
</html>
`;
}
