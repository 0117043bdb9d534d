import { and, eq, gte, inArray, isNull, lt, ne } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../../audit/index";
import { Blob } from "../../blob/index";
import { createTransaction, useTransaction } from "../../db/transaction";
import { VisibleError } from "../../error";
import { einvoiceRunTable, invoiceItemTable, invoiceTable } from "../../invoice/invoice.sql";
import { Money } from "../../money/index";
import { Settings } from "../../settings/index";
import { useClock } from "../../util/clock";
import { fn } from "../../util/fn";
import { startOfDay } from "../../util/zone";
import { consolidated, type Receipt } from "../document/consolidated";
import { supplierFrom } from "../document/from-invoice";
import { pollRunLater } from "./poll";
import { CLAIM_MS } from "./request";
import { pollOne, prepare, submitOne, useConnection } from "./submit";

type Run = typeof einvoiceRunTable.$inferSelect;

/** LHDN: the consolidated e-invoice goes in within 7 days after the month ends (Specific Guideline §3.6). */
export const CONSOLIDATE_BY_DAY = 7;

/** The month (YYYY-MM) a date falls in, in the shop's time zone. */
export function monthOf(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
  }).formatToParts(at);
  return `${parts.find((p) => p.type === "year")!.value}-${parts.find((p) => p.type === "month")!.value}`;
}

/** The month's first instant and the next month's, in the shop's time zone, as UTC. */
function monthBounds(month: string, timeZone: string) {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const start = startOfDay(new Date(Date.UTC(year, m - 1, 1, 12)), timeZone);
  const end = startOfDay(new Date(Date.UTC(m === 12 ? year + 1 : year, m % 12, 1, 12)), timeZone);
  return { start, end };
}

/**
 * Consolidates a month: every paid sale of the month whose buyer asked for no e-invoice of
 * their own goes into one General Public e-invoice, one line per run of receipt numbers. The
 * sales are marked consolidated only once LHDN has it (valid or being validated), so a refused
 * run can be fixed and run again.
 */
export const consolidate = fn(
  z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }),
  async ({ month }) => {
    const settings = await Settings.get();
    const timeZone = settings.shop.time_zone;
    const now = useClock().now();
    if (monthOf(now, timeZone) <= month)
      throw new VisibleError("einvoice.consolidation_refused", `${month} is not over yet.`);
    const { start, end } = monthBounds(month, timeZone);
    const sales = await useTransaction((tx) =>
      tx
        .select()
        .from(invoiceTable)
        .where(
          and(
            eq(invoiceTable.kind, "invoice"),
            eq(invoiceTable.einvoice_status, "not_requested"),
            inArray(invoiceTable.status, ["paid", "issued", "partially_paid"]),
            isNull(invoiceTable.einvoice_run_id),
            isNull(invoiceTable.deleted_at),
            gte(invoiceTable.issued_at, start),
            lt(invoiceTable.issued_at, end),
          ),
        )
        .orderBy(invoiceTable.number),
    );
    if (!sales.length)
      throw new VisibleError("einvoice.consolidation_refused", `No sales to consolidate in ${month}.`);
    const [existing] = await useTransaction((tx) =>
      tx.select().from(einvoiceRunTable).where(eq(einvoiceRunTable.period, month)),
    );
    if (existing && ["valid", "submitted"].includes(existing.status))
      throw new VisibleError("einvoice.consolidation_refused", `${month} is already consolidated.`);
    // A run that started (submitted_at set) within the claim window may have reached LHDN:
    // another must not submit the month again until it has settled.
    if (
      existing?.status === "pending" &&
      existing.submitted_at &&
      now.getTime() - existing.submitted_at.getTime() < CLAIM_MS
    )
      throw new VisibleError("einvoice.consolidation_refused", `${month} is being consolidated right now.`);
    const items = await useTransaction((tx) =>
      tx
        .select()
        .from(invoiceItemTable)
        .where(
          inArray(
            invoiceItemTable.invoice_id,
            sales.map((s) => s.id),
          ),
        ),
    );
    const receipts: Receipt[] = sales.map((sale) => ({
      number: sale.number,
      issued_at: sale.issued_at!,
      lines: items
        .filter((item) => item.invoice_id === sale.id)
        .map((item) => {
          const tax = Money.parse(item.tax_amount);
          const type = item.tax_type ?? (tax.gt(Money.ZERO) ? "02" : "06");
          return {
            net: Money.text(Money.parse(item.line_total).minus(tax)),
            tax: Money.text(tax),
            tax_type: type,
            percent: item.tax_rate.replace(/\.?0+$/, "") || "0",
          };
        }),
    }));
    const connection = await useConnection();
    const input = consolidated({
      id: `CON-${month}`,
      version: connection.version,
      issued_at: now,
      month,
      time_zone: timeZone,
      supplier: supplierFrom(settings),
      receipts,
    });
    const total = Money.sum(sales.map((s) => Money.parse(s.total)));
    const run = await saveRun(month, existing, {
      invoice_count: sales.length,
      total: Money.text(total),
      status: "pending",
    });
    const prepared = await prepare(input, connection);
    if (!prepared.ok) return saveRun(month, run, { status: "invalid", einvoice_errors: prepared.reasons });
    const key = `einvoice/CON-${month}.json`;
    await Blob.useStore().put(key, prepared.text, { contentType: "application/json" });
    if (!connection.client) return saveRun(month, run, { einvoice_document_key: key });
    await saveRun(month, run, { submitted_at: now, einvoice_document_key: key });
    const submitted = await submitOne(connection.client, input.id, prepared.text);
    if (submitted.kind === "rejected")
      return saveRun(month, run, { status: "invalid", einvoice_errors: submitted.reasons });
    // Recorded before waiting for the verdict, so no retry submits the month twice.
    await saveRun(month, run, {
      status: "submitted",
      einvoice_submission_uid: submitted.submissionUid,
      einvoice_uuid: submitted.uuid,
    });
    const outcome = await pollOne(connection.client, input.id, submitted.submissionUid);
    if (outcome.kind === "rejected" || outcome.kind === "invalid")
      return saveRun(month, run, {
        status: "invalid",
        einvoice_errors: outcome.reasons,
        einvoice_document_key: key,
      });
    return createTransaction(async (tx) => {
      const saved = await saveRun(month, run, {
        status: outcome.kind === "valid" ? "valid" : "submitted",
        einvoice_uuid: outcome.uuid ?? submitted.uuid,
        einvoice_long_id: outcome.kind === "valid" ? outcome.longId : null,
        einvoice_submission_uid: outcome.submissionUid,
        einvoice_document_key: key,
        einvoice_errors: null,
        submitted_at: now,
        validated_at: outcome.kind === "valid" ? (outcome.validatedAt ?? now) : null,
      });
      await tx
        .update(invoiceTable)
        .set({ einvoice_status: "consolidated", einvoice_run_id: saved.id })
        .where(
          and(
            inArray(
              invoiceTable.id,
              sales.map((s) => s.id),
            ),
            ne(invoiceTable.einvoice_status, "valid"),
          ),
        );
      await Audit.record({
        entity: "einvoice_run",
        entity_id: saved.id,
        action: "consolidated",
        diff: { period: { from: null, to: month }, invoices: { from: null, to: sales.length } },
      });
      if (outcome.kind === "submitted") await lookAgain(month);
      return saved;
    });
  },
);

async function lookAgain(month: string) {
  await pollRunLater(month, new Date(useClock().now().getTime() + POLL_AGAIN_MS));
}

const POLL_AGAIN_MS = 2 * 60_000;

/**
 * Looks again at a month's consolidated e-invoice LHDN was still validating. Refused after
 * all, its sales are released: they can be consolidated again once fixed, or asked for singly.
 */
export async function pollRun(month: string): Promise<void> {
  const [run] = await useTransaction((tx) =>
    tx.select().from(einvoiceRunTable).where(eq(einvoiceRunTable.period, month)),
  );
  if (run?.status !== "submitted" || !run.einvoice_submission_uid) return;
  const { client } = await useConnection();
  if (!client) return;
  const outcome = await pollOne(client, `CON-${month}`, run.einvoice_submission_uid);
  if (outcome.kind === "submitted") return lookAgain(month);
  await createTransaction(async (tx) => {
    if (outcome.kind === "valid") {
      await saveRun(month, run, {
        status: "valid",
        einvoice_long_id: outcome.longId ?? null,
        validated_at: outcome.validatedAt ?? useClock().now(),
      });
      return;
    }
    await saveRun(month, run, { status: "invalid", einvoice_errors: outcome.reasons });
    await tx
      .update(invoiceTable)
      .set({ einvoice_status: "not_requested", einvoice_run_id: null })
      .where(and(eq(invoiceTable.einvoice_run_id, run.id), eq(invoiceTable.einvoice_status, "consolidated")));
  });
}

async function saveRun(month: string, run: Run | undefined, values: Partial<Run>): Promise<Run> {
  return useTransaction(async (tx) => {
    if (run) {
      const [updated] = await tx
        .update(einvoiceRunTable)
        .set(values)
        .where(eq(einvoiceRunTable.id, run.id))
        .returning();
      return updated!;
    }
    const [created] = await tx
      .insert(einvoiceRunTable)
      .values({ period: month, ...values })
      .onConflictDoUpdate({ target: einvoiceRunTable.period, set: values })
      .returning();
    return created!;
  });
}

export async function listRuns() {
  return useTransaction((tx) => tx.select().from(einvoiceRunTable).orderBy(einvoiceRunTable.period));
}

/**
 * Daily: during the first 7 days of a month, consolidates the month before if the shop
 * consolidates and it is not done yet. A refused run is left for staff (dashboard) to fix.
 */
export async function consolidatePrevious(): Promise<void> {
  const settings = await Settings.get();
  if (!settings.myinvois.consolidate_monthly) return;
  const timeZone = settings.shop.time_zone;
  const now = useClock().now();
  const day = Number(new Intl.DateTimeFormat("en-CA", { timeZone, day: "numeric" }).format(now));
  if (day > CONSOLIDATE_BY_DAY) return;
  const thisMonth = monthBounds(monthOf(now, timeZone), timeZone);
  const previous = monthOf(new Date(thisMonth.start.getTime() - 12 * 3600_000), timeZone);
  const [run] = await useTransaction((tx) =>
    tx.select().from(einvoiceRunTable).where(eq(einvoiceRunTable.period, previous)),
  );
  if (run && run.status !== "pending") return;
  try {
    await consolidate({ month: previous });
  } catch (error) {
    if (error instanceof VisibleError && error.code === "einvoice.consolidation_refused") return;
    throw error;
  }
}
