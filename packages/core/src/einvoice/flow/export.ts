import { and, eq, gte, isNotNull, lt } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { Blob } from "../../blob/index";
import { useTransaction } from "../../db/transaction";
import { VisibleError } from "../../error";
import { einvoiceRunTable, invoiceTable } from "../../invoice/invoice.sql";
import type { UblDocument } from "../document/document";
import { ublToXml } from "../document/xml";
import { inputFor } from "../index";
import { prepare, useConnection } from "./submit";

/**
 * The XML twin of a stored JSON document, for the records. Unsigned: MyInvois's XML signature
 * is computed over the XML's own canonical form, which this build does not produce.
 */
function xmlOf(text: string): string {
  const document = JSON.parse(text) as UblDocument & { Invoice: Record<string, unknown>[] };
  const { UBLExtensions: _extensions, Signature: _signature, ...body } = document.Invoice[0]!;
  return ublToXml({ ...document, Invoice: [body] } as UblDocument);
}

async function stored(key: string): Promise<string> {
  return Buffer.from((await Blob.useStore().get(key)).body).toString("utf8");
}

/**
 * One invoice's document as submitted (signed JSON) and its XML. An invoice never issued is
 * built and signed now, for portal mode: the shop submits it by hand.
 */
export async function exportOne(invoiceId: string): Promise<{ name: string; json: string; xml: string }> {
  const [invoice] = await useTransaction((tx) =>
    tx.select().from(invoiceTable).where(eq(invoiceTable.id, invoiceId)),
  );
  if (!invoice) throw new VisibleError("invoice.not_found", "No such invoice.");
  let json: string;
  if (invoice.einvoice_document_key) json = await stored(invoice.einvoice_document_key);
  else {
    const connection = await useConnection();
    const prepared = await prepare(await inputFor(invoiceId, { version: connection.version }), connection);
    if (!prepared.ok)
      throw new VisibleError("einvoice.input_invalid", "The document does not pass the pre-flight check.", {
        issues: prepared.reasons,
      });
    json = prepared.text;
  }
  return { name: invoice.number, json, xml: xmlOf(json) };
}

/**
 * Every document stored for invoices issued, and consolidated runs made, in [from, to): a
 * zip with NUMBER.json (signed, as submitted) and NUMBER.xml for each.
 */
export async function exportPeriod(range: { from: Date; to: Date }): Promise<Uint8Array> {
  const [invoices, runs] = await useTransaction(async (tx) => [
    await tx
      .select({ name: invoiceTable.number, key: invoiceTable.einvoice_document_key })
      .from(invoiceTable)
      .where(
        and(
          isNotNull(invoiceTable.einvoice_document_key),
          gte(invoiceTable.issued_at, range.from),
          lt(invoiceTable.issued_at, range.to),
        ),
      ),
    await tx
      .select({ name: einvoiceRunTable.period, key: einvoiceRunTable.einvoice_document_key })
      .from(einvoiceRunTable)
      .where(
        and(
          isNotNull(einvoiceRunTable.einvoice_document_key),
          gte(einvoiceRunTable.created_at, range.from),
          lt(einvoiceRunTable.created_at, range.to),
        ),
      ),
  ]);
  const files: Record<string, Uint8Array> = {};
  for (const { name, key } of [...invoices, ...runs.map((r) => ({ ...r, name: `CON-${r.name}` }))]) {
    const json = await stored(key!);
    files[`${name}.json`] = strToU8(json);
    files[`${name}.xml`] = strToU8(xmlOf(json));
  }
  return zipSync(files);
}
