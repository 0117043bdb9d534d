import { describe, expect, it } from "vitest";
import * as z from "zod";
import { ConsolidationInput, consolidated } from "./consolidated";
import { buildDocument, discrepancies } from "./document";
import { SHOP } from "./document.fixtures";
import type { Aggregate, Leaf } from "./ubl";

const at = (iso: string) => new Date(iso);
const sst = (net: string, tax: string) => ({ net, tax, tax_type: "02", percent: "8" });

const RECEIPTS = [
  {
    number: "R-0002",
    issued_at: at("2026-07-03T05:00:00Z"),
    lines: [sst("50.00", "4.00"), { net: "30.00", tax_type: "06" }],
  },
  // 00:30 on 1 July in Kuala Lumpur, still 30 June in UTC.
  { number: "R-0001", issued_at: at("2026-06-30T16:30:00Z"), totals: sst("100.00", "8.00") },
  { number: "R-0003", issued_at: at("2026-07-09T05:00:00Z"), totals: sst("20.00", "1.60") },
  { number: "R-0007", issued_at: at("2026-07-15T05:00:00Z"), totals: sst("9000.00", "720.00") },
  // Exactly RM10,000 is allowed; only above it needs its own e-Invoice.
  { number: "R-0010", issued_at: at("2026-07-31T15:59:59Z"), totals: { net: "10000.00", tax_type: "06" } },
];

const INPUT = {
  id: "CON-2026-07",
  version: "1.1" as const,
  issued_at: at("2026-08-03T01:00:00Z"),
  month: "2026-07",
  supplier: SHOP,
  receipts: RECEIPTS,
};

const first = (node: Aggregate, name: string) => node[name]![0] as Aggregate;
const text = (node: Aggregate, name: string) => (node[name]![0] as Leaf)._;
const leaves = (nodes: Aggregate[], name: string) => nodes.map((n) => text(n, name));

describe("consolidated e-Invoice", () => {
  const input = consolidated(INPUT);
  const invoice = buildDocument(input).Invoice[0];
  const buyer = first(first(invoice, "AccountingCustomerParty"), "Party");
  const lines = invoice.InvoiceLine as Aggregate[];

  it("names the buyer General Public with the general TIN and NA everywhere else", () => {
    expect(text(first(buyer, "PartyLegalEntity"), "RegistrationName")).toBe("General Public");
    expect((buyer.PartyIdentification as Aggregate[]).map((p) => p.ID![0])).toEqual([
      { _: "EI00000000010", schemeID: "TIN" },
      { _: "NA", schemeID: "BRN" },
      { _: "NA", schemeID: "SST" },
      { _: "NA", schemeID: "TTX" },
    ]);
    const address = first(buyer, "PostalAddress");
    expect(leaves(address.AddressLine as Aggregate[], "Line")).toEqual(["NA"]);
    expect(text(address, "CityName")).toBe("NA");
    expect(text(address, "CountrySubentityCode")).toBe("17");
    expect(first(buyer, "Contact")).toEqual({ Telephone: [{ _: "NA" }] });
  });

  it("classifies every line 004 and nothing else", () => {
    for (const line of lines)
      expect(first(line, "Item").CommodityClassification).toEqual([
        { ItemClassificationCode: [{ _: "004", listID: "CLASS" }] },
      ]);
  });

  it("puts each continuous run of receipt numbers in a line's description", () => {
    expect(lines.map((l) => text(first(l, "Item"), "Description"))).toEqual([
      "Receipt R-0001 - R-0003",
      "Receipt R-0007",
      "Receipt R-0010",
    ]);
  });

  it("covers the calendar month and carries the receipts' own tax, to the sen", () => {
    expect(first(invoice, "InvoicePeriod")).toEqual({
      StartDate: [{ _: "2026-07-01" }],
      EndDate: [{ _: "2026-07-31" }],
      Description: [{ _: "Monthly" }],
    });
    const subtotals = first(lines[0]!, "TaxTotal").TaxSubtotal as Aggregate[];
    expect(
      subtotals.map((s) => [
        text(first(s, "TaxCategory"), "ID"),
        text(s, "TaxableAmount"),
        text(s, "TaxAmount"),
      ]),
    ).toEqual([
      ["02", 170, 13.6],
      ["06", 30, 0],
    ]);
    expect(text(first(invoice, "LegalMonetaryTotal"), "PayableAmount")).toBe(19933.6);
    expect(discrepancies(input)).toEqual([]);
  });

  it("gives each receipt its own line when asked", () => {
    const each = buildDocument(consolidated({ ...INPUT, lines: "receipt" })).Invoice[0]
      .InvoiceLine as Aggregate[];
    expect(each.map((l) => text(first(l, "Item"), "Description"))).toEqual(
      ["R-0001", "R-0002", "R-0003", "R-0007", "R-0010"].map((n) => `Receipt ${n}`),
    );
  });

  it.each([
    [
      "a receipt over RM10,000",
      { number: "R-0011", issued_at: at("2026-07-20T05:00:00Z"), totals: sst("9500.00", "760.00") },
      "einvoice.receipt_over_limit",
    ],
    [
      "a receipt from the next month in Malaysia",
      { number: "R-0011", issued_at: at("2026-07-31T16:00:00Z"), totals: sst("10.00", "0.80") },
      "einvoice.receipt_outside_month",
    ],
    ["a receipt listed twice", RECEIPTS[0]!, "einvoice.duplicate_receipt"],
  ])("refuses %s", (_label, receipt, code) => {
    const receipts = [...RECEIPTS, receipt];
    expect(() => consolidated({ ...INPUT, receipts })).toThrow(z.ZodError);
    const issues = ConsolidationInput.safeParse({ ...INPUT, receipts }).error?.issues ?? [];
    expect(issues.map((i) => [i.path, (i as { params?: { code?: string } }).params?.code])).toEqual([
      [["receipts", RECEIPTS.length], code],
    ]);
  });
});
