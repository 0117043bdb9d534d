import { and, eq, isNull } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import type { customerTable } from "../customer/customer.sql";
import { Customer } from "../customer/index";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { workTicketTable } from "../ticket/ticket.sql";
import { useClock } from "../util/clock";
import { intakeFormTable } from "./intake.sql";

/**
 * What an intake typed that differs from the customer on file. An intake is anonymous (anyone
 * can type anyone's number), so it never rewrites a customer: the differences wait on the new
 * ticket until staff accept or dismiss them.
 */
export const FIELDS = ["name", "email", "address", "language", "whatsapp"] as const;
export type Field = (typeof FIELDS)[number];
export type Change = {
  typed: string;
  on_file: string | null;
  state: "pending" | "accepted" | "dismissed";
  decided_at?: string;
};
export type Changes = Partial<Record<Field, Change>>;

type Typed = {
  name: string;
  email?: string;
  address?: string;
  language: "en" | "ms";
  whatsappOptIn: boolean;
};
type OnFile = typeof customerTable.$inferSelect;

const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? "").trim().replace(/\s+/g, " ").toLowerCase() === (b ?? "").trim().replace(/\s+/g, " ").toLowerCase();

/** The differences between what was typed and the customer on file; a field left empty is no difference. */
export function differences(onFile: OnFile, typed: Typed): Changes {
  const changes: Changes = {};
  const compare = (field: Field, value: string | undefined, current: string | null) => {
    if (value && !same(value, current)) changes[field] = { typed: value, on_file: current, state: "pending" };
  };
  compare("name", typed.name, onFile.name);
  compare("email", typed.email, onFile.email);
  compare("address", typed.address, onFile.address);
  compare("language", typed.language, onFile.language);
  // A number that said STOP is not opted back in by whoever typed it into the form.
  if (typed.whatsappOptIn && onFile.whatsapp_consent === "opted_out")
    changes.whatsapp = { typed: "opted_in", on_file: "opted_out", state: "pending" };
  return changes;
}

/** The intake details still waiting on a ticket, for its page. */
export async function pendingFor(ticketId: string) {
  const [row] = await useTransaction((tx) =>
    tx
      .select({ changes: intakeFormTable.customer_changes })
      .from(workTicketTable)
      .innerJoin(intakeFormTable, eq(intakeFormTable.id, workTicketTable.intake_form_id))
      .where(eq(workTicketTable.id, ticketId)),
  );
  return Object.entries((row?.changes ?? {}) as Changes)
    .filter(([, change]) => change?.state === "pending")
    .map(([field, change]) => ({ field: field as Field, typed: change!.typed, on_file: change!.on_file }));
}

export const Decision = z
  .object({
    accept: z.array(z.enum(FIELDS)).max(FIELDS.length).default([]),
    dismiss: z.array(z.enum(FIELDS)).max(FIELDS.length).default([]),
  })
  .refine((v) => v.accept.length + v.dismiss.length > 0, "Accept or dismiss at least one field")
  .refine((v) => !v.accept.some((f) => v.dismiss.includes(f)), "A field cannot be accepted and dismissed");

/**
 * Staff accept (onto the customer) or dismiss the details an intake typed, per field. An
 * accepted field updates the customer (audited there); an accepted WhatsApp opt-in records
 * the consent the intake gave, with its evidence. Every decision is audited on the ticket.
 */
export async function decide(ticketId: string, input: z.input<typeof Decision>) {
  const { accept, dismiss } = Decision.parse(input);
  return createTransaction(async (tx) => {
    const [row] = await tx
      .select({ intake: intakeFormTable, customer_id: workTicketTable.customer_id })
      .from(workTicketTable)
      .innerJoin(intakeFormTable, eq(intakeFormTable.id, workTicketTable.intake_form_id))
      .where(and(eq(workTicketTable.id, ticketId), isNull(workTicketTable.deleted_at)))
      .for("update", { of: intakeFormTable });
    if (!row) throw new VisibleError("ticket.not_found", "No such ticket.");
    const changes = { ...((row.intake.customer_changes ?? {}) as Changes) };
    const waiting = [...accept, ...dismiss].filter((field) => changes[field]?.state !== "pending");
    if (waiting.length)
      throw new VisibleError("ticket.no_customer_changes", `Nothing is waiting for ${waiting.join(", ")}.`, {
        fields: waiting,
      });
    const at = useClock().now().toISOString();
    const patch: Record<string, string> = {};
    for (const field of accept) {
      const change = changes[field]!;
      if (field === "whatsapp") {
        const answers = row.intake.answers as { consent_text_shown?: string };
        await Customer.recordConsent({
          customerId: row.customer_id,
          kind: "whatsapp",
          granted: true,
          source: `intake_form:v${row.intake.form_version}:accepted_by_staff`,
          textShown: answers.consent_text_shown,
          evidence: { intake_form_id: row.intake.id, ip: row.intake.source_ip },
        });
      } else patch[field] = change.typed;
      changes[field] = { ...change, state: "accepted", decided_at: at };
    }
    for (const field of dismiss) changes[field] = { ...changes[field]!, state: "dismissed", decided_at: at };
    if (Object.keys(patch).length) await Customer.update(row.customer_id, patch);
    await tx
      .update(intakeFormTable)
      .set({ customer_changes: changes })
      .where(eq(intakeFormTable.id, row.intake.id));
    await Audit.record({
      entity: "ticket",
      entity_id: ticketId,
      action: "customer_changes",
      diff: Object.fromEntries(
        [...accept, ...dismiss].map((field) => [field, { from: "pending", to: changes[field]!.state }]),
      ),
    });
    return pendingFor(ticketId);
  });
}
