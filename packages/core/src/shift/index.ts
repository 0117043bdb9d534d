import { and, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import * as z from "zod";
import { useActor } from "../actor";
import { Audit } from "../audit/index";
import { userTable } from "../auth/auth.sql";
import { uniqueViolation } from "../db/errors";
import { createTransaction, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { invoiceTable, paymentMethod, paymentTable, shiftTable } from "../invoice/invoice.sql";
import { Money } from "../money/index";
import { useClock } from "../util/clock";

export * as Shift from "./index";

export const OpenInput = z.object({
  /** The cash put in the drawer to give change from. */
  opening_float: Money.Price,
});
export const CloseInput = z.object({
  /** The cash counted in the drawer at the close, float included. */
  counted_cash: Money.Price,
  note: z.string().trim().max(1000).optional(),
});
export const ListInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

const Person = z.object({ id: z.uuid(), name: z.string() });

/** A shift and what went through the drawer in it: the report the close prints. */
export const Report = z.object({
  id: z.uuid(),
  status: z.enum(["open", "closed"]),
  opened_at: z.string(),
  opened_by: Person,
  opening_float: Money.Text,
  closed_at: z.string().nullable(),
  closed_by: Person.nullable(),
  /** Sales (invoices) rung up in the shift, and what they came to (rounding included). */
  sales_count: z.number().int(),
  sales_total: Money.Text,
  /** Refund notes made in the shift, and the money they gave back. */
  refunds_count: z.number().int(),
  refunds_total: Money.Text,
  /** Money through the shift by method: taken, given back, and the difference. */
  by_method: z.array(
    z.object({
      method: z.enum(paymentMethod.enumValues),
      received: Money.Text,
      refunded: Money.Text,
      net: Money.Text,
    }),
  ),
  /** Cash kept from payments (change handed back is not kept) and cash given back in refunds. */
  cash_received: Money.Text,
  cash_refunded: Money.Text,
  /** float + cash received − cash refunded: fixed at the close, running while open. */
  expected_cash: Money.Text,
  counted_cash: Money.Text.nullable(),
  /** counted − expected: negative when cash is missing. */
  variance: Money.Text.nullable(),
  note: z.string().nullable(),
});
export type Report = z.infer<typeof Report>;

type Row = typeof shiftTable.$inferSelect;

function userOrThrow() {
  const actor = useActor();
  if (actor.type !== "user") throw new VisibleError("auth.forbidden", "Only staff open and close shifts.");
  return actor.properties.userId;
}

const notFound = () => new VisibleError("shift.not_found", "No such shift.");

/** The open shift's id, if the drawer is open: sales, payments and refunds are tagged with it. */
/** The open drawer shift's id as a subquery, read inside the statement that records a sale or payment. */
export const openId = sql`(select ${shiftTable.id} from ${shiftTable} where ${shiftTable.closed_at} is null)`;

export async function currentId(): Promise<string | null> {
  const [row] = await useTransaction((tx) =>
    tx.select({ id: shiftTable.id }).from(shiftTable).where(isNull(shiftTable.closed_at)),
  );
  return row?.id ?? null;
}

/** Opens the drawer with a float. One shift at a time: `shift.already_open` names the open one. */
export async function open(input: z.input<typeof OpenInput>): Promise<Report> {
  const { opening_float } = OpenInput.parse(input);
  const userId = userOrThrow();
  const refuse = async () => {
    const openId = await currentId();
    return new VisibleError("shift.already_open", "A shift is already open: close it first.", {
      shift_id: openId,
    });
  };
  if (await currentId()) throw await refuse();
  let id: string;
  try {
    id = await createTransaction(async (tx) => {
      const [row] = await tx
        .insert(shiftTable)
        .values({ opened_by: userId, opened_at: useClock().now(), opening_float })
        .returning({ id: shiftTable.id });
      await Audit.record({
        entity: "shift",
        entity_id: row!.id,
        action: "open",
        diff: { opening_float: { from: null, to: Money.text(Money.parse(opening_float)) } },
      });
      return row!.id;
    });
  } catch (error) {
    // Two tills opening at the same moment meet at the one-open-shift index.
    if (uniqueViolation(error) === "shifts_one_open") throw await refuse();
    throw error;
  }
  return get(id);
}

/**
 * Closes a shift with the counted cash: the expected cash and the variance are computed from
 * the payments tagged with the shift, in the same transaction that fixes them.
 */
export async function close(id: string, input: z.input<typeof CloseInput>): Promise<Report> {
  const { counted_cash, note } = CloseInput.parse(input);
  const userId = userOrThrow();
  await createTransaction(async (tx) => {
    const [shift] = await tx.select().from(shiftTable).where(eq(shiftTable.id, id)).for("update");
    if (!shift) throw notFound();
    if (shift.closed_at)
      throw new VisibleError("shift.closed", "This shift is already closed.", {
        closed_at: shift.closed_at.toISOString(),
      });
    const [money] = await figures([shift]);
    const expected = Money.parse(shift.opening_float).plus(money!.cashReceived).minus(money!.cashRefunded);
    const counted = Money.parse(counted_cash);
    const variance = counted.minus(expected);
    await tx
      .update(shiftTable)
      .set({
        closed_at: useClock().now(),
        closed_by: userId,
        counted_cash: Money.text(counted),
        expected_cash: Money.text(expected),
        variance: Money.text(variance),
        note,
      })
      .where(eq(shiftTable.id, id));
    await Audit.record({
      entity: "shift",
      entity_id: id,
      action: "close",
      diff: {
        expected_cash: { from: null, to: Money.text(expected) },
        counted_cash: { from: null, to: Money.text(counted) },
        variance: { from: null, to: Money.text(variance) },
      },
    });
  });
  return get(id);
}

/** The open shift's report, or null when the drawer is closed. */
export async function current(): Promise<Report | null> {
  const id = await currentId();
  return id ? get(id) : null;
}

export async function get(id: string): Promise<Report> {
  const [row] = await useTransaction((tx) => tx.select().from(shiftTable).where(eq(shiftTable.id, id)));
  if (!row) throw notFound();
  return (await reports([row]))[0]!;
}

/** The latest shifts, newest first. */
export async function list(input: z.input<typeof ListInput>): Promise<Report[]> {
  const { limit } = ListInput.parse(input);
  const rows = await useTransaction((tx) =>
    tx.select().from(shiftTable).orderBy(desc(shiftTable.opened_at), desc(shiftTable.id)).limit(limit),
  );
  return reports(rows);
}

type Figures = {
  salesCount: number;
  salesTotal: Money.Amount;
  refundsCount: number;
  refundsTotal: Money.Amount;
  methods: Map<string, { received: Money.Amount; refunded: Money.Amount }>;
  cashReceived: Money.Amount;
  cashRefunded: Money.Amount;
};

/**
 * What went through each shift's drawer. A cash payment's amount is what it settled (the change
 * handed back is in change_given, not in amount), so it is the cash the drawer keeps; refunds
 * are payments with a negative amount.
 */
async function figures(shifts: Row[]): Promise<Figures[]> {
  const ids = shifts.map((s) => s.id);
  if (!ids.length) return [];
  const [money, documents] = await useTransaction((tx) =>
    Promise.all([
      tx
        .select({
          shift_id: paymentTable.shift_id,
          method: paymentTable.method,
          received: sql<string>`coalesce(sum(${paymentTable.amount}) filter (where ${paymentTable.amount} > 0), 0)::text`,
          refunded: sql<string>`coalesce(-sum(${paymentTable.amount}) filter (where ${paymentTable.amount} < 0), 0)::text`,
        })
        .from(paymentTable)
        .where(and(inArray(paymentTable.shift_id, ids), ne(paymentTable.status, "void")))
        .groupBy(paymentTable.shift_id, paymentTable.method),
      tx
        .select({
          shift_id: invoiceTable.shift_id,
          kind: invoiceTable.kind,
          count: sql<number>`count(*)::int`,
          total: sql<string>`coalesce(sum(${invoiceTable.total} + ${invoiceTable.rounding}), 0)::text`,
          given_back: sql<string>`coalesce(sum(${invoiceTable.amount_paid}), 0)::text`,
        })
        .from(invoiceTable)
        .where(
          and(
            inArray(invoiceTable.shift_id, ids),
            inArray(invoiceTable.kind, ["invoice", "refund_note"]),
            ne(invoiceTable.status, "void"),
            isNull(invoiceTable.deleted_at),
          ),
        )
        .groupBy(invoiceTable.shift_id, invoiceTable.kind),
    ]),
  );
  const amount = (text: string) => Money.round(Money.of(text));
  return ids.map((id) => {
    const methods = new Map<string, { received: Money.Amount; refunded: Money.Amount }>();
    for (const m of money.filter((m) => m.shift_id === id))
      methods.set(m.method, { received: amount(m.received), refunded: amount(m.refunded) });
    const sales = documents.find((d) => d.shift_id === id && d.kind === "invoice");
    const refunds = documents.find((d) => d.shift_id === id && d.kind === "refund_note");
    return {
      salesCount: sales?.count ?? 0,
      salesTotal: sales ? amount(sales.total) : Money.ZERO,
      refundsCount: refunds?.count ?? 0,
      refundsTotal: refunds ? amount(refunds.given_back) : Money.ZERO,
      methods,
      cashReceived: methods.get("cash")?.received ?? Money.ZERO,
      cashRefunded: methods.get("cash")?.refunded ?? Money.ZERO,
    };
  });
}

async function reports(shifts: Row[]): Promise<Report[]> {
  if (!shifts.length) return [];
  const people = [
    ...new Set(shifts.flatMap((s) => (s.closed_by ? [s.opened_by, s.closed_by] : [s.opened_by]))),
  ];
  const [names, money] = await Promise.all([
    useTransaction((tx) =>
      tx
        .select({ id: userTable.id, name: userTable.name })
        .from(userTable)
        .where(inArray(userTable.id, people)),
    ),
    figures(shifts),
  ]);
  const person = (id: string) => ({ id, name: names.find((n) => n.id === id)?.name ?? "" });
  return shifts.map((shift, i) => {
    const f = money[i]!;
    const expected = shift.expected_cash
      ? Money.parse(shift.expected_cash)
      : Money.parse(shift.opening_float).plus(f.cashReceived).minus(f.cashRefunded);
    return Report.parse({
      id: shift.id,
      status: shift.closed_at ? "closed" : "open",
      opened_at: shift.opened_at.toISOString(),
      opened_by: person(shift.opened_by),
      opening_float: Money.text(Money.parse(shift.opening_float)),
      closed_at: shift.closed_at?.toISOString() ?? null,
      closed_by: shift.closed_by ? person(shift.closed_by) : null,
      sales_count: f.salesCount,
      sales_total: Money.text(f.salesTotal),
      refunds_count: f.refundsCount,
      refunds_total: Money.text(f.refundsTotal),
      by_method: paymentMethod.enumValues.flatMap((method) => {
        const m = f.methods.get(method);
        if (!m) return [];
        return [
          {
            method,
            received: Money.text(m.received),
            refunded: Money.text(m.refunded),
            net: Money.text(m.received.minus(m.refunded)),
          },
        ];
      }),
      cash_received: Money.text(f.cashReceived),
      cash_refunded: Money.text(f.cashRefunded),
      expected_cash: Money.text(expected),
      counted_cash: shift.counted_cash ? Money.text(Money.parse(shift.counted_cash)) : null,
      variance: shift.variance ? Money.text(Money.parse(shift.variance)) : null,
      note: shift.note,
    });
  });
}
