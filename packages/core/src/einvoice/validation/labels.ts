/**
 * Names a place in the document the way a shop owner would: "the buyer's city", "line 2",
 * "bandar pembeli", so one message template serves every field it applies to.
 */
export type Phrase = { en: string; ms: string };
export type Place = { what: Phrase; who: Phrase | undefined; line: number | undefined };

const PARTIES: Record<string, Phrase> = {
  AccountingSupplierParty: { en: "the supplier", ms: "pembekal" },
  AccountingCustomerParty: { en: "the buyer", ms: "pembeli" },
  DeliveryParty: { en: "the shipping recipient", ms: "penerima penghantaran" },
};

// Keyed by element name, or by "Parent.Element" where the same name means different things.
const LABELS: Record<string, Phrase> = {
  "Invoice.ID": { en: "e-invoice number", ms: "nombor e-Invois" },
  "InvoiceLine.ID": { en: "line number", ms: "nombor baris" },
  "PrepaidPayment.ID": { en: "prepayment reference", ms: "rujukan bayaran pendahuluan" },
  "PayeeFinancialAccount.ID": { en: "bank account number", ms: "nombor akaun bank" },
  "AdditionalDocumentReference.ID": { en: "reference number", ms: "nombor rujukan" },
  "InvoiceDocumentReference.ID": { en: "original e-invoice number", ms: "nombor e-Invois asal" },
  "InvoiceDocumentReference.UUID": { en: "original e-invoice UUID", ms: "UUID e-Invois asal" },
  "PartyIdentification.ID": { en: "ID number", ms: "nombor pengenalan" },
  "TaxCategory.ID": { en: "tax type", ms: "jenis cukai" },
  "TaxScheme.ID": { en: "tax scheme", ms: "skim cukai" },
  "Shipment.ID": { en: "shipment reference", ms: "rujukan penghantaran" },
  "InvoicePeriod.Description": { en: "billing frequency", ms: "kekerapan bil" },
  "Item.Description": { en: "description", ms: "keterangan" },
  "LegalMonetaryTotal.LineExtensionAmount": { en: "total net amount", ms: "jumlah bersih" },
  "InvoiceLine.LineExtensionAmount": { en: "total excluding tax", ms: "jumlah tidak termasuk cukai" },
  "TaxTotal.TaxAmount": { en: "total tax", ms: "jumlah cukai" },
  "TaxSubtotal.TaxAmount": { en: "tax amount", ms: "amaun cukai" },
  "ItemPriceExtension.Amount": { en: "subtotal", ms: "subjumlah" },
  "AllowanceCharge.Amount": { en: "discount or charge", ms: "diskaun atau caj" },
  "FreightAllowanceCharge.Amount": { en: "shipping charge", ms: "caj penghantaran" },
  IssueDate: { en: "issue date", ms: "tarikh dikeluarkan" },
  IssueTime: { en: "issue time", ms: "masa dikeluarkan" },
  InvoiceTypeCode: { en: "e-invoice type", ms: "jenis e-Invois" },
  listVersionID: { en: "e-invoice version", ms: "versi e-Invois" },
  DocumentCurrencyCode: { en: "currency", ms: "mata wang" },
  TaxCurrencyCode: { en: "tax currency", ms: "mata wang cukai" },
  StartDate: { en: "billing period start date", ms: "tarikh mula tempoh bil" },
  EndDate: { en: "billing period end date", ms: "tarikh akhir tempoh bil" },
  Note: { en: "payment terms", ms: "terma pembayaran" },
  PaymentMeansCode: { en: "payment method", ms: "kaedah pembayaran" },
  PaidAmount: { en: "prepayment", ms: "bayaran pendahuluan" },
  PaidDate: { en: "prepayment date", ms: "tarikh bayaran pendahuluan" },
  PaidTime: { en: "prepayment time", ms: "masa bayaran pendahuluan" },
  AdditionalAccountID: { en: "certified exporter number", ms: "nombor pengeksport bertauliah" },
  DocumentDescription: { en: "free trade agreement details", ms: "butiran perjanjian perdagangan bebas" },
  RegistrationName: { en: "name", ms: "nama" },
  Line: { en: "address line", ms: "baris alamat" },
  CityName: { en: "city", ms: "bandar" },
  PostalZone: { en: "postcode", ms: "poskod" },
  CountrySubentityCode: { en: "state", ms: "negeri" },
  Country: { en: "country", ms: "negara" },
  IdentificationCode: { en: "country", ms: "negara" },
  Contact: { en: "contact details", ms: "butiran hubungan" },
  Telephone: { en: "phone number", ms: "nombor telefon" },
  ElectronicMail: { en: "e-mail address", ms: "alamat e-mel" },
  PartyIdentification: { en: "TIN and ID number", ms: "TIN dan nombor pengenalan" },
  IndustryClassificationCode: { en: "MSIC code", ms: "kod MSIC" },
  name: { en: "business activity description", ms: "keterangan aktiviti perniagaan" },
  ItemClassificationCode: { en: "classification", ms: "klasifikasi" },
  CommodityClassification: { en: "classification", ms: "klasifikasi" },
  TaxExemptionReason: { en: "tax exemption reason", ms: "sebab pengecualian cukai" },
  AllowanceChargeReason: { en: "reason for the discount or charge", ms: "sebab diskaun atau caj" },
  MultiplierFactorNumeric: { en: "discount or charge rate", ms: "kadar diskaun atau caj" },
  InvoicedQuantity: { en: "quantity", ms: "kuantiti" },
  unitCode: { en: "unit", ms: "unit" },
  PriceAmount: { en: "unit price", ms: "harga seunit" },
  TaxableAmount: { en: "taxable amount", ms: "amaun bercukai" },
  Percent: { en: "tax rate", ms: "kadar cukai" },
  PerUnitAmount: { en: "tax per unit", ms: "cukai seunit" },
  BaseUnitMeasure: { en: "number of units taxed", ms: "bilangan unit bercukai" },
  TaxExclusiveAmount: { en: "total excluding tax", ms: "jumlah tidak termasuk cukai" },
  TaxInclusiveAmount: { en: "total including tax", ms: "jumlah termasuk cukai" },
  AllowanceTotalAmount: { en: "total discount", ms: "jumlah diskaun" },
  ChargeTotalAmount: { en: "total charges", ms: "jumlah caj" },
  PayableRoundingAmount: { en: "rounding", ms: "pembundaran" },
  PayableAmount: { en: "amount payable", ms: "amaun perlu dibayar" },
  CalculationRate: { en: "exchange rate", ms: "kadar pertukaran" },
  TaxExchangeRate: { en: "exchange rate", ms: "kadar pertukaran" },
  TaxTotal: { en: "tax", ms: "cukai" },
  InvoiceLine: { en: "line items", ms: "item baris" },
  Item: { en: "item details", ms: "butiran item" },
  UBLExtensions: { en: "digital signature", ms: "tandatangan digital" },
  Signature: { en: "digital signature", ms: "tandatangan digital" },
};

const DOCUMENT: Phrase = { en: "e-invoice", ms: "e-Invois" };

export function place(path: string): Place {
  const keys = path.split(".").map((k) => k.replace(/\[\d+\]$/, ""));
  while (keys.length > 1 && ["_", "currencyID"].includes(keys.at(-1)!)) keys.pop();
  const key = keys.at(-1) ?? "";
  const parent = keys.at(-2) ?? "";
  const label =
    LABELS[`${parent}.${key}`] ??
    LABELS[key] ??
    (key === "Invoice" || !key ? DOCUMENT : { en: key, ms: key });
  const who = keys.map((k) => PARTIES[k]).findLast(Boolean);
  const line = /InvoiceLine\[(\d+)\]/.exec(path)?.[1];
  return {
    what: who
      ? { en: `${who.en}'s ${label.en}`, ms: `${label.ms} ${who.ms}` }
      : { en: `the ${label.en}`, ms: label.ms },
    who,
    line: line === undefined ? undefined : Number(line) + 1,
  };
}
