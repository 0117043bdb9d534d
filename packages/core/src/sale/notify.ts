import { eq } from "drizzle-orm";
import { useActor } from "../actor";
import { actorId } from "../audit/index";
import { allows } from "../consent/rule";
import { customerTable } from "../customer/customer.sql";
import { Customer } from "../customer/index";
import { useTransaction } from "../db/transaction";
import { Link } from "../link/index";
import { Message } from "../message/index";
import { Money } from "../money/index";
import { Template } from "../template/index";

/** What the cashier reads out before ticking "WhatsApp receipt": kept as the consent's evidence. */
export const COUNTER_CONSENT_TEXT =
  "May we send your receipt and updates about your purchases and repairs to this number by WhatsApp? Reply STOP at any time to stop.";

/**
 * The customer's yes at the counter, given to the cashier: recorded with its evidence only
 * while their WhatsApp consent is unknown. A customer who opted out stays out (their own
 * START, or an admin, restores it: docs/security.md), and one who opted in needs nothing.
 */
export async function consentAtCounter(customerId: string) {
  const [customer] = await useTransaction((tx) =>
    tx
      .select({ consent: customerTable.whatsapp_consent })
      .from(customerTable)
      .where(eq(customerTable.id, customerId)),
  );
  if (customer?.consent !== "unknown") return;
  const actor = useActor();
  await Customer.recordConsent({
    customerId,
    kind: "whatsapp",
    granted: true,
    source: "pos:counter",
    textShown: COUNTER_CONSENT_TEXT,
    evidence: { asked_by: actor.type === "user" ? actorId(actor) : null },
  });
}

/**
 * The receipt by WhatsApp, in the sale's transaction (the outbox): the number, the total and
 * the receipt's link (where the customer also asks for their e-invoice), to a customer who
 * opted in. Anyone else gets nothing: a receipt is never worth breaking the consent rule for.
 */
export async function sendReceipt(invoice: {
  id: string;
  number: string;
  total: string;
  customer_id: string | null;
}) {
  if (!invoice.customer_id) return undefined;
  const [customer] = await useTransaction((tx) =>
    tx.select().from(customerTable).where(eq(customerTable.id, invoice.customer_id!)),
  );
  if (!customer || !allows(customer.whatsapp_consent, "sale_notice")) return undefined;
  const link = Link.einvoiceRequestUrl(await Link.signInvoice(invoice.id));
  const text = await Template.render("receipt", customer.language, {
    customer_name: customer.name,
    invoice_number: invoice.number,
    total: Money.format(invoice.total),
    receipt_link: link,
  });
  return Message.send({ to: customer.phone, text, purpose: "sale_notice" });
}
