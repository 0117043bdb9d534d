import type { customerTable } from "../../customer/customer.sql";
import type { invoiceItemTable, invoiceTable, paymentMethod } from "../../invoice/invoice.sql";
import { Money } from "../../money/index";
import type { Settings } from "../../settings/index";
import { GENERAL_TIN } from "../codes";
import type { BuyerRequest } from "../flow/buyer";
import { type Address, Buyer, type DocumentInput, type Line, type Supplier, type Version } from "./input";

type Invoice = typeof invoiceTable.$inferSelect;
type Item = typeof invoiceItemTable.$inferSelect;
type Customer = typeof customerTable.$inferSelect;

type AllSettings = Awaited<ReturnType<typeof Settings.get>>;
const str = (value: unknown) => (typeof value === "string" ? value : "");

/** LHDN takes up to three address lines: the profile's street lines, any beyond the third joined to it. */
export function addressLines(address: string): string[] {
  const lines = address
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/,$/, ""))
    .filter(Boolean);
  return lines.length > 3 ? [...lines.slice(0, 2), lines.slice(2).join(", ")] : lines;
}

/**
 * The shop as LHDN knows it, from settings: TIN, registration and activity from the MyInvois
 * section; name, address, phone and email from the shop profile, the one address the shop keeps.
 */
export function supplierFrom(settings: AllSettings): Supplier {
  const m = settings.myinvois;
  const shop = settings.shop;
  const address: Address = {
    lines: addressLines(str(shop.address)),
    postcode: str(shop.postcode) || undefined,
    city: str(shop.city),
    state: str(shop.state_code),
    country: "MYS",
  };
  return {
    name: str(shop.name),
    tin: str(m.tin),
    id: { scheme: "BRN", value: str(m.brn) },
    sst: str(m.sst_number) || "NA",
    ttx: str(m.tourism_tax_number) || "NA",
    address,
    email: str(shop.email) || undefined,
    phone: str(shop.phone),
    msic: { code: str(m.msic_code), description: str(m.business_activity) },
  };
}

export function buyerFrom(request: BuyerRequest, customer?: Customer): Buyer {
  return Buyer.parse({
    name: request.name,
    tin: request.tin ?? GENERAL_TIN.generalPublic,
    id: { scheme: request.id_type, value: request.id_value.replace(/-/g, "") },
    sst: request.sst_number || "NA",
    ttx: "NA",
    address: {
      lines: [request.address_line1, request.address_line2].filter(Boolean),
      postcode: request.postcode || undefined,
      city: request.city,
      state: request.state_code,
      country: "MYS",
    },
    email: request.email ?? customer?.email ?? undefined,
    phone: request.phone || customer?.phone || "NA",
  });
}

const DOCUMENT_TYPE = { invoice: "01", credit_note: "02", debit_note: "03", refund_note: "04" } as const;

/** How each way a shop takes money maps onto LHDN's payment modes. */
export const PAYMENT_MEANS: Record<(typeof paymentMethod.enumValues)[number], string> = {
  cash: "01",
  card: "04",
  fpx: "03",
  duitnow: "03",
  bank_transfer: "03",
};

/**
 * One line of ours as an e-invoice line. Our figures are given, not recomputed: the line's
 * amount before tax is its total less its tax (prices may include tax), so the e-invoice
 * matches the receipt to the sen.
 */
export function lineFrom(item: Item): Line {
  const tax = Money.parse(item.tax_amount);
  const net = Money.parse(item.line_total).minus(tax);
  const discount = Money.parse(item.discount);
  const qty = item.qty.replace(/\.?0+$/, "") || "0";
  const taxType = item.tax_type ?? (tax.gt(Money.ZERO) ? "02" : "06");
  return {
    id: String(item.position),
    classifications: [item.classification_code ?? "030"],
    description: item.description,
    quantity: qty,
    unit: item.unit_code ?? "C62",
    unit_price: Money.text(net.plus(discount).div(Money.of(qty))),
    subtotal: Money.text(net.plus(discount)),
    allowance_charges: discount.eq(Money.ZERO)
      ? []
      : [{ charge: false, reason: "Discount", amount: Money.text(discount) }],
    total_excluding_tax: Money.text(net),
    taxes: [
      {
        type: taxType,
        percent: taxType === "E" ? "0" : item.tax_rate.replace(/\.?0+$/, "") || "0",
        taxable: Money.text(net),
        amount: Money.text(tax),
        ...(taxType === "E" ? { exemption_reason: "Exempt under the Service Tax Act 2018" } : {}),
      },
    ],
  };
}

export type InvoiceSource = {
  invoice: Invoice;
  items: Item[];
  buyer: Buyer;
  /** For credit, debit and refund notes: the invoice adjusted, with its MyInvois UUID when it has one. */
  original?: Pick<Invoice, "number" | "einvoice_uuid">;
  paymentMethod?: (typeof paymentMethod.enumValues)[number];
};

/** Our invoice as a MyInvois document input, issued now (LHDN hashes the issue time). */
export function documentFrom(
  source: InvoiceSource,
  settings: AllSettings,
  options: { version: Version; issuedAt: Date },
): DocumentInput {
  const { invoice } = source;
  return {
    type: DOCUMENT_TYPE[invoice.kind],
    version: options.version,
    id: invoice.number,
    issued_at: options.issuedAt,
    currency: invoice.currency,
    billing_references: source.original
      ? [{ kind: "original", id: source.original.number, uuid: source.original.einvoice_uuid ?? "NA" }]
      : [],
    additional_references: [],
    supplier: supplierFrom(settings),
    buyer: source.buyer,
    payment_means: source.paymentMethod ? { code: PAYMENT_MEANS[source.paymentMethod] } : undefined,
    allowance_charges: [],
    lines: [...source.items].sort((a, b) => a.position - b.position).map(lineFrom),
    totals: {},
  };
}
