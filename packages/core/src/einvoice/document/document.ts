import { Money } from "../../money/index";
import { fn } from "../../util/fn";
import { type AllowanceCharge, DocumentInput, type Line, type Tax } from "./input";
import { customerParty, delivery, supplierParty } from "./party";
import { type Amounts, computeAmounts, type LineAmounts } from "./totals";
import {
  type Aggregate,
  aggregate,
  amount,
  decimal,
  type Element,
  multiplier,
  NAMESPACE,
  optional,
  type UblDocument,
  utcDate,
  utcTime,
  value,
} from "./ubl";
import { ublToXml } from "./xml";

export { discrepancies } from "./totals";
export type { UblDocument } from "./ubl";

/**
 * The MyInvois UBL 2.1 JSON document (`_D/_A/_B` + `Invoice:[…]`), keys in the official
 * samples' order, amounts as JSON numbers exact to the sen.
 *
 * Hazards:
 * - It never contains UBLExtensions or Signature, for 1.0 or 1.1. For 1.1 the signer hashes
 *   and signs `JSON.stringify(document)` as returned here, then appends those two keys last
 *   in `Invoice[0]` (BRIEF §1.9). Do not re-order, re-create or re-serialise the object in
 *   between: a different key order or number spelling breaks the signature (DS322).
 * - IssueDate/IssueTime come from `issued_at`, which must be "now": LHDN rejects documents
 *   more than 72 hours old or in the future.
 * - Figures given in the input are emitted as given; check `discrepancies(input)` first when
 *   they come from elsewhere.
 */
export const buildDocument = fn(DocumentInput, (input): UblDocument => {
  const { amounts } = computeAmounts(input);
  const money = (a: Money.Amount) => amount(a, input.currency);
  return {
    _D: NAMESPACE.invoice,
    _A: NAMESPACE.cac,
    _B: NAMESPACE.cbc,
    Invoice: [
      aggregate({
        ID: value(input.id),
        IssueDate: value(utcDate(input.issued_at)),
        IssueTime: value(utcTime(input.issued_at)),
        InvoiceTypeCode: value(input.type, { listVersionID: input.version }),
        DocumentCurrencyCode: value(input.currency),
        TaxCurrencyCode: optional(input.tax_currency),
        InvoicePeriod: input.period && [
          aggregate({
            StartDate: value(input.period.start),
            EndDate: value(input.period.end),
            Description: optional(input.period.description),
          }),
        ],
        BillingReference: input.billing_references.map(
          (r): Aggregate =>
            r.kind === "original"
              ? { InvoiceDocumentReference: [{ ID: value(r.id), UUID: value(r.uuid) }] }
              : { AdditionalDocumentReference: [{ ID: value(r.id) }] },
        ),
        AdditionalDocumentReference: input.additional_references.map((r) =>
          aggregate({
            ID: value(r.id),
            DocumentType: optional(r.type),
            DocumentDescription: optional(r.description),
          }),
        ),
        AccountingSupplierParty: supplierParty(input.supplier),
        AccountingCustomerParty: customerParty(input.buyer),
        Delivery: input.delivery && delivery(input.delivery, input.currency),
        PaymentMeans: input.payment_means && [
          aggregate({
            PaymentMeansCode: value(input.payment_means.code),
            PayeeFinancialAccount:
              input.payment_means.account === undefined
                ? undefined
                : [{ ID: value(input.payment_means.account) }],
          }),
        ],
        PaymentTerms: input.payment_terms === undefined ? undefined : [{ Note: value(input.payment_terms) }],
        PrepaidPayment: input.prepaid && [
          aggregate({
            ID: optional(input.prepaid.id),
            PaidAmount: money(amounts.prepaid),
            PaidDate: value(utcDate(input.prepaid.paid_at)),
            PaidTime: value(utcTime(input.prepaid.paid_at)),
          }),
        ],
        AllowanceCharge: input.allowance_charges.map((a, i) =>
          allowanceCharge(a, amounts.allowance_charges[i]!, money),
        ),
        TaxExchangeRate:
          input.exchange_rate === undefined
            ? undefined
            : [
                {
                  SourceCurrencyCode: value(input.currency),
                  TargetCurrencyCode: value("MYR"),
                  CalculationRate: value(decimal(input.exchange_rate)),
                },
              ],
        TaxTotal: [
          {
            TaxAmount: money(amounts.tax),
            TaxSubtotal: amounts.tax_subtotals.map((s) => ({
              TaxableAmount: money(s.taxable),
              TaxAmount: money(s.amount),
              TaxCategory: [taxCategory(s.type, s.exemption_reason)],
            })),
          },
        ],
        LegalMonetaryTotal: [legalMonetaryTotal(input, amounts, money)],
        InvoiceLine: input.lines.map((line, i) => invoiceLine(line, i, amounts.lines[i]!, money)),
      }),
    ],
  };
});

/** The same document as UBL 2.1 XML (Invoice root, cac/cbc prefixes, schema element order). */
export const toXml = fn(DocumentInput, (input) => ublToXml(buildDocument.force(input)));

type Emit = (amount: Money.Amount) => Element[];

function legalMonetaryTotal(input: DocumentInput, amounts: Amounts, money: Emit): Aggregate {
  const has = (charge: boolean) => input.allowance_charges.some((a) => a.charge === charge);
  const { totals } = input;
  return aggregate({
    LineExtensionAmount: money(amounts.line_extension),
    TaxExclusiveAmount: money(amounts.tax_exclusive),
    TaxInclusiveAmount: money(amounts.tax_inclusive),
    AllowanceTotalAmount:
      has(false) || totals.allowance_total !== undefined ? money(amounts.allowance_total) : undefined,
    ChargeTotalAmount:
      has(true) || totals.charge_total !== undefined ? money(amounts.charge_total) : undefined,
    PayableRoundingAmount: totals.rounding === undefined ? undefined : money(amounts.rounding),
    PayableAmount: money(amounts.payable),
  });
}

function invoiceLine(line: Line, index: number, amounts: LineAmounts, money: Emit): Aggregate {
  return aggregate({
    ID: value(line.id ?? String(index + 1)),
    InvoicedQuantity: value(decimal(line.quantity), line.unit ? { unitCode: line.unit } : {}),
    LineExtensionAmount: money(amounts.total_excluding_tax),
    AllowanceCharge: line.allowance_charges.map((a, i) =>
      allowanceCharge(a, amounts.allowance_charges[i]!, money),
    ),
    TaxTotal: [
      {
        TaxAmount: money(amounts.tax),
        TaxSubtotal: line.taxes.map((t, i) => taxSubtotal(t, amounts.taxes[i]!, money)),
      },
    ],
    Item: [
      aggregate({
        // The samples list the tariff code (PTC) before the classification (CLASS).
        CommodityClassification: [
          ...(line.tariff_code
            ? [{ ItemClassificationCode: value(line.tariff_code, { listID: "PTC" }) }]
            : []),
          ...line.classifications.map((c) => ({ ItemClassificationCode: value(c, { listID: "CLASS" }) })),
        ],
        Description: value(line.description),
        OriginCountry:
          line.origin_country === undefined
            ? undefined
            : [{ IdentificationCode: value(line.origin_country) }],
      }),
    ],
    Price: [{ PriceAmount: money(Money.parse(line.unit_price)) }],
    ItemPriceExtension: [{ Amount: money(amounts.subtotal) }],
  });
}

function taxSubtotal(
  t: Tax,
  amounts: { taxable: Money.Amount; amount: Money.Amount },
  money: Emit,
): Aggregate {
  return aggregate({
    TaxableAmount: money(amounts.taxable),
    TaxAmount: money(amounts.amount),
    Percent: t.percent === undefined ? undefined : value(decimal(t.percent)),
    BaseUnitMeasure: t.per_unit && value(decimal(t.per_unit.base), { unitCode: t.per_unit.unit }),
    PerUnitAmount: t.per_unit && money(Money.parse(t.per_unit.amount)),
    TaxCategory: [taxCategory(t.type, t.exemption_reason)],
  });
}

const taxCategory = (type: string, exemptionReason: string | undefined): Aggregate =>
  aggregate({
    ID: value(type),
    TaxExemptionReason: optional(exemptionReason),
    TaxScheme: [{ ID: value("OTH", { schemeID: "UN/ECE 5153", schemeAgencyID: "6" }) }],
  });

function allowanceCharge(a: AllowanceCharge, sen: Money.Amount, money: Emit): Aggregate {
  return aggregate({
    ChargeIndicator: value(a.charge),
    AllowanceChargeReason: value(a.reason),
    MultiplierFactorNumeric: a.rate === undefined ? undefined : value(multiplier(a.rate)),
    Amount: money(sen),
  });
}
