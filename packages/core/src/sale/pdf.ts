import { Blob } from "../blob/index";
import { log } from "../log";
import { Money } from "../money/index";
import type { View as QuoteView } from "../quote/view";
import { Settings } from "../settings/index";
import * as Format from "../template/format";
import { type PrintedRow, printedTotals } from "./totals";
import type { View } from "./view";

/**
 * An A4 document as PDF (pdfkit, its standard Helvetica, so no font files ship): an invoice, a
 * refund note or a quote, from the figures core already worked out. Nothing here does money
 * arithmetic: every amount printed is one of the document's own.
 */
export type Document = {
  title: "INVOICE" | "REFUND NOTE" | "QUOTATION";
  number: string;
  issued_at: Date | null;
  /** A quote's last day, or an invoice's due date. */
  valid_until?: Date | null;
  customer: { name: string; phone: string } | null;
  lines: {
    description: string;
    qty: string;
    unit_price: string;
    discount: string;
    tax_rate: string;
    line_total: string;
  }[];
  totals: [label: string, amount: string][];
  tax_breakdown: View["tax_breakdown"];
  payments?: View["payments"];
  notes?: string | null;
};

const PRINTED_LABELS: Record<PrintedRow["kind"], string> = {
  subtotal: "Subtotal",
  discount: "Discount",
  tax: "SST",
  total: "Total",
  tax_included: "SST included",
};

const totalsOf = (view: View | QuoteView): [string, string][] =>
  printedTotals(view).map((row) => [PRINTED_LABELS[row.kind], row.amount]);

/** The invoice's document, from its view. */
export function ofInvoice(view: View): Document {
  const totals = totalsOf(view);
  if (view.rounding !== "0.00") totals.push(["Rounding (cash)", view.rounding], ["Payable", view.payable]);
  totals.push(["Paid", view.amount_paid], ["Amount due", view.amount_due]);
  return {
    title: view.kind === "refund_note" ? "REFUND NOTE" : "INVOICE",
    number: view.number,
    issued_at: view.issued_at ? new Date(view.issued_at) : null,
    customer: view.customer,
    lines: view.lines,
    totals,
    tax_breakdown: view.tax_breakdown,
    payments: view.payments,
    notes: view.notes,
  };
}

/** A quote's document, from its view: its own lines and totals, valid until its date. */
export function ofQuote(view: QuoteView): Document {
  return {
    title: "QUOTATION",
    number: view.number,
    issued_at: new Date(view.created_at),
    valid_until: view.valid_until ? new Date(view.valid_until) : null,
    customer: view.customer,
    lines: view.lines,
    totals: totalsOf(view),
    tax_breakdown: [],
    notes: view.notes,
  };
}

const MM = 72 / 25.4;
const MARGIN = 18 * MM;
const TAX_NAMES: Record<string, string> = {
  "01": "Sales tax",
  "02": "Service tax",
  "06": "No tax",
  E: "Exempt",
};

/** The document as a PDF's bytes: the shop's letterhead (logo when it is a PNG or JPEG), the lines, SST by rate, totals. */
export async function render(document: Document): Promise<Uint8Array> {
  const [{ default: PDFDocument }, settings] = await Promise.all([import("pdfkit"), Settings.get()]);
  const { shop, myinvois } = settings;
  const logo = await logoBytes(shop.logo_key);
  const pdf = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: { Title: `${document.title} ${document.number}`, Author: shop.name, Producer: "WA-POS-CRM" },
  });
  const chunks: Uint8Array[] = [];
  pdf.on("data", (chunk: Uint8Array) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    pdf.on("end", resolve);
    pdf.on("error", reject);
  });
  const width = pdf.page.width - 2 * MARGIN;
  const date = (at: Date | null | undefined) => (at ? Format.date(at, shop.time_zone) : "-");

  // Letterhead: logo left, the shop's identity right.
  const top = pdf.y;
  if (logo) pdf.image(logo, MARGIN, top, { fit: [36 * MM, 20 * MM] });
  const address = [shop.address, [shop.postcode, shop.city].filter(Boolean).join(" ")]
    .filter(Boolean)
    .join("\n");
  pdf
    .font("Helvetica-Bold")
    .fontSize(14)
    .text(shop.name, MARGIN, top, { width, align: "right" })
    .font("Helvetica")
    .fontSize(9)
    .text(
      [
        address,
        shop.phone ? `Tel ${Format.phone(shop.phone)}` : "",
        shop.email,
        myinvois.brn ? `Reg. no. ${myinvois.brn}` : "",
        myinvois.sst_number && myinvois.sst_number !== "NA" ? `SST no. ${myinvois.sst_number}` : "",
      ]
        .filter(Boolean)
        .join("\n"),
      { width, align: "right" },
    );
  pdf.moveDown(2);

  // Title, number, dates, customer.
  const infoTop = Math.max(pdf.y, top + 24 * MM);
  pdf.font("Helvetica-Bold").fontSize(18).text(document.title, MARGIN, infoTop);
  pdf
    .font("Helvetica")
    .fontSize(10)
    .text(`No. ${document.number}`)
    .text(`Date ${date(document.issued_at)}`);
  if (document.valid_until) pdf.text(`Valid until ${date(document.valid_until)}`);
  const infoBottom = pdf.y;
  if (document.customer)
    pdf
      .text(`Bill to: ${document.customer.name}`, MARGIN, infoTop, { width, align: "right" })
      .text(Format.phone(document.customer.phone), { width, align: "right" });
  // The lines start below the taller of the two columns (a quote's left one has three lines).
  pdf.y = Math.max(pdf.y, infoBottom);
  pdf.moveDown(2);

  // Lines.
  const columns: { label: string; width: number; align: "left" | "right" }[] = [
    { label: "Description", width: width * 0.42, align: "left" },
    { label: "Qty", width: width * 0.08, align: "right" },
    { label: "Unit price", width: width * 0.14, align: "right" },
    { label: "Discount", width: width * 0.12, align: "right" },
    { label: "SST %", width: width * 0.08, align: "right" },
    { label: "Amount", width: width * 0.16, align: "right" },
  ];
  const row = (cells: string[], bold = false) => {
    const y = pdf.y;
    let x = MARGIN;
    let bottom = y;
    pdf.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
    cells.forEach((cell, i) => {
      const column = columns[i]!;
      pdf.text(cell, x, y, { width: column.width - 4, align: column.align });
      bottom = Math.max(bottom, pdf.y);
      x += column.width;
    });
    pdf.y = bottom + 3;
    if (pdf.y > pdf.page.height - 50 * MM) pdf.addPage();
  };
  row(
    columns.map((c) => c.label),
    true,
  );
  pdf
    .moveTo(MARGIN, pdf.y)
    .lineTo(MARGIN + width, pdf.y)
    .stroke();
  pdf.y += 3;
  for (const line of document.lines)
    row([
      line.description,
      line.qty,
      line.unit_price,
      line.discount === "0.00" ? "" : line.discount,
      line.tax_rate,
      line.line_total,
    ]);
  pdf
    .moveTo(MARGIN, pdf.y)
    .lineTo(MARGIN + width, pdf.y)
    .stroke();
  pdf.moveDown();

  // SST by rate, then the totals, right-aligned.
  const labelWidth = width * 0.7;
  const amount = (label: string, value: string, bold = false) => {
    const y = pdf.y;
    pdf
      .font(bold ? "Helvetica-Bold" : "Helvetica")
      .fontSize(bold ? 11 : 9)
      .text(label, MARGIN, y, { width: labelWidth, align: "right" })
      .text(Money.format(value), MARGIN + labelWidth, y, { width: width - labelWidth, align: "right" });
  };
  for (const tax of document.tax_breakdown)
    amount(
      `${TAX_NAMES[tax.tax_type] ?? tax.tax_type} ${tax.rate}% on ${Money.format(tax.taxable)}`,
      tax.tax,
    );
  pdf.moveDown(0.5);
  for (const [label, value] of document.totals)
    amount(label, value, label === "Total" || label === "Amount due");

  if (document.payments?.length) {
    pdf.moveDown().font("Helvetica-Bold").fontSize(9).text("Payments", MARGIN);
    for (const p of document.payments)
      pdf
        .font("Helvetica")
        .text(
          `${date(new Date(p.received_at))}  ${p.method.replace("_", " ")}  ${Money.format(p.amount)}${p.reference ? `  ref ${p.reference}` : ""}${p.change && p.change !== "0.00" ? `  (change ${Money.format(p.change)})` : ""}`,
        );
  }
  if (document.notes)
    pdf.moveDown().font("Helvetica").fontSize(9).text(document.notes, MARGIN, pdf.y, { width });
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

/** The shop's logo when pdfkit can draw it (PNG or JPEG); a WebP logo is left off rather than failing the document. */
async function logoBytes(key: string): Promise<Buffer | undefined> {
  if (!/\.(png|jpg)$/.test(key)) return undefined;
  try {
    return Buffer.from((await Blob.useStore().get(key)).body);
  } catch (error) {
    log.warn("logo not readable for the PDF", { key, error: String(error) });
    return undefined;
  }
}
