import { XMLBuilder } from "fast-xml-parser";
import { INVOICE_ORDER, LINE_ORDER } from "../validation/structure";
import { type Aggregate, isLeaf, type Leaf, NAMESPACE, type UblDocument } from "./ubl";

/**
 * Child order of each UBL 2.1 aggregate we emit (OASIS UBL-CommonAggregateComponents-2.1.xsd,
 * UBL-Invoice-2.1.xsd), restricted to the children we use. XML is validated against the
 * schema, where order matters; the JSON samples use another order for parties and items.
 */
const PARTY = [
  "IndustryClassificationCode",
  "PartyIdentification",
  "PostalAddress",
  "PartyLegalEntity",
  "Contact",
];
const ALLOWANCE_CHARGE = ["ChargeIndicator", "AllowanceChargeReason", "MultiplierFactorNumeric", "Amount"];
const DOCUMENT_REFERENCE = ["ID", "UUID", "DocumentType", "DocumentDescription"];
const ORDER: Record<string, readonly string[]> = {
  // The signature block goes elsewhere in XML (ext:UBLExtensions first); this writer emits unsigned XML.
  Invoice: INVOICE_ORDER.filter((name) => name !== "UBLExtensions" && name !== "Signature"),
  InvoicePeriod: ["StartDate", "EndDate", "Description"],
  BillingReference: ["InvoiceDocumentReference", "AdditionalDocumentReference"],
  InvoiceDocumentReference: DOCUMENT_REFERENCE,
  AdditionalDocumentReference: DOCUMENT_REFERENCE,
  AccountingSupplierParty: ["AdditionalAccountID", "Party"],
  AccountingCustomerParty: ["Party"],
  Party: PARTY,
  DeliveryParty: PARTY,
  PartyIdentification: ["ID"],
  PostalAddress: ["CityName", "PostalZone", "CountrySubentityCode", "AddressLine", "Country"],
  AddressLine: ["Line"],
  Country: ["IdentificationCode"],
  PartyLegalEntity: ["RegistrationName"],
  Contact: ["Telephone", "ElectronicMail"],
  Delivery: ["DeliveryParty", "Shipment"],
  Shipment: ["ID", "FreightAllowanceCharge"],
  FreightAllowanceCharge: ALLOWANCE_CHARGE,
  AllowanceCharge: ALLOWANCE_CHARGE,
  PaymentMeans: ["PaymentMeansCode", "PayeeFinancialAccount"],
  PayeeFinancialAccount: ["ID"],
  PaymentTerms: ["Note"],
  PrepaidPayment: ["ID", "PaidAmount", "PaidDate", "PaidTime"],
  TaxExchangeRate: ["SourceCurrencyCode", "TargetCurrencyCode", "CalculationRate"],
  TaxTotal: ["TaxAmount", "TaxSubtotal"],
  TaxSubtotal: ["TaxableAmount", "TaxAmount", "Percent", "BaseUnitMeasure", "PerUnitAmount", "TaxCategory"],
  TaxCategory: ["ID", "TaxExemptionReason", "TaxScheme"],
  TaxScheme: ["ID"],
  LegalMonetaryTotal: [
    "LineExtensionAmount",
    "TaxExclusiveAmount",
    "TaxInclusiveAmount",
    "AllowanceTotalAmount",
    "ChargeTotalAmount",
    "PayableRoundingAmount",
    "PayableAmount",
  ],
  InvoiceLine: LINE_ORDER,
  Item: ["Description", "OriginCountry", "CommodityClassification"],
  OriginCountry: ["IdentificationCode"],
  CommodityClassification: ["ItemClassificationCode"],
  Price: ["PriceAmount"],
  ItemPriceExtension: ["Amount"],
};

type XmlNode = { [key: string]: string | XmlNode[] };

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  suppressEmptyNode: false,
  suppressBooleanAttributes: false,
});

/**
 * The UBL JSON document as UBL 2.1 XML, on one line. The library escapes text and attributes.
 * Takes an unsigned document: the XML signature (ext:UBLExtensions, cac:Signature) is made over
 * the XML itself by the signer, not carried over from JSON.
 */
export function ublToXml(document: UblDocument): string {
  const root = {
    Invoice: [
      {
        "@_xmlns": NAMESPACE.invoice,
        "@_xmlns:cac": NAMESPACE.cac,
        "@_xmlns:cbc": NAMESPACE.cbc,
        ...children("Invoice", document.Invoice[0]),
      },
    ],
  };
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(root)}`;
}

function children(parent: string, node: Aggregate): XmlNode {
  const order = ORDER[parent];
  const rank = (name: string) => {
    const at = order?.indexOf(name) ?? -1;
    if (at < 0) throw new Error(`No UBL 2.1 position for ${parent}/${name}`);
    return at;
  };
  const out: XmlNode = {};
  for (const name of Object.keys(node).sort((a, b) => rank(a) - rank(b))) {
    const elements = node[name]!;
    out[elements.every(isLeaf) ? `cbc:${name}` : `cac:${name}`] = elements.map((element) =>
      isLeaf(element) ? leaf(element) : children(name, element),
    );
  }
  return out;
}

function leaf({ _, ...attributes }: Leaf): XmlNode {
  const out: XmlNode = { "#text": String(_) };
  for (const [name, v] of Object.entries(attributes)) out[`@_${name}`] = String(v);
  return out;
}
