import * as z from "zod";
import { Money } from "../../money/index";
import { Day } from "../../util/dates";
import { Phone } from "../../util/phone";
import {
  CLASSIFICATIONS,
  COUNTRIES,
  CURRENCIES,
  MSIC,
  PAYMENT_METHODS,
  STATES,
  TAX_TYPES,
  UNITS,
} from "../codes";

/**
 * What a MyInvois document is built from, independent of our tables. Lengths and code lists
 * are LHDN's (SDK documents/invoice-v1-1). Amounts are decimal strings ("180.00"), never floats.
 *
 * Figures the builder can compute (line subtotal and total, allowance/charge and tax amounts,
 * document totals) may also be given: a given figure is emitted as given (e.g. what a receipt
 * printed) and `discrepancies()` lists where it differs from the computed one.
 */

// C0 control characters are not allowed in XML 1.0 and LHDN rejects them in JSON.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL.test(s), "Control characters are not allowed");

const code = (table: ReadonlyMap<string, string>, name: string) =>
  z.string().refine((c) => table.has(c), `Not a ${name} code in LHDN's list`);

export const Amount = Money.Text;
/** A percentage with at most two decimals ("8", "6.00"), as Money.tax takes it. */
export const Percent = Money.Rate;
/** A quantity or rate: up to 6 decimals, so its JSON number never needs exponent form. */
export const Quantity = z.string().regex(/^\d{1,9}(\.\d{1,6})?$/, "A decimal like 1.5");
const IsoDate = Day;

export const DocumentType = z.enum(["01", "02", "03", "04", "11", "12", "13", "14"]);
export type DocumentType = z.infer<typeof DocumentType>;
/** Types that amend an issued invoice and so must reference it (SDK documents/credit-v1-1). */
export const AMENDING_TYPES: readonly DocumentType[] = ["02", "03", "04", "12", "13", "14"];
export const Version = z.enum(["1.0", "1.1"]);
export type Version = z.infer<typeof Version>;

export const Address = z.object({
  lines: z.array(text(150)).min(1).max(3),
  postcode: text(50).optional(),
  city: text(50),
  state: code(STATES, "state"),
  country: code(COUNTRIES, "country").default("MYS"),
});
export type Address = z.infer<typeof Address>;

export const PartyId = z
  .object({ scheme: z.enum(["BRN", "NRIC", "PASSPORT", "ARMY"]), value: text(20) })
  .refine((id) => id.scheme === "BRN" || id.value.length <= 12, {
    message: "NRIC, passport and army numbers have at most 12 characters",
    path: ["value"],
  });
export type PartyId = z.infer<typeof PartyId>;

const NotApplicable = z.literal("NA");

const party = {
  name: text(300),
  tin: text(14),
  id: PartyId,
  /** "NA" when not registered; up to two numbers separated by ";". */
  sst: text(35).default("NA"),
  ttx: text(17).default("NA"),
  address: Address,
  email: z.email().max(320).optional(),
};

export const Supplier = z.object({
  ...party,
  phone: Phone,
  msic: z.object({ code: code(MSIC, "MSIC"), description: text(300) }),
  /** Certified exporter's authorisation number (AdditionalAccountID, scheme CertEX). */
  exporter_id: text(300).optional(),
});
export type Supplier = z.infer<typeof Supplier>;

export const Buyer = z.object({ ...party, phone: z.union([NotApplicable, Phone]) });
export type Buyer = z.infer<typeof Buyer>;

export const Delivery = z.object({
  party: z.object({ name: text(300), tin: text(14), id: PartyId, address: Address }).optional(),
  /** Shown to LHDN as other charges; not part of the totals (SDK mathematical-mappings). */
  shipment: z
    .object({
      id: text(100),
      charges: z.array(z.object({ reason: text(300), amount: Amount })).min(1),
    })
    .optional(),
});
export type Delivery = z.infer<typeof Delivery>;

export const BillingReference = z.discriminatedUnion("kind", [
  /** The invoice amended by a credit, debit or refund note; "NA" for both when it never went to MyInvois. */
  z.object({ kind: z.literal("original"), id: text(150), uuid: text(100) }),
  z.object({ kind: z.literal("bill"), id: text(150) }),
]);
export type BillingReference = z.infer<typeof BillingReference>;

export const AdditionalReference = z.object({
  id: text(1000),
  /** "CustomsImportForm", "FreeTradeAgreement", "K2"; absent for an Incoterm such as "CIF". */
  type: text(100).optional(),
  description: text(300).optional(),
});

/** A discount (`charge: false`) or a fee; `rate` is a percentage of the amount it applies to. */
export const AllowanceCharge = z
  .object({ charge: z.boolean(), reason: text(300), rate: Percent.optional(), amount: Amount.optional() })
  .refine((a) => a.rate !== undefined || a.amount !== undefined, "Give a rate or an amount");
export type AllowanceCharge = z.infer<typeof AllowanceCharge>;

export const Tax = z
  .object({
    type: code(TAX_TYPES, "tax type"),
    percent: Percent.optional(),
    /** A fixed tax per unit (e.g. per night): `amount` for every `base` units of `unit`. */
    per_unit: z.object({ amount: Amount, base: Quantity.default("1"), unit: code(UNITS, "unit") }).optional(),
    exemption_reason: text(300).optional(),
    taxable: Amount.optional(),
    amount: Amount.optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.percent === undefined) === (t.per_unit === undefined))
      ctx.addIssue({ code: "custom", message: "Give either a percent or a per-unit amount" });
    if ((t.type === "E") !== (t.exemption_reason !== undefined))
      ctx.addIssue({
        code: "custom",
        path: ["exemption_reason"],
        message: "A reason is required for tax type E, and only for it",
      });
  });
export type Tax = z.infer<typeof Tax>;

export const Line = z
  .object({
    /** "1", "2", … by position when absent. */
    id: text(50).optional(),
    classifications: z.array(code(CLASSIFICATIONS, "classification")).min(1),
    tariff_code: text(12).optional(),
    description: text(300),
    quantity: Quantity,
    unit: code(UNITS, "unit").optional(),
    unit_price: Amount,
    subtotal: Amount.optional(),
    allowance_charges: z.array(AllowanceCharge).default([]),
    /** Subtotal − discounts + charges (LineExtensionAmount). */
    total_excluding_tax: Amount.optional(),
    taxes: z.array(Tax).min(1),
    origin_country: code(COUNTRIES, "country").optional(),
  })
  .refine((l) => l.taxes.length === 1 || l.taxes.every((t) => t.taxable !== undefined), {
    message: "With more than one tax on a line, give each one's taxable amount",
    path: ["taxes"],
  });
export type Line = z.infer<typeof Line>;

/** Document totals to emit as given instead of computing; `rounding` is only ever given. */
export const Totals = z.object({
  line_extension: Amount.optional(),
  allowance_total: Amount.optional(),
  charge_total: Amount.optional(),
  tax_exclusive: Amount.optional(),
  tax: Amount.optional(),
  tax_subtotals: z
    .array(
      z.object({
        type: code(TAX_TYPES, "tax type"),
        taxable: Amount,
        amount: Amount,
        exemption_reason: text(300).optional(),
      }),
    )
    .min(1)
    .optional(),
  tax_inclusive: Amount.optional(),
  /** PayableRoundingAmount, e.g. the 5-sen cash rounding. */
  rounding: Amount.optional(),
  payable: Amount.optional(),
});
export type Totals = z.infer<typeof Totals>;

export const DocumentInput = z
  .object({
    type: DocumentType,
    version: Version,
    id: text(50),
    /** LHDN wants "now" in UTC and rejects documents older than 72 hours or in the future. */
    issued_at: z.date(),
    currency: code(CURRENCIES, "currency").default("MYR"),
    /** MYR per unit of `currency`; required when it is not MYR. */
    exchange_rate: Quantity.optional(),
    tax_currency: code(CURRENCIES, "currency").optional(),
    period: z.object({ start: IsoDate, end: IsoDate, description: text(50).optional() }).optional(),
    billing_references: z.array(BillingReference).default([]),
    additional_references: z.array(AdditionalReference).default([]),
    supplier: Supplier,
    buyer: Buyer,
    delivery: Delivery.optional(),
    payment_means: z
      .object({ code: code(PAYMENT_METHODS, "payment method"), account: text(150).optional() })
      .optional(),
    payment_terms: text(300).optional(),
    prepaid: z.object({ id: text(150).optional(), amount: Amount, paid_at: z.date() }).optional(),
    allowance_charges: z.array(AllowanceCharge).default([]),
    lines: z.array(Line).min(1),
    totals: Totals.default({}),
  })
  .superRefine((doc, ctx) => {
    if (doc.currency !== "MYR" && doc.exchange_rate === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["exchange_rate"],
        message: "Required when the currency is not MYR",
      });
    if (AMENDING_TYPES.includes(doc.type) && !doc.billing_references.some((r) => r.kind === "original"))
      ctx.addIssue({
        code: "custom",
        path: ["billing_references"],
        message: "A credit, debit or refund note must reference the original invoice",
      });
    const ids = doc.lines.map((l, i) => l.id ?? String(i + 1));
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: "custom", path: ["lines"], message: "Line ids must be unique" });
  });
export type DocumentInput = z.infer<typeof DocumentInput>;
