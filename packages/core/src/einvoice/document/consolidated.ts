import * as z from "zod";
import { Money } from "../../money/index";
import { fn } from "../../util/fn";
import { CLASSIFICATION_CONSOLIDATED, GENERAL_TIN, STATE_NOT_APPLICABLE, TAX_TYPES } from "../codes";
import { Amount, type Buyer, type DocumentInput, type Line, Percent, Supplier, text, Version } from "./input";

/** Any single transaction above RM10,000 needs its own e-Invoice from 1 Jan 2026 (Specific Guideline §3.7.2). */
export const CONSOLIDATION_LIMIT = Money.parse("10000");

/**
 * The consolidated buyer exactly as the Specific Guideline (§3.6.11, Table 3.5) prescribes;
 * another name is refused ("Buyer's details cannot be general TIN (010) …", KLS issue #39).
 * State 17 is only allowed for consolidated e-Invoices and foreign addresses (SDK, 30 Apr 2026).
 */
export const GENERAL_PUBLIC: Buyer = {
  name: "General Public",
  tin: GENERAL_TIN.generalPublic,
  id: { scheme: "BRN", value: "NA" },
  sst: "NA",
  ttx: "NA",
  address: { lines: ["NA"], city: "NA", state: STATE_NOT_APPLICABLE, country: "MYS" },
  phone: "NA",
};

/** What a receipt was for, per tax treatment: amount before tax and the tax charged on it. */
export const ReceiptPart = z
  .object({
    net: Amount,
    tax: Amount.default("0.00"),
    tax_type: z.string().refine((c) => TAX_TYPES.has(c), "Not a tax type code in LHDN's list"),
    percent: Percent.default("0"),
    exemption_reason: text(300).optional(),
  })
  .refine((p) => (p.tax_type === "E") === (p.exemption_reason !== undefined), {
    message: "A reason is required for tax type E, and only for it",
    path: ["exemption_reason"],
  });

/** A receipt issued without an e-Invoice: its lines, or its totals when only those are kept. */
export const Receipt = z
  .object({
    number: text(50),
    issued_at: z.date(),
    lines: z.array(ReceiptPart).min(1).optional(),
    totals: ReceiptPart.optional(),
  })
  .refine(
    (r) => (r.lines === undefined) !== (r.totals === undefined),
    "Give the receipt's lines or its totals",
  );
export type Receipt = z.infer<typeof Receipt>;

export const ConsolidationInput = z
  .object({
    id: text(50),
    version: Version,
    issued_at: z.date(),
    /** The calendar month consolidated, "2026-07", in the shop's time zone. */
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    time_zone: z.string().default("Asia/Kuala_Lumpur"),
    supplier: Supplier,
    receipts: z.array(Receipt).min(1),
    /** One line per continuous run of receipt numbers, or one per receipt (Table 3.5 (a)/(b)). */
    lines: z.enum(["range", "receipt"]).default("range"),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.receipts.forEach((receipt, i) => {
      const issue = (code: string, message: string) =>
        ctx.addIssue({ code: "custom", path: ["receipts", i], message, params: { code } });
      const total = Money.sum(parts(receipt).flatMap((p) => [Money.parse(p.net), Money.parse(p.tax)]));
      if (total.gt(CONSOLIDATION_LIMIT))
        issue(
          "einvoice.receipt_over_limit",
          `Receipt ${receipt.number} is ${Money.format(total)}, over RM10,000: it needs its own e-Invoice`,
        );
      if (localMonth(receipt.issued_at, input.time_zone) !== input.month)
        issue("einvoice.receipt_outside_month", `Receipt ${receipt.number} was not issued in ${input.month}`);
      if (seen.has(receipt.number))
        issue("einvoice.duplicate_receipt", `Receipt ${receipt.number} is listed twice`);
      seen.add(receipt.number);
    });
  });
export type ConsolidationInput = z.infer<typeof ConsolidationInput>;

/**
 * The monthly consolidated e-Invoice for receipts whose buyers did not ask for one, to be
 * submitted within 7 days after the month ends (Specific Guideline §3.6). Each line carries
 * its receipt numbers in the description and the tax the receipts charged, summed (not
 * recomputed on the total, so it matches the receipts to the sen).
 */
export const consolidated = fn(ConsolidationInput, (input): DocumentInput => {
  const [year, month] = input.month.split("-").map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return {
    type: "01",
    version: input.version,
    id: input.id,
    issued_at: input.issued_at,
    currency: "MYR",
    period: { start: `${input.month}-01`, end: `${input.month}-${lastDay}`, description: "Monthly" },
    billing_references: [],
    additional_references: [],
    supplier: input.supplier,
    buyer: GENERAL_PUBLIC,
    allowance_charges: [],
    lines: groups(input).map((receipts, i) => line(receipts, i)),
    totals: {},
  };
});

const parts = (r: Receipt) => r.lines ?? [r.totals!];

function line(receipts: Receipt[], index: number): Line {
  const first = receipts[0]!.number;
  const last = receipts.at(-1)!.number;
  const byTreatment = new Map<
    string,
    z.output<typeof ReceiptPart> & { taxable: Money.Amount; amount: Money.Amount }
  >();
  for (const part of receipts.flatMap(parts)) {
    const key = `${part.tax_type}|${part.percent}|${part.exemption_reason ?? ""}`;
    const entry = byTreatment.get(key) ?? { ...part, taxable: Money.ZERO, amount: Money.ZERO };
    entry.taxable = entry.taxable.plus(Money.parse(part.net));
    entry.amount = entry.amount.plus(Money.parse(part.tax));
    byTreatment.set(key, entry);
  }
  const treatments = [...byTreatment.values()];
  return {
    id: String(index + 1),
    classifications: [CLASSIFICATION_CONSOLIDATED],
    description: first === last ? `Receipt ${first}` : `Receipt ${first} - ${last}`,
    quantity: "1",
    unit: "C62",
    unit_price: Money.text(Money.sum(treatments.map((t) => t.taxable))),
    allowance_charges: [],
    taxes: treatments.map((t) => ({
      type: t.tax_type,
      percent: t.percent,
      exemption_reason: t.exemption_reason,
      taxable: Money.text(t.taxable),
      amount: Money.text(t.amount),
    })),
  };
}

/** Receipts in number order, cut wherever the numbering breaks (or at every receipt). */
function groups(input: ConsolidationInput): Receipt[][] {
  const sorted = [...input.receipts].sort((a, b) =>
    a.number.localeCompare(b.number, "en", { numeric: true }),
  );
  const out: Receipt[][] = [];
  for (const receipt of sorted) {
    const current = out.at(-1);
    const previous = current?.at(-1);
    if (input.lines === "range" && previous && successor(previous.number) === receipt.number)
      current!.push(receipt);
    else out.push([receipt]);
  }
  return out;
}

/** "R-0099" → "R-0100": the next number in the same series, keeping the zero padding. */
function successor(number: string): string | undefined {
  const match = /^(.*?)(\d+)$/.exec(number);
  if (!match) return undefined;
  const [, prefix, digits] = match as unknown as [string, string, string];
  return `${prefix}${(BigInt(digits) + 1n).toString().padStart(digits.length, "0")}`;
}

function localMonth(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${get("year")}-${get("month")}`;
}
