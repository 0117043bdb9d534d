import { describe, expect, it } from "vitest";
import {
  type CartLine,
  checkoutBody,
  discountSen,
  estimateSen,
  fromSen,
  type Product,
  toSen,
} from "@/app/(app)/pos/cart";

const product = (price: string) => ({ id: `p-${price}`, price }) as Product;
const line = (price: string, qty: number, discount = { kind: "percent" as const, value: "" }): CartLine => ({
  product: product(price),
  qty,
  discount,
});

describe("the counter's running total, in whole sen", () => {
  it.each([
    ["0.1", 10n],
    ["12.5", 1250n],
    ["35.00", 3500n],
    ["1234567890.99", 123456789099n],
  ])("reads %s as %s sen", (text, sen) => {
    expect(toSen(text)).toBe(sen);
    expect(toSen(fromSen(sen))).toBe(sen);
  });

  it.each(["", "-1", "1.234", "1e3", "abc", "0x10"])("refuses %j as an amount", (text) => {
    expect(toSen(text)).toBeUndefined();
  });

  it.each([
    [3500n, { kind: "percent", value: "10" }, 350n],
    [1590n, { kind: "percent", value: "12.5" }, 199n],
    [1000n, { kind: "percent", value: "33.33" }, 333n],
    [1000n, { kind: "amount", value: "2.50" }, 250n],
    [1000n, { kind: "amount", value: "20" }, 1000n],
    [1000n, { kind: "percent", value: "" }, 0n],
  ] as const)("takes off %s sen by %o: %s sen", (base, discount, off) => {
    expect(discountSen(base, discount)).toBe(off);
  });

  it("adds 0.1 and 0.2 to exactly 0.30, where floats would not", () => {
    expect(fromSen(estimateSen([line("0.10", 1), line("0.20", 1)], { kind: "amount", value: "" }))).toBe(
      "0.30",
    );
  });

  it("takes line discounts, then the sale's discount off the sum", () => {
    const lines = [line("35.00", 1, { kind: "percent", value: "10" }), line("15.90", 2)];
    expect(fromSen(estimateSen(lines, { kind: "amount", value: "1.30" }))).toBe("62.00");
  });

  it("sends only what was entered: no empty discount, payment or reference, and the name only with a phone", () => {
    const body = checkoutBody({
      lines: [line("35.00", 2, { kind: "percent", value: "0" })],
      discount: { kind: "amount", value: " " },
      payments: [
        { method: "cash", amount: "50", reference: "" },
        { method: "card", amount: "", reference: "x" },
        { method: "duitnow", amount: "20.00", reference: " DN-1 " },
      ],
      phone: "",
      name: "Ali",
      key: "key-12345678",
    });
    expect(body).toEqual({
      items: [{ product_id: "p-35.00", qty: 2, discount: undefined }],
      discount: undefined,
      payments: [
        { method: "cash", amount: "50", reference: undefined },
        { method: "duitnow", amount: "20.00", reference: "DN-1" },
      ],
      customer_phone: undefined,
      customer_name: undefined,
      idempotency_key: "key-12345678",
    });
  });
});
