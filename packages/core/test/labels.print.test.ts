import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HAS_CHROMIUM, launchChromium } from "../../web/test/harness";
import { Barcode } from "../src/product/barcode";

const MM = 96 / 25.4;
/** GS1's smallest EAN-13 module (80 % magnification), in millimetres. */
const EAN13_MIN_MODULE = 0.264;

const ITEMS: Barcode.LabelItem[] = [
  {
    name: "Tempered glass iPhone 15 Pro Max privacy edition",
    price: "25",
    sku: "TG-IP15PM",
    barcode: "9550000000018",
  },
  { name: "USB-C cable 1 m", price: "12.30", sku: "CBL-USBC-1M", barcode: null },
  { name: "Battery Samsung A55", price: "189.00", sku: "BAT-A55", barcode: "BAT-A55-2026-LOT7" },
];

describe.skipIf(!HAS_CHROMIUM)("labels printed by chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ["40x30", 40, 30],
    ["50x25", 50, 25],
  ] as const)(
    "print %s labels one to a page of that size, everything inside",
    async (size, width, height) => {
      const page = await browser.newPage();
      await page.setContent(Barcode.labelHtml(ITEMS, { size }));

      const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1");
      expect(pdf.match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(ITEMS.length);
      const [, w, h] = pdf.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/) ?? [];
      expect(Number(w)).toBeCloseTo((width * 72) / 25.4, 0);
      expect(Number(h)).toBeCloseTo((height * 72) / 25.4, 0);

      await page.emulateMedia({ media: "print" });
      const labels = await page.$$eval(".label", (elements) =>
        elements.map((label) => {
          const name = label.querySelector(".name");
          const svg = label.querySelector(".bars svg");
          const box = svg.getBoundingClientRect();
          const [, , viewWidth, viewHeight] = (svg.getAttribute("viewBox") ?? "").split(" ").map(Number);
          return {
            overflows: label.scrollHeight > label.clientHeight + 1,
            // One line, and our cut short enough that CSS's own ellipsis is not needed.
            nameOneLine: name.getBoundingClientRect().height < 20,
            nameClipped: name.scrollWidth > name.clientWidth,
            // The drawing keeps its aspect ratio inside the box; bwip-js draws 2 units a module.
            modulePx:
              Math.min(box.width, box.height * ((viewWidth as number) / (viewHeight as number))) /
              ((viewWidth as number) / 2),
          };
        }),
      );
      for (const label of labels) {
        expect(label.overflows).toBe(false);
        expect(label.nameOneLine).toBe(true);
        expect(label.nameClipped).toBe(false);
      }
      expect((labels[0]?.modulePx as number) / MM).toBeGreaterThanOrEqual(EAN13_MIN_MODULE);
      await page.close();
    },
  );
});
