import { inArray } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import { customerTable } from "../customer/customer.sql";
import { Customer } from "../customer/index";
import { createTransaction } from "../db/transaction";
import { readCsv } from "../util/csv-read";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { toE164 } from "../util/phone";

/**
 * Contacts brought in from a spreadsheet (a shop moving from another system, a sign-up sheet at
 * the counter) with the evidence of each one's WhatsApp opt-in: where it was given, when, and
 * the words they agreed to. Without all three a contact is refused: the governor sends only to
 * a current opt-in, and an opt-in nobody can show is not one. Nobody is messaged by the import.
 */
export const COLUMNS = [
  "phone",
  "name",
  "language",
  "tags",
  "opt_in_source",
  "opt_in_date",
  "opt_in_wording",
] as const;
type Column = (typeof COLUMNS)[number];

export const ImportInput = z.object({
  /** The file's text: a header naming the columns (phone and the three opt_in_ ones always), a contact per row. */
  csv: z.string().min(1).max(500_000),
  /** Only report what the file would do (the default), or do it. */
  dry_run: z.boolean().default(true),
});

export const Refusal = z.enum(["bad_number", "no_evidence", "opted_out", "duplicate", "bad_row"]);

export const Line = z.object({
  /** The file's line (the header is line 1). */
  line: z.number().int(),
  phone: z.string(),
  /** add: a new customer; merge: one the book has (by phone), tags added and the opt-in recorded; refuse: left out. */
  action: z.enum(["add", "merge", "refuse"]),
  reason: Refusal.optional(),
  message: z.string().optional(),
});

export const Report = z.object({
  dry_run: z.boolean(),
  added: z.number().int(),
  merged: z.number().int(),
  refused: z.number().int(),
  /** Problems with the file itself (its header), before any row. */
  errors: z.array(z.string()),
  lines: z.array(Line),
});
export type Report = z.infer<typeof Report>;

type Row = { line: number; cells: Partial<Record<Column, string>>; width: number; expected: number };

function read(text: string, errors: string[]): Row[] {
  const parsed = readCsv(text);
  if ("error" in parsed) {
    errors.push(`Line ${parsed.error.line}: ${parsed.error.message}`);
    return [];
  }
  const records = parsed.records;
  const [header, ...body] = records;
  const columns = (header?.cells ?? []).map((name) => name.trim().toLowerCase());
  for (const name of columns)
    if (!(COLUMNS as readonly string[]).includes(name))
      errors.push(`Unknown column "${name}"; use ${COLUMNS.join(", ")}`);
  for (const needed of ["phone", "opt_in_source", "opt_in_date", "opt_in_wording"])
    if (!columns.includes(needed)) errors.push(`The file needs a ${needed} column`);
  if (errors.length) return [];
  return body.map(({ cells: record, line }) => ({
    line,
    cells: Object.fromEntries(columns.map((c, i) => [c, (record[i] ?? "").trim()])),
    width: record.length,
    expected: columns.length,
  }));
}

/** A date as people write it in a sheet: 2026-03-10, 10/03/2026 (day first, as Malaysia does). */
function dateOf(text: string): Date | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : [];
  if (!y) return undefined;
  const at = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return at.getUTCDate() === Number(d) && at.getUTCMonth() === Number(m) - 1 ? at : undefined;
}

/**
 * Reads the file and says per line what it would do; with dry_run false, does it in one
 * transaction: new customers added, known ones (by E.164 phone) given the tags and the opt-in
 * with its evidence; a customer who opted out is never opted back in by a file. Audited once.
 */
export const importContacts = fn(ImportInput, async ({ csv, dry_run }): Promise<Report> => {
  const errors: string[] = [];
  const rows = read(csv, errors);
  const phones = rows.map((r) => toE164(r.cells.phone ?? "")).filter((p): p is string => !!p);
  return createTransaction(async (tx) => {
    const known = phones.length
      ? await tx
          .select()
          .from(customerTable)
          .where(inArray(customerTable.phone, [...new Set(phones)]))
      : [];
    const byPhone = new Map(known.map((c) => [c.phone, c]));
    const seen = new Set<string>();
    const lines: z.infer<typeof Line>[] = [];
    for (const row of rows) {
      const raw = row.cells.phone ?? "";
      const phone = toE164(raw);
      const refuse = (reason: z.infer<typeof Refusal>, message: string) =>
        lines.push({ line: row.line, phone: phone ?? raw, action: "refuse", reason, message });
      if (row.width !== row.expected) {
        // A comma in unquoted wording shifts every cell after it: nothing on the line can be trusted.
        refuse(
          "bad_row",
          `${row.width} cells where the header has ${row.expected}; quote a cell that holds a comma`,
        );
        continue;
      }
      if (!phone) {
        refuse("bad_number", `"${raw}" is not a valid phone number`);
        continue;
      }
      if (seen.has(phone)) {
        refuse("duplicate", "The same number is on an earlier line");
        continue;
      }
      seen.add(phone);
      const source = row.cells.opt_in_source ?? "";
      const wording = row.cells.opt_in_wording ?? "";
      const date = dateOf(row.cells.opt_in_date ?? "");
      if (!source || !wording || !date) {
        refuse(
          "no_evidence",
          "An opt-in needs its source, its date (2026-03-10 or 10/03/2026) and the wording agreed to",
        );
        continue;
      }
      const language = row.cells.language?.toLowerCase() || "en";
      if (language !== "en" && language !== "ms") {
        refuse("bad_row", `Language "${row.cells.language}" is not en or ms`);
        continue;
      }
      const existing = byPhone.get(phone);
      if (existing?.whatsapp_consent === "opted_out") {
        refuse("opted_out", "This customer asked for no WhatsApp messages; a file cannot undo that");
        continue;
      }
      lines.push({ line: row.line, phone, action: existing ? "merge" : "add" });
      if (dry_run) continue;
      const tags = (row.cells.tags ?? "")
        .split(";")
        .map((t) => t.trim())
        .filter(Boolean);
      const id = existing
        ? existing.id
        : (
            await tx
              .insert(customerTable)
              .values({ phone, name: row.cells.name || phone, language, tags })
              .returning({ id: customerTable.id })
          )[0]!.id;
      if (existing && tags.length)
        await tx
          .update(customerTable)
          .set({ tags: [...new Set([...existing.tags, ...tags])] })
          .where(inArray(customerTable.id, [id]));
      if (existing?.whatsapp_consent !== "opted_in")
        await Customer.recordConsent({
          customerId: id,
          kind: "whatsapp",
          granted: true,
          source: `import:${source}`,
          textShown: wording,
          evidence: { source, given_on: date.toISOString().slice(0, 10), wording, line: row.line },
        });
    }
    const count = (action: string) => lines.filter((l) => l.action === action).length;
    const report = {
      dry_run,
      added: count("add"),
      merged: count("merge"),
      refused: count("refuse"),
      errors,
      lines,
    };
    if (!dry_run && (report.added || report.merged))
      await Audit.record({
        entity: "contact_import",
        entity_id: createId(),
        action: "imported",
        diff: { added: { from: 0, to: report.added }, merged: { from: 0, to: report.merged } },
      });
    return Report.parse(report);
  });
});
