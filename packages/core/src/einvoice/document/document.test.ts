import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it, test } from "vitest";
import { buildDocument, discrepancies } from "./document";
import { SAMPLE_CREDIT_NOTE, SAMPLE_INVOICE, shopInvoice } from "./document.fixtures";
import { DocumentInput } from "./input";
import type { Aggregate, Element } from "./ubl";

const FIXTURES = new URL("../../../test/fixtures/myinvois/", import.meta.url);
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("base64");

/** The sample as LHDN hashes it: official minifier, then without UBLExtensions and Signature. */
function sample(file: string) {
  const raw = readFileSync(new URL(file, FIXTURES), "utf8");
  const minified = raw.replace(/("(?:\\.|[^"\\])*")|\s+/g, (_all, string?: string) => string ?? "");
  const parsed = JSON.parse(minified);
  // Re-serialising must not change a byte, or the body below would not be what LHDN hashed.
  expect(JSON.stringify(parsed)).toBe(minified);
  const invoice = parsed.Invoice[0];
  const references = invoice.UBLExtensions?.[0].UBLExtension[0].ExtensionContent[0].UBLDocumentSignatures[0]
    .SignatureInformation[0].Signature[0].SignedInfo[0].Reference as
    | { URI: string; DigestValue: [{ _: string }] }[]
    | undefined;
  delete invoice.UBLExtensions;
  delete invoice.Signature;
  return { body: JSON.stringify(parsed), digest: references?.find((r) => r.URI === "")?.DigestValue[0]._ };
}

describe("official samples", () => {
  it.each([
    ["1.1-Invoice-Sample.json", "3+0mMUPmCNfK/yILqruu9vXKnHsj50Q9knpXrBXzfV0="],
    ["1.1-Credit-Note-Sample.json", "/Mvq2x8qRl36E3VpMz0jTa8FX5HfJ8i/gsxTkbmqkZY="],
  ])("reproduces the DocDigest of %s from the sample itself", (file, expected) => {
    const { body, digest } = sample(file);
    expect(digest).toBe(expected);
    expect(sha256(body)).toBe(digest);
  });

  it.each([
    ["1.1-Invoice-Sample.json", SAMPLE_INVOICE],
    ["1.1-Credit-Note-Sample.json", SAMPLE_CREDIT_NOTE],
  ])("builds %s byte for byte, so its DocDigest matches", (file, input) => {
    const { body, digest } = sample(file);
    const built = JSON.stringify(buildDocument.force(input));
    expect(built).toBe(body);
    expect(sha256(built)).toBe(digest);
  });

  it("builds the 1.0 invoice sample byte for byte", () => {
    const built = JSON.stringify(buildDocument.force({ ...SAMPLE_INVOICE, version: "1.0" }));
    expect(built).toBe(sample("1.0-Invoice-Sample.json").body);
  });

  it("refuses the sample's input only for its placeholder recipient TIN, over LHDN's 14 characters", () => {
    const result = DocumentInput.safeParse(SAMPLE_INVOICE);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["delivery.party.tin"]);
  });

  it("lists where the sample's placeholder figures do not add up", () => {
    const paths = discrepancies.force(SAMPLE_INVOICE).map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "lines[0].subtotal",
        "lines[0].allowance_charges[0].amount",
        "lines[0].total_excluding_tax",
        "totals.tax_subtotals",
        "totals.payable",
      ]),
    );
  });
});

type Case = {
  label: string;
  lines: DocumentInput["lines"];
  allowance_charges?: DocumentInput["allowance_charges"];
  prepaid?: string;
  rounding?: string;
  expected: {
    lines: number[];
    subtotals: [string, number, number][];
    line_extension: number;
    allowance_total?: number;
    charge_total?: number;
    tax_exclusive: number;
    tax: number;
    tax_inclusive: number;
    payable: number;
  };
};

const line = (over: Partial<DocumentInput["lines"][number]>): DocumentInput["lines"][number] => ({
  classifications: ["030"],
  description: "Repair",
  quantity: "1",
  unit: "C62",
  unit_price: "0.00",
  allowance_charges: [],
  taxes: [{ type: "06", percent: "0" }],
  ...over,
});

const CASES: Case[] = [
  {
    label: "discount, charge, service and sales tax, an exempt line, prepayment and rounding",
    lines: [
      line({
        description: "Screen replacement labour",
        quantity: "1.5",
        unit: "HUR",
        unit_price: "80.00",
        allowance_charges: [{ charge: false, reason: "Member discount", rate: "10" }],
        taxes: [{ type: "02", percent: "8" }],
      }),
      line({
        classifications: ["022"],
        description: "OLED screen",
        unit: "H87",
        unit_price: "250.00",
        allowance_charges: [{ charge: true, reason: "Express handling", amount: "15.00" }],
        taxes: [{ type: "01", percent: "10" }],
      }),
      line({
        description: "Data recovery",
        quantity: "2",
        unit_price: "45.50",
        taxes: [{ type: "E", percent: "0", exemption_reason: "Service Tax (Exemption) Order, Schedule A" }],
      }),
    ],
    allowance_charges: [
      { charge: false, reason: "Loyalty voucher", amount: "5.00" },
      { charge: true, reason: "Delivery", amount: "10.00" },
    ],
    prepaid: "100.00",
    rounding: "0.01",
    expected: {
      lines: [108, 265, 91],
      subtotals: [
        ["02", 108, 8.64],
        ["01", 265, 26.5],
        ["E", 91, 0],
      ],
      line_extension: 464,
      allowance_total: 5,
      charge_total: 10,
      tax_exclusive: 469,
      tax: 35.14,
      tax_inclusive: 504.14,
      payable: 404.15,
    },
  },
  {
    label: "half-sen results on fractional quantities and rates round half up, per line",
    lines: [
      line({
        quantity: "2.5",
        unit_price: "19.99",
        allowance_charges: [{ charge: false, reason: "Promo", rate: "15" }],
        taxes: [{ type: "02", percent: "8" }],
      }),
      line({ quantity: "3", unit_price: "33.33", taxes: [{ type: "01", percent: "5" }] }),
      line({ unit_price: "10.25", taxes: [{ type: "E", percent: "0", exemption_reason: "Exempt supply" }] }),
    ],
    allowance_charges: [{ charge: false, reason: "Goodwill", rate: "10" }],
    prepaid: "45.04",
    rounding: "-0.01",
    expected: {
      lines: [42.48, 99.99, 10.25],
      subtotals: [
        ["02", 42.48, 3.4],
        ["01", 99.99, 5],
        ["E", 10.25, 0],
      ],
      line_extension: 152.72,
      allowance_total: 15.27,
      tax_exclusive: 137.45,
      tax: 8.4,
      tax_inclusive: 145.85,
      payable: 100.8,
    },
  },
  {
    label: "a per-unit tax and a surcharge by rate",
    lines: [
      line({
        description: "Loan phone",
        quantity: "3",
        unit: "DAY",
        unit_price: "12.00",
        allowance_charges: [{ charge: true, reason: "Weekend", rate: "12.5" }],
        taxes: [{ type: "03", per_unit: { amount: "1.50", base: "1", unit: "DAY" } }],
      }),
      line({ unit_price: "89.90", taxes: [{ type: "01", percent: "10" }] }),
    ],
    rounding: "0.01",
    expected: {
      lines: [40.5, 89.9],
      subtotals: [
        ["03", 40.5, 4.5],
        ["01", 89.9, 8.99],
      ],
      line_extension: 130.4,
      tax_exclusive: 130.4,
      tax: 13.49,
      tax_inclusive: 143.89,
      payable: 143.9,
    },
  },
];

const amountOf = (elements: Element[] | undefined) => (elements?.[0] as { _: number } | undefined)?._;
const child = (node: Aggregate, name: string) => node[name]![0] as Aggregate;

describe("totals", () => {
  test.each(CASES)("$label", ({ lines, allowance_charges = [], prepaid, rounding, expected }) => {
    const input = DocumentInput.parse({
      ...shopInvoice({}),
      lines,
      allowance_charges,
      prepaid: prepaid && { amount: prepaid, paid_at: new Date("2026-07-30T03:00:00Z") },
      totals: rounding ? { rounding } : {},
    });
    expect(discrepancies(input)).toEqual([]);
    const invoice = buildDocument(input).Invoice[0];
    const lmt = child(invoice, "LegalMonetaryTotal");
    const taxTotal = child(invoice, "TaxTotal");

    expect((invoice.InvoiceLine as Aggregate[]).map((l) => amountOf(l.LineExtensionAmount))).toEqual(
      expected.lines,
    );
    expect(
      (taxTotal.TaxSubtotal as Aggregate[]).map((s) => [
        (child(s, "TaxCategory").ID![0] as { _: string })._,
        amountOf(s.TaxableAmount),
        amountOf(s.TaxAmount),
      ]),
    ).toEqual(expected.subtotals);
    expect(amountOf(taxTotal.TaxAmount)).toBe(expected.tax);
    expect({
      line_extension: amountOf(lmt.LineExtensionAmount),
      allowance_total: amountOf(lmt.AllowanceTotalAmount),
      charge_total: amountOf(lmt.ChargeTotalAmount),
      tax_exclusive: amountOf(lmt.TaxExclusiveAmount),
      tax_inclusive: amountOf(lmt.TaxInclusiveAmount),
      payable: amountOf(lmt.PayableAmount),
    }).toEqual({
      line_extension: expected.line_extension,
      allowance_total: expected.allowance_total,
      charge_total: expected.charge_total,
      tax_exclusive: expected.tax_exclusive,
      tax_inclusive: expected.tax_inclusive,
      payable: expected.payable,
    });
  });

  it("writes amounts as plain JSON numbers, never in exponent form", () => {
    const json = JSON.stringify(
      buildDocument(shopInvoice({ lines: [line({ quantity: "0.000001", unit_price: "0.01" })] })),
    );
    expect(json).toContain('"InvoicedQuantity":[{"_":0.000001,"unitCode":"C62"}]');
    expect(json).not.toMatch(/\d[eE][-+]?\d/);
  });
});

describe("validation", () => {
  it.each<[string, Partial<DocumentInput>, string]>([
    ["a credit note without the original invoice", { type: "02" }, "billing_references"],
    ["a foreign currency without an exchange rate", { currency: "USD" }, "exchange_rate"],
    [
      "an exempt line without a reason",
      { lines: [line({ taxes: [{ type: "E", percent: "0" }] })] },
      "lines.0.taxes.0.exemption_reason",
    ],
  ])("refuses %s", (_label, change, path) => {
    const result = DocumentInput.safeParse(shopInvoice({ lines: [line({})], ...change }));
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([path]);
  });
});
