import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Money } from "../money/index";
import {
  allocate,
  type Discount,
  giveBack,
  PaymentError,
  price,
  printed,
  roundCash,
  settle,
} from "./pricing";
import { printedTotals } from "./totals";

const m = Money.parse;
const t = (a: Money.Amount) => Money.text(a);

describe("price", () => {
  it.each([
    {
      name: "SST inside the price (8%)",
      inclusive: true,
      lines: [{ qty: 1, unit_price: "108.00", tax_rate: "8" }],
      expected: { subtotal: "100.00", discount_total: "0.00", tax_total: "8.00", total: "108.00" },
    },
    {
      name: "SST on top (8%) with an amount off the line",
      inclusive: false,
      lines: [{ qty: 1, unit_price: "100.00", tax_rate: "8", discount: { kind: "amount", value: "10" } }],
      expected: { subtotal: "100.00", discount_total: "10.00", tax_total: "7.20", total: "97.20" },
    },
    {
      name: "10% off two units, SST 10% inside",
      inclusive: true,
      lines: [{ qty: 2, unit_price: "25.00", tax_rate: "10", discount: { kind: "percent", value: "10" } }],
      // 45.00 charged: tax 45 × 10/110 = 4.09; before the discount the net was 50 − 4.55 = 45.45.
      expected: { subtotal: "45.45", discount_total: "4.54", tax_total: "4.09", total: "45.00" },
    },
    {
      name: "no tax",
      inclusive: true,
      lines: [
        { qty: 3, unit_price: "1.99", tax_rate: "0" },
        { qty: 1, unit_price: "0.03", tax_rate: "0" },
      ],
      expected: { subtotal: "6.00", discount_total: "0.00", tax_total: "0.00", total: "6.00" },
    },
  ] as const)("$name", ({ inclusive, lines, expected }) => {
    const priced = price({
      inclusive,
      lines: lines.map((l) => ({ ...l, unit_price: m(l.unit_price) })),
    });
    expect({
      subtotal: t(priced.subtotal),
      discount_total: t(priced.discount_total),
      tax_total: t(priced.tax_total),
      total: t(priced.total),
    }).toEqual(expected);
  });

  it("shares a cart discount over the lines in proportion, to the sen", () => {
    const priced = price({
      inclusive: true,
      discount: { kind: "amount", value: "1.00" },
      lines: [
        { qty: 1, unit_price: m("10.00"), tax_rate: "0" },
        { qty: 1, unit_price: m("20.00"), tax_rate: "0" },
      ],
    });
    expect(priced.lines.map((l) => t(l.discount_given))).toEqual(["0.33", "0.67"]);
    expect(t(priced.total)).toBe("29.00");
  });

  it("refuses a discount larger than the price", () => {
    expect(() =>
      price({
        inclusive: true,
        lines: [
          { qty: 1, unit_price: m("5.00"), tax_rate: "0", discount: { kind: "amount", value: "5.01" } },
        ],
      }),
    ).toThrow(RangeError);
  });

  const amount = fc.integer({ min: 0, max: 500_000 }).map((sen) => (sen / 100).toFixed(2));
  const discount: fc.Arbitrary<Discount | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.integer({ min: 0, max: 100 }).map((p) => ({ kind: "percent" as const, value: String(p) })),
  );
  it("always adds up: total = subtotal − discounts + tax, and each line = net + tax", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            qty: fc.integer({ min: 1, max: 50 }),
            unit_price: amount,
            tax_rate: fc.constantFrom("0", "6", "8", "10"),
            discount,
          }),
          { minLength: 1, maxLength: 8 },
        ),
        discount,
        fc.boolean(),
        (lines, cart, inclusive) => {
          const priced = price({
            inclusive,
            discount: cart,
            lines: lines.map((l) => ({ ...l, unit_price: m(l.unit_price) })),
          });
          expect(t(priced.total)).toBe(
            t(priced.subtotal.minus(priced.discount_total).plus(priced.tax_total)),
          );
          for (const line of priced.lines) {
            expect(t(line.total)).toBe(t(line.net.plus(line.tax)));
            expect(line.total.gte(Money.ZERO)).toBe(true);
            expect(Money.places(line.total)).toBeLessThanOrEqual(2);
          }
          const listed = Money.sum(priced.lines.map((l) => l.listed));
          expect(t(listed.minus(priced.discount_given))).toBe(
            t(inclusive ? priced.total : priced.total.minus(priced.tax_total)),
          );
          // What documents print, read back from the stored lines, adds up to the total too.
          const stored = lines.map((l, i) => ({
            qty: String(l.qty),
            unit_price: l.unit_price,
            line_total: t(priced.lines[i]!.total),
            tax_amount: t(priced.lines[i]!.tax),
          }));
          const rows = printedTotals({
            ...printed(stored, inclusive),
            tax_total: t(priced.tax_total),
            total: t(priced.total),
          });
          const above = rows.slice(
            0,
            rows.findIndex((r) => r.kind === "total"),
          );
          expect(t(Money.sum(above.map((r) => m(r.amount))))).toBe(t(priced.total));
        },
      ),
    );
  });
});

describe("allocate", () => {
  it("gives leftover sen to the largest remainders, earlier lines first on a tie", () => {
    expect(allocate(m("0.01"), [m("1"), m("1"), m("1")]).map(t)).toEqual(["0.01", "0.00", "0.00"]);
    expect(allocate(m("0.02"), [m("1"), m("1"), m("1")]).map(t)).toEqual(["0.01", "0.01", "0.00"]);
    expect(allocate(m("5.00"), [m("0"), m("0")]).map(t)).toEqual(["0.00", "0.00"]);
  });
  it("always adds up to the amount", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 10 }),
        (sen, weights) => {
          const shares = allocate(
            m((sen / 100).toFixed(2)),
            weights.map((w) => m((w / 100).toFixed(2))),
          );
          expect(t(Money.sum(shares))).toBe((sen / 100).toFixed(2));
        },
      ),
    );
  });
});

describe("cash rounding (Bank Negara)", () => {
  it.each([
    ["10.00", "10.00"],
    ["10.01", "10.00"],
    ["10.02", "10.00"],
    ["10.03", "10.05"],
    ["10.04", "10.05"],
    ["10.05", "10.05"],
    ["10.06", "10.05"],
    ["10.07", "10.05"],
    ["10.08", "10.10"],
    ["10.09", "10.10"],
  ])("%s in cash is %s", (bill, cash) => {
    expect(t(roundCash(m(bill)))).toBe(cash);
  });
});

describe("settle", () => {
  const tender = (method: "cash" | "card" | "duitnow", amount: string) => ({ method, amount: m(amount) });
  const view = (s: ReturnType<typeof settle>) => ({
    applied: s.applied.map((a) => ({
      method: a.method,
      amount: t(a.amount),
      ...(a.change ? { change: t(a.change) } : {}),
    })),
    rounding: t(s.rounding),
    balance: t(s.balance),
  });

  it.each([
    {
      name: "cash rounds the bill up to 5 sen and gives change",
      due: "10.03",
      tenders: [tender("cash", "20.00")],
      rounding: true,
      expected: {
        applied: [{ method: "cash", amount: "10.05", change: "9.95" }],
        rounding: "0.02",
        balance: "0.00",
      },
    },
    {
      name: "card first to the sen, cash rounds what is left down",
      due: "10.02",
      tenders: [tender("cash", "10.00"), tender("card", "5.00")],
      rounding: true,
      expected: {
        applied: [
          { method: "card", amount: "5.00" },
          { method: "cash", amount: "5.00", change: "5.00" },
        ],
        rounding: "-0.02",
        balance: "0.00",
      },
    },
    {
      name: "split cash and DuitNow",
      due: "120.00",
      tenders: [tender("cash", "50.00"), tender("duitnow", "70.00")],
      rounding: true,
      expected: {
        applied: [
          { method: "duitnow", amount: "70.00" },
          { method: "cash", amount: "50.00", change: "0.00" },
        ],
        rounding: "0.00",
        balance: "0.00",
      },
    },
    {
      name: "a part payment leaves a balance",
      due: "100.00",
      tenders: [tender("card", "40.00")],
      rounding: true,
      expected: { applied: [{ method: "card", amount: "40.00" }], rounding: "0.00", balance: "60.00" },
    },
    {
      name: "cash to the sen when rounding is off",
      due: "10.03",
      tenders: [tender("cash", "20.00")],
      rounding: false,
      expected: {
        applied: [{ method: "cash", amount: "10.03", change: "9.97" }],
        rounding: "0.00",
        balance: "0.00",
      },
    },
  ])("$name", ({ due, tenders, rounding, expected }) => {
    expect(view(settle(m(due), tenders, rounding))).toEqual(expected);
  });

  it("refuses a card payment above the balance (change is only given in cash)", () => {
    expect(() => settle(m("10.00"), [tender("card", "10.01")], true)).toThrow(PaymentError);
  });
  it("refuses a payment when nothing is due", () => {
    expect(() => settle(m("0.00"), [tender("cash", "1.00")], true)).toThrow(PaymentError);
  });
});

describe("giveBack (deposits above the bill)", () => {
  type Kind = "cash" | "card" | "fpx";
  const tender = (method: Kind, amount: string) => ({ method, amount: m(amount) });
  const paid = (...pairs: [Kind, string][]) => pairs.map(([k, a]) => tender(k, a));
  it.each([
    {
      name: "cash deposits: the excess in cash, rounded to 5 sen, the difference to the rounding",
      excess: "12.32",
      paid: paid(["cash", "50.00"]),
      back: [["cash", "12.30"]],
      rounding: "0.02",
    },
    {
      name: "rounds up as cash is taken (3 sen → 5)",
      excess: "12.33",
      paid: paid(["cash", "50.00"]),
      back: [["cash", "12.35"]],
      rounding: "-0.02",
    },
    {
      name: "a card deposit goes back to the card first, to the sen",
      excess: "40.01",
      paid: paid(["cash", "20.00"], ["card", "100.00"]),
      back: [["card", "40.01"]],
      rounding: "0.00",
    },
    {
      name: "more than the card paid: the rest in cash",
      excess: "70.00",
      paid: paid(["card", "50.00"], ["cash", "100.00"]),
      back: [
        ["card", "50.00"],
        ["cash", "20.00"],
      ],
      rounding: "0.00",
    },
    {
      name: "without cash rounding, cash to the sen",
      excess: "12.32",
      paid: paid(["cash", "50.00"]),
      back: [["cash", "12.32"]],
      rounding: "0.00",
      exact: true,
    },
    {
      name: "two sen owed rounds to nothing given",
      excess: "0.02",
      paid: paid(["cash", "50.00"]),
      back: [],
      rounding: "0.02",
    },
  ])("$name", ({ excess, paid, back, rounding, exact }) => {
    const result = giveBack(m(excess), paid, !exact);
    expect(result.back.map((b) => [b.method, t(b.amount)])).toEqual(back);
    expect(t(result.rounding)).toBe(rounding);
  });

  it("always clears the excess: given back + rounding = excess, rounding within 2 sen", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.array(
          fc.tuple(fc.constantFrom<Kind>("cash", "card", "fpx"), fc.integer({ min: 1, max: 100_000 })),
        ),
        (excessSen, deposits) => {
          const cents = (n: number) => m((n / 100).toFixed(2));
          const tenders = [
            ...deposits.map(([k, a]) => tender(k, (a / 100).toFixed(2))),
            tender("cash", (excessSen / 100).toFixed(2)),
          ];
          const { back, rounding } = giveBack(cents(excessSen), tenders, true);
          expect(t(Money.sum(back.map((b) => b.amount)).plus(rounding))).toBe(t(cents(excessSen)));
          expect(rounding.abs().lte(m("0.02"))).toBe(true);
        },
      ),
    );
  });
});
