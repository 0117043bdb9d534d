import { type SQLWrapper, sql } from "drizzle-orm";
import * as z from "zod";
import { customerTable, deviceTable } from "../customer/customer.sql";
import { rows } from "../db/transaction";
import { invoiceTable } from "../invoice/invoice.sql";
import { waMessageTable } from "../message/message.sql";
import { Money } from "../money/index";
import { workTicketTable } from "../ticket/ticket.sql";
import { toE164 } from "../util/phone";
import { lastAllowedBefore } from "./governor";

/**
 * A segment: a saved filter over the customer book. Every field narrows it; none given is
 * everyone in the book. Dates are UTC instants (the dashboard sends the shop's midnights).
 */
export const Filter = z
  .object({
    /** Last seen (a ticket opened or a sale) on or after / before. */
    last_visit_after: z.iso.datetime({ offset: true }).optional(),
    last_visit_before: z.iso.datetime({ offset: true }).optional(),
    /** Owns a device of this brand (as the intake recorded it, any case). */
    brand: z.string().trim().min(1).max(60).optional(),
    /** Had a repair closed between these instants. */
    closed_from: z.iso.datetime({ offset: true }).optional(),
    closed_to: z.iso.datetime({ offset: true }).optional(),
    /** Spent at least this much (paid invoices, after refunds are their own notes). */
    min_spend: Money.Price.optional(),
    /** Carries any of these tags. */
    tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
    language: z.enum(["en", "ms"]).optional(),
  })
  .strict();
export type Filter = z.infer<typeof Filter>;

/** SQL for a customer's last visit: the latest ticket opened or sale issued. */
export const lastVisitOf = (customerId: SQLWrapper) => sql`greatest(
  (select max(t.created_at) from ${workTicketTable} t where t.customer_id = ${customerId} and t.deleted_at is null),
  (select max(i.issued_at) from ${invoiceTable} i where i.customer_id = ${customerId}))`;

/** SQL for the latest device a customer brought in ("Apple iPhone 13"), or null. */
export const latestDeviceOf = (customerId: SQLWrapper) => sql`(select d.brand || ' ' || d.model
  from ${workTicketTable} t join ${deviceTable} d on d.id = t.device_id
  where t.customer_id = ${customerId} and t.deleted_at is null order by t.created_at desc limit 1)`;

/**
 * SQL for "this phone got a campaign message after `since`" (any campaign but `except`): the
 * one-per-customer rule, checked when the audience is resolved and again at each release.
 */
export const recentlyMessaged = (phone: SQLWrapper, since: Date, except?: string) => sql`exists (
  select 1 from ${waMessageTable} m where m.phone = ${phone} and m.purpose = 'campaign'
    and m.direction = 'out' and m.status <> 'cancelled' and m.created_at > ${since}
    ${except ? sql`and m.campaign_id <> ${except}` : sql``})`;

/** Why a customer in the segment gets nothing: shown with a count, never sent. */
export const EXCLUSIONS = ["opted_out", "no_opt_in", "recently_messaged", "bad_number"] as const;
export type Exclusion = (typeof EXCLUSIONS)[number];

export type Member = {
  customer_id: string;
  phone: string;
  name: string;
  language: "en" | "ms";
  /** The latest device brought in ("Apple iPhone 13"), if any. */
  device: string | null;
  last_visit: Date | null;
  excluded: Exclusion | null;
};

/**
 * The segment's customers, each with the reason it is excluded (or null: it may be sent).
 * Only a current WhatsApp opt-in is sendable; a customer messaged by any campaign within the
 * last `perCustomerDays` waits (governor.ts, lastAllowedBefore); a stored phone that is no
 * longer a valid number is refused. Merged-away duplicates are not customers.
 */
export async function members(filter: Filter, now: Date, perCustomerDays: number): Promise<Member[]> {
  const c = customerTable;
  const where = [sql`${c.deleted_at} is null`, sql`${c.merged_into_id} is null`];
  if (filter.language) where.push(sql`${c.language} = ${filter.language}`);
  if (filter.tags?.length)
    where.push(
      sql`${c.tags} && array[${sql.join(
        filter.tags.map((t) => sql`${t}`),
        sql`, `,
      )}]::text[]`,
    );
  if (filter.brand)
    where.push(
      sql`exists (select 1 from ${deviceTable} d where d.customer_id = ${c.id} and lower(d.brand) = lower(${filter.brand}))`,
    );
  if (filter.closed_from || filter.closed_to)
    where.push(sql`exists (select 1 from ${workTicketTable} t where t.customer_id = ${c.id}
      and t.status = 'CLOSED' and t.deleted_at is null
      and t.closed_at >= ${filter.closed_from ?? "-infinity"}::timestamptz
      and t.closed_at < ${filter.closed_to ?? "infinity"}::timestamptz)`);
  if (filter.min_spend)
    where.push(sql`(select coalesce(sum(i.total), 0) from ${invoiceTable} i
      where i.customer_id = ${c.id} and i.kind = 'invoice' and i.status in ('paid', 'partially_paid'))
      >= ${filter.min_spend}::numeric`);
  const lastVisit = lastVisitOf(c.id);
  if (filter.last_visit_after) where.push(sql`${lastVisit} >= ${filter.last_visit_after}::timestamptz`);
  if (filter.last_visit_before) where.push(sql`${lastVisit} < ${filter.last_visit_before}::timestamptz`);

  const found = await rows<{
    customer_id: string;
    phone: string;
    name: string;
    language: "en" | "ms";
    consent: "unknown" | "opted_in" | "opted_out";
    device: string | null;
    last_visit: string | Date | null;
    recently_messaged: boolean;
  }>(sql`
    select ${c.id} as customer_id, ${c.phone} as phone, ${c.name} as name, ${c.language} as language,
      ${c.whatsapp_consent} as consent,
      ${latestDeviceOf(c.id)} as device,
      ${lastVisit} as last_visit,
      ${recentlyMessaged(c.phone, lastAllowedBefore(now, perCustomerDays))} as recently_messaged
    from ${c} where ${sql.join(where, sql` and `)}
    order by ${c.id}`);
  return found.map((row) => ({
    customer_id: row.customer_id,
    phone: row.phone,
    name: row.name,
    language: row.language,
    device: row.device,
    last_visit: row.last_visit === null ? null : new Date(row.last_visit),
    excluded: exclusionOf(row),
  }));
}

function exclusionOf(row: { phone: string; consent: string; recently_messaged: boolean }): Exclusion | null {
  if (row.consent === "opted_out") return "opted_out";
  if (row.consent !== "opted_in") return "no_opt_in";
  if (toE164(row.phone) !== row.phone) return "bad_number";
  if (row.recently_messaged) return "recently_messaged";
  return null;
}

/** How many of the members may be sent, and how many are excluded for each reason. */
export function count(list: Pick<Member, "excluded">[]) {
  const excluded = Object.fromEntries(EXCLUSIONS.map((reason) => [reason, 0])) as Record<Exclusion, number>;
  for (const m of list) if (m.excluded) excluded[m.excluded]++;
  return { total: list.length, eligible: list.filter((m) => !m.excluded).length, excluded };
}
