import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Code, MESSAGES, render } from "./messages";
import { Document, INVOICE_ORDER } from "./structure";
import { validateDocument } from "./validate";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/myinvois/${name}`, import.meta.url), "utf8"));

const money = (value: number) => [{ _: value, currencyID: "MYR" }];
const tax06 = () => [
  { ID: [{ _: "06" }], TaxScheme: [{ ID: [{ _: "OTH", schemeID: "UN/ECE 5153", schemeAgencyID: "6" }] }] },
];
const address = (state: string, country = "MYS") => [
  {
    CityName: [{ _: "Shah Alam" }],
    PostalZone: [{ _: "40000" }],
    CountrySubentityCode: [{ _: state }],
    AddressLine: [{ Line: [{ _: "No 1, Jalan Kedai" }] }],
    Country: [{ IdentificationCode: [{ _: country, listID: "ISO3166-1", listAgencyID: "6" }] }],
  },
];

/** BRIEF §1.8b, filled in: a phone-shop repair, 2 h labour at RM 50, no SST, to a person. */
function minimal(): Document {
  return {
    _D: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    _A: "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    _B: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    Invoice: [
      {
        ID: [{ _: "INV-2026-000123" }],
        IssueDate: [{ _: "2026-08-01" }],
        IssueTime: [{ _: "02:15:00Z" }],
        InvoiceTypeCode: [{ _: "01", listVersionID: "1.0" }],
        DocumentCurrencyCode: [{ _: "MYR" }],
        AccountingSupplierParty: [
          {
            Party: [
              {
                IndustryClassificationCode: [
                  { _: "95122", name: "Repair and maintenance of cellular phones" },
                ],
                PartyIdentification: [
                  { ID: [{ _: "C1234567890", schemeID: "TIN" }] },
                  { ID: [{ _: "202001234567", schemeID: "BRN" }] },
                  { ID: [{ _: "NA", schemeID: "SST" }] },
                  { ID: [{ _: "NA", schemeID: "TTX" }] },
                ],
                PostalAddress: address("10"),
                PartyLegalEntity: [{ RegistrationName: [{ _: "Kedai Telefon Contoh Sdn Bhd" }] }],
                Contact: [{ Telephone: [{ _: "+60355551234" }] }],
              },
            ],
          },
        ],
        AccountingCustomerParty: [
          {
            Party: [
              {
                PostalAddress: address("14"),
                PartyLegalEntity: [{ RegistrationName: [{ _: "Tan Ah Kow" }] }],
                PartyIdentification: [
                  { ID: [{ _: "IG12345678901", schemeID: "TIN" }] },
                  { ID: [{ _: "900101145678", schemeID: "NRIC" }] },
                  { ID: [{ _: "NA", schemeID: "SST" }] },
                ],
                Contact: [{ Telephone: [{ _: "+60123456789" }], ElectronicMail: [{ _: "tan@example.com" }] }],
              },
            ],
          },
        ],
        TaxTotal: [
          {
            TaxAmount: money(0),
            TaxSubtotal: [{ TaxableAmount: money(100), TaxAmount: money(0), TaxCategory: tax06() }],
          },
        ],
        LegalMonetaryTotal: [
          {
            LineExtensionAmount: money(100),
            TaxExclusiveAmount: money(100),
            TaxInclusiveAmount: money(100),
            PayableAmount: money(100),
          },
        ],
        InvoiceLine: [
          {
            ID: [{ _: "1" }],
            InvoicedQuantity: [{ _: 2, unitCode: "HUR" }],
            LineExtensionAmount: money(100),
            TaxTotal: [
              {
                TaxAmount: money(0),
                TaxSubtotal: [
                  {
                    TaxableAmount: money(100),
                    TaxAmount: money(0),
                    Percent: [{ _: 0 }],
                    TaxCategory: tax06(),
                  },
                ],
              },
            ],
            Item: [
              {
                CommodityClassification: [{ ItemClassificationCode: [{ _: "030", listID: "CLASS" }] }],
                Description: [{ _: "Labour - screen replacement" }],
              },
            ],
            Price: [{ PriceAmount: money(50) }],
            ItemPriceExtension: [{ Amount: money(100) }],
          },
        ],
      },
    ],
  };
}

/** The month's consolidated e-invoice for walk-in customers (Specific Guideline §3.7). */
function consolidated(): Document {
  const doc = minimal();
  invoice(doc).AccountingCustomerParty[0]!.Party = [
    {
      PostalAddress: [
        {
          AddressLine: [{ Line: [{ _: "NA" }] }],
          CityName: [{ _: "NA" }],
          CountrySubentityCode: [{ _: "17" }],
        },
      ],
      PartyLegalEntity: [{ RegistrationName: [{ _: "General Public" }] }],
      PartyIdentification: [
        { ID: [{ _: "EI00000000010", schemeID: "TIN" }] },
        { ID: [{ _: "NA", schemeID: "BRN" }] },
        { ID: [{ _: "NA", schemeID: "SST" }] },
      ],
      Contact: [{ Telephone: [{ _: "NA" }] }],
    },
  ];
  line(doc).Item[0]!.CommodityClassification[0]!.ItemClassificationCode[0]!._ = "004";
  line(doc).Item[0]!.Description[0]!._ = "Receipts R-0001 - R-0420";
  return doc;
}

const invoice = (doc: Document) => doc.Invoice[0]!;
const buyer = (doc: Document) => invoice(doc).AccountingCustomerParty[0]!.Party[0]!;
const line = (doc: Document) => invoice(doc).InvoiceLine[0]!;
const lineTax = (doc: Document) => line(doc).TaxTotal[0]!.TaxSubtotal[0]!;
const ISSUED = new Date("2026-08-01T02:15:00Z");
const NOW = new Date("2026-08-01T02:20:00Z");

const codesOf = (document: unknown, options: Parameters<typeof validateDocument>[1] = { now: NOW }) =>
  validateDocument(document, options).issues.map((issue) => issue.code);

type Invoice = Document["Invoice"][number];

/** Adds a header element where the official samples put it, so only the rule under test fires. */
function set<K extends keyof Invoice>(doc: Document, key: K, value: Invoice[K]) {
  const entries = Object.entries({ ...invoice(doc), [key]: value });
  entries.sort(([a], [b]) => INVOICE_ORDER.indexOf(a) - INVOICE_ORDER.indexOf(b));
  doc.Invoice[0] = Object.fromEntries(entries) as Invoice;
}

function everyCurrency(node: unknown, currency: string) {
  if (Array.isArray(node)) for (const item of node) everyCurrency(item, currency);
  else if (typeof node === "object" && node !== null) {
    const record = node as Record<string, unknown>;
    if ("currencyID" in record) record.currencyID = currency;
    for (const value of Object.values(record)) everyCurrency(value, currency);
  }
}

describe("validateDocument", () => {
  it("passes a minimal, consistent invoice with no issues", () => {
    expect(validateDocument(minimal(), { now: NOW })).toEqual({ ok: true, issues: [] });
  });

  it("passes a consolidated invoice to General Public with no issues", () => {
    expect(validateDocument(consolidated(), { now: NOW })).toEqual({ ok: true, issues: [] });
  });

  it.each(["1.0-Invoice-Sample.json", "1.1-Invoice-Sample.json", "1.1-Credit-Note-Sample.json"])(
    "reads the official %s as structurally valid",
    (name) => {
      expect(Document.safeParse(fixture(name)).success).toBe(true);
    },
  );

  it("finds in the official 1.1 sample only its placeholder TINs and its documented arithmetic", () => {
    const result = validateDocument(fixture("1.1-Invoice-Sample.json"), {
      now: new Date("2024-07-23T01:00:00Z"),
    });
    expect(result.issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      // The sample's TINs are the text "Supplier's TIN" etc.
      "einvoice.supplier.tin_format Invoice[0].AccountingSupplierParty[0].Party[0].PartyIdentification[0].ID[0]._",
      "einvoice.buyer.tin_format Invoice[0].AccountingCustomerParty[0].Party[0].PartyIdentification[0].ID[0]._",
      "einvoice.recipient.tin_format Invoice[0].Delivery[0].DeliveryParty[0].PartyIdentification[0].ID[0]._",
      // BRIEF §1.6: the samples are illustrative, not arithmetically consistent.
      "einvoice.line.subtotal Invoice[0].InvoiceLine[0].ItemPriceExtension[0].Amount[0]._",
      "einvoice.line.net_amount Invoice[0].InvoiceLine[0].LineExtensionAmount[0]._",
      "einvoice.totals.allowance_total Invoice[0].LegalMonetaryTotal[0].AllowanceTotalAmount[0]._",
      "einvoice.totals.charge_total Invoice[0].LegalMonetaryTotal[0].ChargeTotalAmount[0]._",
      "einvoice.totals.tax_inclusive Invoice[0].LegalMonetaryTotal[0].TaxInclusiveAmount[0]._",
      "einvoice.totals.payable Invoice[0].LegalMonetaryTotal[0].PayableAmount[0]._",
      "einvoice.totals.tax_by_type Invoice[0].TaxTotal[0].TaxSubtotal[0].TaxAmount[0]._",
      "einvoice.totals.tax_by_type Invoice[0].TaxTotal[0].TaxSubtotal",
    ]);
  });

  it.each<{ label: string; mutate?: (doc: Document) => void; now?: Date; code: Code }>([
    {
      label: "a business TIN not ending in 0",
      mutate: (d) => {
        buyer(d).PartyIdentification[0]!.ID[0]!._ = "C123456789";
      },
      code: "einvoice.buyer.tin_format",
    },
    {
      label: "no ID number besides the TIN",
      mutate: (d) => {
        buyer(d).PartyIdentification.splice(1, 1);
      },
      code: "einvoice.buyer.id_missing",
    },
    {
      label: "two ID numbers",
      mutate: (d) => {
        buyer(d).PartyIdentification.push({ ID: [{ _: "A12345678", schemeID: "PASSPORT" }] });
      },
      code: "einvoice.buyer.id_multiple",
    },
    {
      label: "an unknown unit",
      mutate: (d) => {
        line(d).InvoicedQuantity![0]!.unitCode = "HOURS";
      },
      code: "einvoice.line.unit",
    },
    {
      label: "an unknown classification",
      mutate: (d) => {
        line(d).Item[0]!.CommodityClassification[0]!.ItemClassificationCode[0]!._ = "999";
      },
      code: "einvoice.line.classification",
    },
    {
      label: "an exemption without a reason",
      mutate: (d) => {
        lineTax(d).TaxCategory[0]!.ID[0]!._ = "E";
        const summary = invoice(d).TaxTotal[0]!.TaxSubtotal[0]!.TaxCategory[0]!;
        summary.ID[0]!._ = "E";
        summary.TaxExemptionReason = [{ _: "Exempt under the Service Tax (Exemption) Order 2018" }];
      },
      code: "einvoice.tax.exemption_reason",
    },
    {
      label: "an amount payable one sen off",
      mutate: (d) => {
        invoice(d).LegalMonetaryTotal[0]!.PayableAmount[0]!._ = 100.01;
      },
      code: "einvoice.totals.payable",
    },
    {
      label: "an issue time in the future",
      now: new Date(ISSUED.getTime() - 1000),
      code: "einvoice.issued.future",
    },
    {
      label: "an issue time over 72 hours ago",
      now: new Date(ISSUED.getTime() + 72 * 3_600_000 + 1000),
      code: "einvoice.issued.too_old",
    },
    {
      label: "state 17 for a Malaysian buyer",
      mutate: (d) => {
        buyer(d).PostalAddress[0]!.CountrySubentityCode[0]!._ = "17";
      },
      code: "einvoice.buyer.state_not_applicable",
    },
    {
      label: "classification 004 for a named buyer",
      mutate: (d) => {
        line(d).Item[0]!.CommodityClassification[0]!.ItemClassificationCode[0]!._ = "004";
      },
      code: "einvoice.line.consolidated_only",
    },
    {
      label: "a credit note without the invoice it corrects",
      mutate: (d) => {
        invoice(d).InvoiceTypeCode[0]!._ = "02";
      },
      code: "einvoice.reference.missing",
    },
    {
      label: "US dollars without an exchange rate",
      mutate: (d) => {
        invoice(d).DocumentCurrencyCode[0]!._ = "USD";
        everyCurrency(d, "USD");
      },
      code: "einvoice.currency.exchange_rate_missing",
    },
    {
      // The builder's float arithmetic: 0.1 × 3 − 0.3 is 5.551115123125783e-17, not 0.
      label: "an amount left in exponent form by float arithmetic",
      mutate: (d) => {
        invoice(d).TaxTotal[0]!.TaxSubtotal[0]!.TaxableAmount![0]!._ = 0.1 * 3 - 0.3;
      },
      code: "einvoice.amount.exponent",
    },
    {
      // Stored JSON text may say 0.0000001 plainly, but once parsed, JSON.stringify writes 1e-7.
      label: "an amount written 0.0000001 in JSON text",
      mutate: (d) => {
        invoice(d).TaxTotal[0]!.TaxSubtotal[0]!.TaxableAmount = JSON.parse(
          '[{"_":0.0000001,"currencyID":"MYR"}]',
        );
      },
      code: "einvoice.amount.exponent",
    },
    {
      label: "a phone number with dashes",
      mutate: (d) => {
        buyer(d).Contact[0]!.Telephone[0]!._ = "+6012-345 6789";
      },
      code: "einvoice.buyer.phone_format",
    },
    {
      label: "an SST number with three registrations",
      mutate: (d) => {
        buyer(d).PartyIdentification[2]!.ID[0]!._ = "A01-2345-67891012;B02;C03";
      },
      code: "einvoice.buyer.sst_format",
    },
    {
      label: "a MyKad number with dashes",
      mutate: (d) => {
        buyer(d).PartyIdentification[1]!.ID[0]!._ = "900101-14-5678";
      },
      code: "einvoice.buyer.id_format",
    },
    {
      label: "an MSIC code not in LHDN's list",
      mutate: (d) => {
        invoice(d).AccountingSupplierParty[0]!.Party[0]!.IndustryClassificationCode[0]!._ = "99999";
      },
      code: "einvoice.supplier.msic",
    },
    {
      label: "a subtotal that is not price × quantity",
      mutate: (d) => {
        line(d).Price[0]!.PriceAmount[0]!._ = 49.99;
      },
      code: "einvoice.line.subtotal",
    },
    {
      label: "an e-invoice number over 50 characters",
      mutate: (d) => {
        invoice(d).ID[0]!._ = "X".repeat(51);
      },
      code: "einvoice.field.too_long",
    },
    {
      label: "an issue date that is not a real date",
      mutate: (d) => {
        invoice(d).IssueDate[0]!._ = "2026-02-30";
      },
      code: "einvoice.date.format",
    },
    {
      label: "a buyer without a TIN",
      mutate: (d) => {
        buyer(d).PartyIdentification.splice(0, 1);
      },
      code: "einvoice.buyer.tin_missing",
    },
    {
      label: '"NA" for the MyKad of a buyer with their own TIN',
      mutate: (d) => {
        buyer(d).PartyIdentification[1]!.ID[0]!._ = "NA";
      },
      code: "einvoice.buyer.id_not_applicable",
    },
    {
      label: "an unknown kind of ID",
      mutate: (d) => {
        buyer(d).PartyIdentification.push({ ID: [{ _: "X1", schemeID: "MYKAD" }] });
      },
      code: "einvoice.buyer.id_scheme",
    },
    {
      label: "a tourism tax number with an underscore",
      mutate: (d) => {
        invoice(d).AccountingSupplierParty[0]!.Party[0]!.PartyIdentification[3]!.ID[0]!._ = "123_4567";
      },
      code: "einvoice.supplier.ttx_format",
    },
    {
      label: "an e-mail address without a domain",
      mutate: (d) => {
        buyer(d).Contact[0]!.ElectronicMail![0]!._ = "tan@";
      },
      code: "einvoice.buyer.email_format",
    },
    {
      label: "a state code that does not exist",
      mutate: (d) => {
        buyer(d).PostalAddress[0]!.CountrySubentityCode[0]!._ = "18";
      },
      code: "einvoice.buyer.state",
    },
    {
      label: "a country code that does not exist",
      mutate: (d) => {
        buyer(d).PostalAddress[0]!.Country![0]!.IdentificationCode[0]!._ = "XYZ";
      },
      code: "einvoice.buyer.country",
    },
    {
      label: "a blank buyer name",
      mutate: (d) => {
        buyer(d).PartyLegalEntity[0]!.RegistrationName[0]!._ = " ";
      },
      code: "einvoice.field.required",
    },
    {
      label: "an address without a city",
      mutate: (d) => {
        delete buyer(d).PostalAddress[0]!.CityName;
      },
      code: "einvoice.field.required",
    },
    {
      label: "an unknown document type",
      mutate: (d) => {
        invoice(d).InvoiceTypeCode[0]!._ = "05";
      },
      code: "einvoice.document.type",
    },
    {
      label: "an unknown version",
      mutate: (d) => {
        invoice(d).InvoiceTypeCode[0]!.listVersionID = "2.0";
      },
      code: "einvoice.document.version",
    },
    {
      label: "a voluntary-disclosure version",
      mutate: (d) => {
        invoice(d).InvoiceTypeCode[0]!.listVersionID = "1.2";
      },
      code: "einvoice.document.svdp",
    },
    {
      label: "an issue time without Z",
      mutate: (d) => {
        invoice(d).IssueTime[0]!._ = "02:15:00";
      },
      code: "einvoice.time.format",
    },
    {
      label: "an unknown payment method",
      mutate: (d) => set(d, "PaymentMeans", [{ PaymentMeansCode: [{ _: "09" }] }]),
      code: "einvoice.payment.means",
    },
    {
      label: "an exchange rate to the wrong currency",
      mutate: (d) => {
        invoice(d).DocumentCurrencyCode[0]!._ = "USD";
        everyCurrency(d, "USD");
        set(d, "TaxExchangeRate", [
          {
            SourceCurrencyCode: [{ _: "USD" }],
            TargetCurrencyCode: [{ _: "SGD" }],
            CalculationRate: [{ _: 4.72 }],
          },
        ]);
      },
      code: "einvoice.currency.exchange_rate_invalid",
    },
    {
      label: "a price in another currency than the document",
      mutate: (d) => {
        line(d).Price[0]!.PriceAmount[0]!.currencyID = "USD";
      },
      code: "einvoice.amount.currency",
    },
    {
      label: "an amount with a fraction of a sen",
      mutate: (d) => {
        invoice(d).TaxTotal[0]!.TaxSubtotal[0]!.TaxableAmount![0]!._ = 100.001;
      },
      code: "einvoice.amount.precision",
    },
    {
      label: "an amount sent as text",
      mutate: (d) => {
        const subtotal = invoice(d).TaxTotal[0]!.TaxSubtotal[0]! as { TaxableAmount?: unknown };
        subtotal.TaxableAmount = [{ _: "100.00", currencyID: "MYR" }];
      },
      code: "einvoice.structure.invalid",
    },
    {
      label: "an unknown tax type",
      mutate: (d) => {
        lineTax(d).TaxCategory[0]!.ID[0]!._ = "07";
      },
      code: "einvoice.tax.type",
    },
    {
      label: "a tax scheme other than OTH",
      mutate: (d) => {
        lineTax(d).TaxCategory[0]!.TaxScheme[0]!.ID[0]!._ = "VAT";
      },
      code: "einvoice.tax.scheme",
    },
    {
      label: "both a percentage and a per-unit tax",
      mutate: (d) => {
        lineTax(d).PerUnitAmount = money(0);
        lineTax(d).BaseUnitMeasure = [{ _: 2, unitCode: "HUR" }];
      },
      code: "einvoice.tax.rate_kind",
    },
    {
      label: "a tax amount that does not match its rate",
      mutate: (d) => {
        lineTax(d).TaxCategory[0]!.ID[0]!._ = "02";
        lineTax(d).Percent![0]!._ = 8;
      },
      code: "einvoice.tax.amount_rate",
    },
    {
      label: "the same tax type twice in the summary",
      mutate: (d) => {
        const summary = invoice(d).TaxTotal[0]!;
        summary.TaxSubtotal.push({ TaxableAmount: money(0), TaxAmount: money(0), TaxCategory: tax06() });
      },
      code: "einvoice.tax.duplicate_type",
    },
    {
      label: "a line with only a tariff code",
      mutate: (d) => {
        line(d).Item[0]!.CommodityClassification = [
          { ItemClassificationCode: [{ _: "8517.13.0000", listID: "PTC" }] },
        ];
      },
      code: "einvoice.line.classification_missing",
    },
    {
      label: "an unknown country of origin",
      mutate: (d) => {
        line(d).Item[0]!.OriginCountry = [{ IdentificationCode: [{ _: "XXX" }] }];
      },
      code: "einvoice.line.origin_country",
    },
    {
      label: "a line tax total that is not the sum of its taxes",
      mutate: (d) => {
        line(d).TaxTotal[0]!.TaxAmount[0]!._ = 0.01;
      },
      code: "einvoice.line.tax_total",
    },
    {
      label: "elements out of the official order",
      mutate: (d) => {
        const { ID, ...rest } = invoice(d);
        d.Invoice[0] = { ...rest, ID };
      },
      code: "einvoice.structure.order",
    },
    {
      label: "a version 1.1 document that is not signed",
      mutate: (d) => {
        invoice(d).InvoiceTypeCode[0]!.listVersionID = "1.1";
      },
      code: "einvoice.signature.missing",
    },
  ])("reports $label as $code", ({ mutate, now, code }) => {
    const doc = minimal();
    mutate?.(doc);
    expect(codesOf(doc, { now: now ?? NOW })).toEqual([code]);
  });

  it("reports a wrong line total where it is and in the sum built on it, nowhere else", () => {
    const doc = minimal();
    line(doc).LineExtensionAmount[0]!._ = 90;
    expect(codesOf(doc)).toEqual(["einvoice.line.net_amount", "einvoice.totals.line_extension"]);
  });

  it("accepts a credit note that names the invoice it corrects", () => {
    const doc = minimal();
    invoice(doc).InvoiceTypeCode[0]!._ = "02";
    set(doc, "BillingReference", [
      { InvoiceDocumentReference: [{ ID: [{ _: "INV-2026-000120" }], UUID: [{ _: "NA" }] }] },
    ]);
    expect(codesOf(doc)).toEqual([]);
  });

  it("reports a consolidated invoice whose buyer is not named General Public", () => {
    const doc = consolidated();
    buyer(doc).PartyLegalEntity[0]!.RegistrationName[0]!._ = "Walk-in customers";
    expect(codesOf(doc)).toEqual(["einvoice.consolidated.name"]);
  });

  it("reports a consolidated line that is not 004", () => {
    const doc = consolidated();
    line(doc).Item[0]!.CommodityClassification[0]!.ItemClassificationCode[0]!._ = "030";
    expect(codesOf(doc)).toEqual(["einvoice.consolidated.classification"]);
  });

  it("accepts the general TIN with a MyKad for a person who gave only the MyKad", () => {
    const doc = minimal();
    buyer(doc).PartyIdentification[0]!.ID[0]!._ = "EI00000000010";
    expect(codesOf(doc)).toEqual([]);
  });

  it("accepts a foreign buyer with the foreign general TIN, a passport and a state name", () => {
    const doc = minimal();
    const party = buyer(doc);
    party.PartyIdentification = [
      { ID: [{ _: "EI00000000020", schemeID: "TIN" }] },
      { ID: [{ _: "K12345678", schemeID: "PASSPORT" }] },
    ];
    party.PostalAddress = address("Texas", "USA");
    party.Contact[0]!.Telephone[0]!._ = "+15125550123";
    expect(codesOf(doc)).toEqual([]);
  });

  it("lets the age limit be configured", () => {
    const twoHoursLater = new Date(ISSUED.getTime() + 2 * 3_600_000);
    expect(codesOf(minimal(), { now: twoHoursLater, maxAgeHours: 1 })).toEqual(["einvoice.issued.too_old"]);
  });

  it("accepts an unsigned 1.1 document about to be signed, and refuses one already signed", () => {
    const doc = minimal();
    invoice(doc).InvoiceTypeCode[0]!.listVersionID = "1.1";
    expect(codesOf(doc, { now: NOW, beforeSigning: true })).toEqual([]);

    const signed = fixture("1.1-Invoice-Sample.json");
    const codes = codesOf(signed, { now: new Date("2024-07-23T01:00:00Z"), beforeSigning: true });
    expect(codes.filter((code) => code.startsWith("einvoice.signature"))).toEqual([
      "einvoice.signature.unexpected",
      "einvoice.signature.unexpected",
    ]);
  });

  it("refuses a document over 300 KB", () => {
    const doc = minimal();
    // Customs form 2 references may be 1000 characters each; 310 of them pass 300 KB.
    set(
      doc,
      "AdditionalDocumentReference",
      Array.from({ length: 310 }, () => ({ ID: [{ _: "E".repeat(1000) }], DocumentType: [{ _: "K2" }] })),
    );
    expect(codesOf(doc)).toEqual(["einvoice.document.too_large"]);
  });

  it("reports malformed input instead of throwing", () => {
    expect(codesOf(null)).toEqual(["einvoice.structure.invalid"]);
    expect(codesOf({})).toEqual([
      "einvoice.field.required",
      "einvoice.field.required",
      "einvoice.field.required",
      "einvoice.field.required",
    ]);
    const doc = minimal() as unknown as { Invoice: { TaxTotal: unknown }[] };
    doc.Invoice[0]!.TaxTotal = { TaxAmount: 0 };
    expect(codesOf(doc)).toEqual(["einvoice.structure.invalid"]);
  });

  it("has an English and a Malay message for every code", () => {
    const params = {
      value: "X",
      expected: "RM 1.00",
      found: "RM 2.00",
      max: 50,
      scheme: "BRN",
      suggestion: "+60123456789",
    };
    const paths = ["Invoice[0]", "Invoice[0].AccountingCustomerParty[0].Party[0].Contact[0].Telephone[0]._"];
    for (const code of Object.keys(MESSAGES) as Code[]) {
      for (const path of paths) {
        const { en, ms } = render(code, path, params);
        expect(en, code).toMatch(/\w/);
        expect(ms, code).toMatch(/\w/);
        expect(ms, code).not.toBe(en);
        expect(`${en} ${ms}`, code).not.toMatch(/undefined|\[object/);
      }
    }
  });
});
