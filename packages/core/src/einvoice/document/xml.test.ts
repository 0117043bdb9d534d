import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { buildDocument, toXml } from "./document";
import { SAMPLE_INVOICE, shopInvoice } from "./document.fixtures";
import type { DocumentInput } from "./input";
import { NAMESPACE } from "./ubl";

const values = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  alwaysCreateTextNode: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});
const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: false });

type Parsed = Record<string, unknown>;

/** Parsed XML back to the UBL JSON shape, prefixes dropped and namespace declarations aside. */
function toUbl(node: Parsed): unknown {
  if ("#text" in node) {
    const out: Parsed = { _: node["#text"] };
    for (const [key, v] of Object.entries(node)) if (key.startsWith("@_")) out[key.slice(2)] = v;
    return out;
  }
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !key.startsWith("@_"))
      .map(([key, children]) => [key.replace(/^(cac|cbc):/, ""), (children as Parsed[]).map(toUbl)]),
  );
}

/** The built JSON with every value as text, as XML carries it. */
const asText = (node: unknown): unknown =>
  Array.isArray(node)
    ? node.map(asText)
    : typeof node === "object" && node !== null
      ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, asText(v)]))
      : String(node);

/** Child element names, in document order, of the element at `path` (one step per name). */
function childNames(xml: string, ...path: string[]): string[] {
  let nodes = ordered.parse(xml) as Parsed[];
  for (const step of path) nodes = nodes.find((n) => step in n)![step] as Parsed[];
  return nodes.map((n) => Object.keys(n).find((k) => k !== ":@")!);
}

const FOREIGN: DocumentInput = shopInvoice({
  currency: "USD",
  exchange_rate: "4.72",
  tax_currency: "MYR",
  allowance_charges: [{ charge: false, reason: "Promo <10%> & more", amount: "1.00" }],
  lines: [
    {
      classifications: ["022"],
      description: `Screen "OLED" 6.1' for A&B <model>`,
      quantity: "1",
      unit: "H87",
      unit_price: "120.00",
      allowance_charges: [],
      taxes: [{ type: "01", percent: "10" }],
    },
  ],
});

describe("XML", () => {
  it.each([
    ["the official sample's content", SAMPLE_INVOICE],
    ["a foreign-currency invoice with markup characters", FOREIGN],
  ])("is well formed and carries the same values as the JSON for %s", (_label, input) => {
    const xml = toXml.force(input);
    expect(XMLValidator.validate(xml)).toBe(true);
    const root = (values.parse(xml) as { Invoice: Parsed[] }).Invoice[0]!;
    expect(root["@_xmlns"]).toBe(NAMESPACE.invoice);
    expect(root["@_xmlns:cac"]).toBe(NAMESPACE.cac);
    expect(root["@_xmlns:cbc"]).toBe(NAMESPACE.cbc);
    expect(toUbl(root)).toEqual(asText(buildDocument.force(input).Invoice[0]));
  });

  it("escapes markup in text and attributes", () => {
    const xml = toXml(FOREIGN);
    expect(xml).toContain(
      "<cbc:Description>Screen &quot;OLED&quot; 6.1&apos; for A&amp;B &lt;model&gt;</cbc:Description>",
    );
    expect(xml).toContain(
      "<cbc:AllowanceChargeReason>Promo &lt;10%&gt; &amp; more</cbc:AllowanceChargeReason>",
    );
  });

  it("puts the header in UBL 2.1 order, exchange rate between allowances and tax total", () => {
    expect(childNames(toXml(FOREIGN), "Invoice")).toEqual([
      "cbc:ID",
      "cbc:IssueDate",
      "cbc:IssueTime",
      "cbc:InvoiceTypeCode",
      "cbc:DocumentCurrencyCode",
      "cbc:TaxCurrencyCode",
      "cac:AccountingSupplierParty",
      "cac:AccountingCustomerParty",
      "cac:PaymentMeans",
      "cac:AllowanceCharge",
      "cac:TaxExchangeRate",
      "cac:TaxTotal",
      "cac:LegalMonetaryTotal",
      "cac:InvoiceLine",
    ]);
  });

  it("reorders the buyer, the recipient and the item into schema order, unlike the JSON samples", () => {
    const xml = toXml.force(SAMPLE_INVOICE);
    const ids = (n: number) => Array<string>(n).fill("cac:PartyIdentification");
    expect(childNames(xml, "Invoice", "cac:AccountingCustomerParty", "cac:Party")).toEqual([
      ...ids(4),
      "cac:PostalAddress",
      "cac:PartyLegalEntity",
      "cac:Contact",
    ]);
    expect(childNames(xml, "Invoice", "cac:Delivery", "cac:DeliveryParty")).toEqual([
      ...ids(2),
      "cac:PostalAddress",
      "cac:PartyLegalEntity",
    ]);
    expect(childNames(xml, "Invoice", "cac:InvoiceLine", "cac:Item")).toEqual([
      "cbc:Description",
      "cac:OriginCountry",
      "cac:CommodityClassification",
      "cac:CommodityClassification",
    ]);
  });
});
