import { describe, expect, it } from "vitest";
import { Money } from "../money/index";
import { type RepairPart, repairLines } from "./index";

const part = (qty: number, unit_price: string): RepairPart => ({
  product_id: "00000000-0000-7000-8000-000000000000",
  name: "Part",
  qty,
  unit_price,
  unit_cost: null,
  tax_code: "sales",
});

describe("the repair's labour line", () => {
  it.each([
    {
      name: "no parts: the estimate is all labour",
      estimate: "180.00",
      parts: [],
      labour: "180.00",
      line: true,
    },
    {
      name: "parts come out of the estimate",
      estimate: "250.00",
      parts: [part(1, "120.00")],
      labour: "130.00",
      line: true,
    },
    {
      name: "two of a part, to the sen",
      estimate: "99.99",
      parts: [part(2, "12.34")],
      labour: "75.31",
      line: true,
    },
    {
      name: "parts equal to the estimate: no labour line",
      estimate: "120.00",
      parts: [part(1, "120.00")],
      labour: "0.00",
      line: false,
    },
    {
      name: "parts above the estimate: no labour, parts in full",
      estimate: "100.00",
      parts: [part(2, "90.00")],
      labour: "0.00",
      line: false,
    },
    {
      name: "no estimate and no parts: one line at zero",
      estimate: "0.00",
      parts: [],
      labour: "0.00",
      line: true,
    },
  ])("$name", ({ estimate, parts, labour, line }) => {
    const result = repairLines(estimate, parts);
    expect(Money.text(result.labour)).toBe(labour);
    expect(result.includeLabour).toBe(line);
  });
});
