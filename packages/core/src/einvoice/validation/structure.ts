import * as z from "zod";

/**
 * A MyInvois document in UBL 2.1 JSON (BRIEF §1.1–1.5): every element an array of objects, the
 * value in `_`, attributes as sibling keys. Only what LHDN marks mandatory is required; formats,
 * code lists and cross-field rules are in the rule files, and signature.ts owns the cryptography.
 */
const one = <T extends z.ZodType>(element: T) => z.array(element).length(1);
const many = <T extends z.ZodType>(element: T) => z.array(element).min(1);

const Text = z.object({ _: z.string() });
const Num = z.object({ _: z.number() });
const Bool = z.object({ _: z.boolean() });
const Amount = z.object({ _: z.number(), currencyID: z.string() });
const Quantity = z.object({ _: z.number(), unitCode: z.string().optional() });
const Code = <A extends z.ZodRawShape>(attributes: A) => Text.extend(attributes);

// City and country may be left out when the first address line is "NA" (SDK Address table),
// so their presence is a rule, not structure.
const Address = z.object({
  AddressLine: z
    .array(z.object({ Line: one(Text) }))
    .min(1)
    .max(3),
  PostalZone: one(Text).optional(),
  CityName: one(Text).optional(),
  CountrySubentityCode: one(Text),
  Country: one(
    z.object({
      IdentificationCode: one(Code({ listID: z.string().optional(), listAgencyID: z.string().optional() })),
    }),
  ).optional(),
});

const Identification = z.object({ ID: one(Code({ schemeID: z.string() })) });

const Party = z.object({
  PartyIdentification: many(Identification),
  PostalAddress: one(Address),
  PartyLegalEntity: one(z.object({ RegistrationName: one(Text) })),
  Contact: one(z.object({ Telephone: one(Text), ElectronicMail: one(Text).optional() })),
});

const Supplier = Party.extend({ IndustryClassificationCode: one(Code({ name: z.string() })) });

const DeliveryParty = z.object({
  PartyIdentification: z.array(Identification).optional(),
  PostalAddress: one(Address).optional(),
  PartyLegalEntity: one(z.object({ RegistrationName: one(Text) })).optional(),
});

const AllowanceCharge = z.object({
  ChargeIndicator: one(Bool),
  AllowanceChargeReason: one(Text).optional(),
  MultiplierFactorNumeric: one(Num).optional(),
  Amount: one(Amount),
});

const TaxCategory = z.object({
  ID: one(Text),
  TaxExemptionReason: one(Text).optional(),
  TaxScheme: one(
    z.object({ ID: one(Code({ schemeID: z.string().optional(), schemeAgencyID: z.string().optional() })) }),
  ),
});

const TaxSubtotal = z.object({
  TaxableAmount: one(Amount).optional(),
  TaxAmount: one(Amount),
  Percent: one(Num).optional(),
  PerUnitAmount: one(Amount).optional(),
  BaseUnitMeasure: one(Quantity).optional(),
  TaxCategory: one(TaxCategory),
});

const TaxTotal = z.object({ TaxAmount: one(Amount), TaxSubtotal: many(TaxSubtotal) });

const InvoiceLine = z.object({
  ID: one(Text),
  InvoicedQuantity: one(Quantity).optional(),
  LineExtensionAmount: one(Amount),
  AllowanceCharge: z.array(AllowanceCharge).optional(),
  TaxTotal: one(TaxTotal),
  Item: one(
    z.object({
      CommodityClassification: many(z.object({ ItemClassificationCode: one(Code({ listID: z.string() })) })),
      Description: one(Text),
      OriginCountry: one(z.object({ IdentificationCode: one(Text) })).optional(),
    }),
  ),
  Price: one(z.object({ PriceAmount: one(Amount) })),
  ItemPriceExtension: one(z.object({ Amount: one(Amount) })),
});

const LegalMonetaryTotal = z.object({
  LineExtensionAmount: one(Amount).optional(),
  TaxExclusiveAmount: one(Amount),
  TaxInclusiveAmount: one(Amount),
  AllowanceTotalAmount: one(Amount).optional(),
  ChargeTotalAmount: one(Amount).optional(),
  PayableRoundingAmount: one(Amount).optional(),
  PayableAmount: one(Amount),
});

const Digest = z.object({ DigestMethod: one(Code({ Algorithm: z.string() })), DigestValue: one(Text) });

const XadesSignature = z.object({
  Id: z.string(),
  Object: one(
    z.object({
      QualifyingProperties: one(z.object({ Target: z.string(), SignedProperties: many(z.object({})) })),
    }),
  ),
  KeyInfo: one(z.object({ X509Data: one(z.object({ X509Certificate: one(Text) })) })),
  SignatureValue: one(Text),
  SignedInfo: one(
    z.object({
      SignatureMethod: one(Code({ Algorithm: z.string() })),
      Reference: z.array(Digest.extend({ Type: z.string(), URI: z.string() })).length(2),
    }),
  ),
});

const UBLExtensions = z.object({
  UBLExtension: many(
    z.object({
      ExtensionURI: one(Text),
      ExtensionContent: one(
        z.object({
          UBLDocumentSignatures: one(
            z.object({
              SignatureInformation: one(
                z.object({ ID: one(Text), ReferencedSignatureID: one(Text), Signature: one(XadesSignature) }),
              ),
            }),
          ),
        }),
      ),
    }),
  ),
});

const SignatureStub = z.object({
  ID: one(z.object({ _: z.literal("urn:oasis:names:specification:ubl:signature:Invoice") })),
  SignatureMethod: one(z.object({ _: z.literal("urn:oasis:names:specification:ubl:dsig:enveloped:xades") })),
});

const Invoice = z.object({
  ID: one(Text),
  IssueDate: one(Text),
  IssueTime: one(Text),
  InvoiceTypeCode: one(Code({ listVersionID: z.string() })),
  DocumentCurrencyCode: one(Text),
  TaxCurrencyCode: one(Text).optional(),
  InvoicePeriod: one(
    z.object({
      StartDate: one(Text).optional(),
      EndDate: one(Text).optional(),
      Description: one(Text).optional(),
    }),
  ).optional(),
  BillingReference: z
    .array(
      z.object({
        AdditionalDocumentReference: one(z.object({ ID: one(Text) })).optional(),
        InvoiceDocumentReference: one(z.object({ ID: one(Text), UUID: one(Text) })).optional(),
      }),
    )
    .optional(),
  AdditionalDocumentReference: z
    .array(
      z.object({
        ID: one(Text),
        DocumentType: one(Text).optional(),
        DocumentDescription: one(Text).optional(),
      }),
    )
    .optional(),
  AccountingSupplierParty: one(
    z.object({
      AdditionalAccountID: z.array(Code({ schemeAgencyName: z.string().optional() })).optional(),
      Party: one(Supplier),
    }),
  ),
  AccountingCustomerParty: one(z.object({ Party: one(Party) })),
  Delivery: one(
    z.object({
      DeliveryParty: one(DeliveryParty).optional(),
      Shipment: one(
        z.object({ ID: one(Text).optional(), FreightAllowanceCharge: z.array(AllowanceCharge).optional() }),
      ).optional(),
    }),
  ).optional(),
  PaymentMeans: one(
    z.object({
      PaymentMeansCode: one(Text),
      PayeeFinancialAccount: one(z.object({ ID: one(Text) })).optional(),
    }),
  ).optional(),
  PaymentTerms: one(z.object({ Note: one(Text) })).optional(),
  PrepaidPayment: one(
    z.object({
      ID: one(Text).optional(),
      PaidAmount: one(Amount),
      PaidDate: one(Text).optional(),
      PaidTime: one(Text).optional(),
    }),
  ).optional(),
  AllowanceCharge: z.array(AllowanceCharge).optional(),
  TaxExchangeRate: one(
    z.object({ SourceCurrencyCode: one(Text), TargetCurrencyCode: one(Text), CalculationRate: one(Num) }),
  ).optional(),
  TaxTotal: one(TaxTotal),
  LegalMonetaryTotal: one(LegalMonetaryTotal),
  InvoiceLine: many(InvoiceLine),
  // Required for versions 1.1 and 1.3 once signed; a rule decides, since the same document
  // is also validated just before signing.
  UBLExtensions: one(UBLExtensions).optional(),
  Signature: one(SignatureStub).optional(),
});

export const Document = z.object({
  _D: z.literal("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"),
  _A: z.literal("urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"),
  _B: z.literal("urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"),
  Invoice: one(Invoice),
});
export type Document = z.infer<typeof Document>;

/** Element order of the official 1.1 samples; XML checks it and "Invalid Structure" is usually order. */
export const INVOICE_ORDER = [
  "ID",
  "IssueDate",
  "IssueTime",
  "InvoiceTypeCode",
  "DocumentCurrencyCode",
  "TaxCurrencyCode",
  "InvoicePeriod",
  "BillingReference",
  "AdditionalDocumentReference",
  "AccountingSupplierParty",
  "AccountingCustomerParty",
  "Delivery",
  "PaymentMeans",
  "PaymentTerms",
  "PrepaidPayment",
  "AllowanceCharge",
  "TaxExchangeRate",
  "TaxTotal",
  "LegalMonetaryTotal",
  "InvoiceLine",
  "UBLExtensions",
  "Signature",
];

export const LINE_ORDER = [
  "ID",
  "InvoicedQuantity",
  "LineExtensionAmount",
  "AllowanceCharge",
  "TaxTotal",
  "Item",
  "Price",
  "ItemPriceExtension",
];
