import type { DocumentInput } from "./input";

const address = {
  lines: ["Lot 66", "Bangunan Merdeka", "Persiaran Jaya"],
  postcode: "50480",
  city: "Kuala Lumpur",
  state: "10",
  country: "MYS",
};

/**
 * The official 1.1 invoice sample (test/fixtures/myinvois/1.1-Invoice-Sample.json) written as
 * our input. Its figures are placeholders that do not add up (BRIEF §1.6), so every amount the
 * sample prints is given explicitly.
 */
export const SAMPLE_INVOICE: DocumentInput = {
  type: "01",
  version: "1.1",
  id: "JSON-INV12345",
  issued_at: new Date("2024-07-23T00:30:00Z"),
  currency: "MYR",
  tax_currency: "MYR",
  period: { start: "2024-01-01", end: "2024-07-31", description: "Monthly" },
  billing_references: [{ kind: "bill", id: "E12345678912" }],
  additional_references: [
    { id: "E12345678912", type: "CustomsImportForm" },
    { id: "sa313321312", type: "213312dddddd", description: "asddasdwqfd ddq" },
    { id: "E12345678912", type: "K2" },
    { id: "CIF" },
  ],
  supplier: {
    name: "Supplier's Name",
    tin: "Supplier's TIN",
    id: { scheme: "BRN", value: "Supplier's BRN" },
    sst: "NA",
    ttx: "NA",
    address,
    phone: "+60123456789",
    email: "supplier@email.com",
    msic: { code: "46510", description: "Wholesale of computer hardware, software and peripherals" },
    exporter_id: "CPT-CCN-W-211111-KL-000002",
  },
  buyer: {
    name: "Buyer's Name",
    tin: "Buyer's TIN",
    id: { scheme: "BRN", value: "Buyer's BRN" },
    sst: "NA",
    ttx: "NA",
    address,
    phone: "+60123456789",
    email: "buyer@email.com",
  },
  delivery: {
    party: {
      name: "Recipient's Name",
      tin: "Recipient's TIN",
      id: { scheme: "BRN", value: "Recipient's BRN" },
      address,
    },
    shipment: { id: "1234", charges: [{ reason: "Service charge", amount: "100.00" }] },
  },
  payment_means: { code: "03", account: "1234567890123" },
  payment_terms: "Payment method is cash",
  prepaid: { id: "E12345678912", amount: "1.00", paid_at: new Date("2024-07-23T00:30:00Z") },
  allowance_charges: [
    { charge: false, reason: "Sample Description", amount: "100.00" },
    { charge: true, reason: "Service charge", amount: "100.00" },
  ],
  lines: [
    {
      id: "1234",
      classifications: ["003"],
      tariff_code: "9800.00.0010",
      description: "Laptop Peripherals",
      quantity: "1",
      unit: "C62",
      unit_price: "17.00",
      subtotal: "100.00",
      allowance_charges: [
        { charge: false, reason: "Sample Description", rate: "15", amount: "100.00" },
        { charge: true, reason: "Sample Description", rate: "10", amount: "100.00" },
      ],
      total_excluding_tax: "1436.50",
      taxes: [
        {
          type: "E",
          percent: "6",
          exemption_reason: "Exempt New Means of Transport",
          taxable: "1460.50",
          amount: "1460.50",
        },
      ],
      origin_country: "MYS",
    },
  ],
  totals: {
    line_extension: "1436.50",
    allowance_total: "1436.50",
    charge_total: "1436.50",
    tax_exclusive: "1436.50",
    tax: "87.63",
    tax_subtotals: [{ type: "01", taxable: "87.63", amount: "87.63" }],
    tax_inclusive: "1436.50",
    rounding: "0.30",
    payable: "1436.50",
  },
};

/** The official 1.1 credit note sample: the same body, amending the invoice above. */
export const SAMPLE_CREDIT_NOTE: DocumentInput = {
  ...SAMPLE_INVOICE,
  type: "02",
  id: "JSON-CN12345",
  billing_references: [
    { kind: "original", id: "JSON-INV12345", uuid: "Reference Invoice UUID" },
    { kind: "bill", id: "E12345678912" },
  ],
};

/** A phone-repair shop invoicing a company; `lines` are the test's own. */
export const shopInvoice = (over: Partial<DocumentInput>): DocumentInput => ({
  type: "01",
  version: "1.1",
  id: "INV-2026-000123",
  issued_at: new Date("2026-08-01T02:15:00Z"),
  currency: "MYR",
  billing_references: [],
  additional_references: [],
  supplier: SHOP,
  buyer: {
    name: "Syarikat Pelanggan Sdn Bhd",
    tin: "C20987654320",
    id: { scheme: "BRN", value: "201901000123" },
    sst: "NA",
    ttx: "NA",
    address: {
      lines: ["Lot 5, Jalan Tandang"],
      postcode: "46050",
      city: "Petaling Jaya",
      state: "10",
      country: "MYS",
    },
    phone: "+60377711234",
  },
  payment_means: { code: "01" },
  allowance_charges: [],
  lines: [],
  totals: {},
  ...over,
});

export const SHOP: DocumentInput["supplier"] = {
  name: "Kedai Baiki Telefon Contoh Sdn Bhd",
  tin: "C21234567890",
  id: { scheme: "BRN", value: "202001234567" },
  sst: "W10-1808-32000123",
  ttx: "NA",
  address: {
    lines: ["No 12, Jalan SS2/24"],
    postcode: "47300",
    city: "Petaling Jaya",
    state: "10",
    country: "MYS",
  },
  phone: "+60378761234",
  email: "akaun@contoh.my",
  msic: { code: "95122", description: "Repair and maintenance of cellular phones" },
};
