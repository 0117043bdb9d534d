import { systemActor, withActor } from "@wapos/core/actor";
import { Blob } from "@wapos/core/blob/index";
import { useDb } from "@wapos/core/db/index";
import { Message } from "@wapos/core/message/index";
import { Queue } from "@wapos/core/queue/index";
import { Scheduler } from "@wapos/core/scheduler/index";
import { createLocalScheduler } from "@wapos/core/scheduler/local";
import { Settings } from "@wapos/core/settings/index";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_NOW, useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { createPublicApi } from "../src/public/index";
import { json, type LocalAws, randomPhone, staff, startLocalAws, submitIntake } from "./harness";

// Invoice numbers and the ready template are shop-wide: this file has a database of its own.
useIsolatedDatabase();
useFixedClock();

const api = createApi();
const pub = createPublicApi();
let aws: LocalAws;
let admin: Record<string, string>;
let tech: Record<string, string>;
let cashier: Record<string, string>;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

type Part = { id: string; product_id: string; name: string; sku: string; qty: number; unit_price: string };
type Invoice = {
  number: string;
  status: string;
  subtotal: string;
  tax_total: string;
  total: string;
  amount_paid: string;
  amount_due: string;
  refund_due: string;
  lines: {
    description: string;
    qty: string;
    unit_price: string;
    tax_rate: string;
    tax_amount: string;
    line_total: string;
  }[];
};
type View = {
  ticket: { status: string; close_reason: string | null };
  parts: Part[];
  invoice: Invoice | null;
  events: { type: string; note: string | null; data: Record<string, unknown> }[];
};

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://shop.example";
  // No gateway: the WhatsApp messages stay queued; their ledger rows say what was sent.
  aws = await startLocalAws({ names: ["wa-outbound-tx", "wa-outbound-bulk", "jobs"] });
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  Scheduler.setPort(createLocalScheduler());
  admin = { "content-type": "application/json", ...(await staff("admin")).auth };
  tech = { "content-type": "application/json", ...(await staff("tech")).auth };
  cashier = { "content-type": "application/json", ...(await staff("cashier")).auth };
  const templates = (await Settings.get()).whatsapp_templates as Settings.Update["whatsapp_templates"] & {
    ready: { en: string; ms: string };
  };
  await withActor(systemActor("test"), () =>
    Settings.update({
      whatsapp_templates: {
        ...templates,
        ready: { ...templates.ready, en: `${templates.ready.en} Balance: {balance}` },
      },
    }),
  );
});
afterAll(async () => {
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  Scheduler.setPort(undefined);
  await aws.stop();
});

const post = (path: string, headers: Record<string, string>, body: unknown) =>
  api.request(path, { method: "POST", headers, body: JSON.stringify(body) });
const key = () => crypto.randomUUID();
const view = (id: string) => json<View>(api.request(`/api/tickets/${id}`, { headers: tech }));

let skus = 0;
async function product(fields: Record<string, unknown>) {
  skus += 1;
  const page = await json<{ product: { id: string; sku: string; stock_qty: number } }>(
    post("/api/products", admin, { sku: `PART-${skus}`, name: `Part ${skus}`, kind: "part", ...fields }),
  );
  return page.product;
}
const stockOf = async (id: string) =>
  (await json<{ product: { stock_qty: number } }>(api.request(`/api/products/${id}`, { headers: admin })))
    .product.stock_qty;

/** The ticket's estimate set (or revised) to `price`: the customer is asked again. */
const estimate = (id: string, price: string) =>
  json(
    api.request(`/api/tickets/${id}/estimate`, {
      method: "PATCH",
      headers: tech,
      body: JSON.stringify({
        price_estimate: price,
        eta_ready_at: new Date(TEST_NOW.getTime() + 86_400_000).toISOString(),
      }),
    }),
  );
const approve = (id: string) =>
  json(
    api.request(`/api/tickets/${id}/approve`, {
      method: "POST",
      headers: { authorization: cashier.authorization! },
    }),
  );

/** A new ticket from the public intake, estimated at `price` (and approved, unless told). */
async function approvedTicket(price: string, approved = true) {
  const phone = randomPhone();
  const created = await submitIntake(pub, phone);
  const { tickets } = await json<{ tickets: { id: string }[] }>(
    api.request(`/api/tickets/search?q=${created.ticket_number}`, { headers: tech }),
  );
  const id = tickets[0]!.id;
  await estimate(id, price);
  if (approved) await approve(id);
  return { id, phone, number: created.ticket_number };
}

async function ready(id: string) {
  const { key: photo, upload_url } = await json<{ key: string; upload_url: string }>(
    post(`/api/tickets/${id}/photos`, tech, { content_type: "image/png", size: PNG.byteLength }),
  );
  expect(
    (await fetch(upload_url, { method: "PUT", body: PNG, headers: { "content-type": "image/png" } })).status,
  ).toBe(200);
  return json<View>(post(`/api/tickets/${id}/ready`, tech, { photos: [photo] }));
}

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await (await useDb()).execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/** The money a ticket's invoice gave back (negative payments), each with the method of the deposit it returns. */
const givenBack = (ticketId: string) =>
  rows<{ method: string; amount: string; refunds: string }>(
    sql`select p.method, p.amount, d.method as refunds from payments p
        join payments d on d.id = p.refund_of
        join invoices i on i.id = p.invoice_id
        where i.ticket_id = ${ticketId} and p.amount < 0 order by p.amount`,
  );

describe("the repair's bill", () => {
  it("bills the parts used inside the estimate, counts the deposit, and closes on a cash and card pickup", async () => {
    const { id, phone, number } = await approvedTicket("250.00");
    const screen = await product({
      name: "Galaxy A54 screen",
      price: "120.00",
      cost: "70.00",
      initial_stock: 3,
    });
    const glue = await product({ name: "B-7000 glue", price: "8.00", cost: "2.00", initial_stock: 1 });

    const used = await json<View>(post(`/api/tickets/${id}/parts`, tech, { product_id: screen.id, qty: 1 }));
    expect(used.parts).toEqual([
      expect.objectContaining({
        product_id: screen.id,
        name: "Galaxy A54 screen",
        sku: screen.sku,
        qty: 1,
        unit_price: "120.00",
      }),
    ]);
    expect(used.events.at(-1)).toMatchObject({ type: "PART_USED", data: { product_id: screen.id, qty: 1 } });
    expect(await stockOf(screen.id)).toBe(2);

    const short = await post(`/api/tickets/${id}/parts`, tech, { product_id: glue.id, qty: 2 });
    expect(short.status).toBe(409);
    expect(await short.json()).toMatchObject({
      code: "stock.insufficient",
      details: { sku: glue.sku, available: 1 },
    });
    const glued = await json<View>(post(`/api/tickets/${id}/parts`, tech, { product_id: glue.id, qty: 1 }));
    expect(await stockOf(glue.id)).toBe(0);
    const back = await json<View>(
      api.request(`/api/tickets/${id}/parts/${glued.parts.find((p) => p.product_id === glue.id)!.id}`, {
        method: "DELETE",
        headers: { authorization: tech.authorization! },
      }),
    );
    expect(back.parts.map((p) => p.product_id)).toEqual([screen.id]);
    expect(await stockOf(glue.id)).toBe(1);

    const depositKey = key();
    const deposited = await json<View>(
      post(`/api/tickets/${id}/deposit`, cashier, {
        method: "cash",
        amount: "50.00",
        idempotency_key: depositKey,
      }),
    );
    expect(deposited.invoice).toMatchObject({
      status: "draft",
      number: `DRAFT-${number}`,
      amount_paid: "50.00",
    });
    const again = await json<View>(
      post(`/api/tickets/${id}/deposit`, cashier, {
        method: "cash",
        amount: "50.00",
        idempotency_key: depositKey,
      }),
    );
    expect(again.invoice!.amount_paid).toBe("50.00");
    const above = await post(`/api/tickets/${id}/deposit`, cashier, {
      method: "card",
      amount: "200.01",
      idempotency_key: key(),
    });
    expect(above.status).toBe(400);
    expect(await above.json()).toMatchObject({ code: "payment.above_balance" });

    // Prices include SST (the default): labour 130.00 at 8 %, the screen 120.00 at 10 %.
    const done = await ready(id);
    expect(done.invoice).toMatchObject({
      number: expect.stringMatching(/^INV-\d{4}-\d+$/),
      status: "partially_paid",
      subtotal: "229.46",
      tax_total: "20.54",
      total: "250.00",
      amount_paid: "50.00",
      amount_due: "200.00",
    });
    expect(done.invoice!.lines).toEqual([
      expect.objectContaining({
        qty: "1.000",
        unit_price: "130.00",
        tax_rate: "8.00",
        tax_amount: "9.63",
        line_total: "130.00",
      }),
      expect.objectContaining({
        description: "Galaxy A54 screen",
        qty: "1.000",
        unit_price: "120.00",
        tax_rate: "10.00",
        tax_amount: "10.91",
        line_total: "120.00",
      }),
    ]);
    const [item] = await rows<{ product_id: string; unit_cost: string }>(
      sql`select product_id, unit_cost from invoice_items where product_id = ${screen.id}`,
    );
    expect(item).toMatchObject({ unit_cost: "70.00" });
    // Stock moved once, when the part was used; not again when it was billed.
    expect(await stockOf(screen.id)).toBe(2);
    const ledger = await Message.listChat({ phone });
    expect(ledger.map((m) => m.body)).toContainEqual(expect.stringContaining("Balance: RM 200.00"));

    const late = await post(`/api/tickets/${id}/parts`, tech, { product_id: glue.id, qty: 1 });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({
      code: "ticket.transition_not_allowed",
      details: { status: "READY" },
    });

    const refused = await post(`/api/tickets/${id}/pickup`, cashier, {
      payments: [{ method: "card", amount: "150.00" }],
      idempotency_key: key(),
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "ticket.balance_due", details: { due: "50.00" } });
    expect((await view(id)).invoice).toMatchObject({ amount_paid: "50.00", status: "partially_paid" });

    // 200.00 left: 150.02 by card, then 49.98 in cash rounds to 50.00 with RM 10 change.
    const pickupKey = key();
    const pickup = {
      payments: [
        { method: "cash", amount: "60.00" },
        { method: "card", amount: "150.02", reference: "APPR 0042" },
      ],
      idempotency_key: pickupKey,
    };
    const closed = await json<View>(post(`/api/tickets/${id}/pickup`, cashier, pickup));
    expect(closed.ticket).toMatchObject({ status: "CLOSED", close_reason: "picked_up" });
    expect(closed.invoice).toMatchObject({ status: "paid", amount_paid: "250.02", amount_due: "0.00" });
    const payments = await rows<{ method: string; amount: string; change_given: string | null }>(
      sql`select p.method, p.amount, p.change_given from payments p join invoices i on i.id = p.invoice_id
          where i.ticket_id = ${id} order by p.amount, p.change_given`,
    );
    expect(payments).toEqual([
      { method: "cash", amount: "50.00", change_given: "0.00" },
      { method: "cash", amount: "50.00", change_given: "10.00" },
      { method: "card", amount: "150.02", change_given: null },
    ]);
    const retried = await json<View>(post(`/api/tickets/${id}/pickup`, cashier, pickup));
    expect(retried.invoice!.amount_paid).toBe("250.02");
  });

  it("bills parts above the estimate in full, with no labour line", async () => {
    const { id } = await approvedTicket("100.00");
    const board = await product({ name: "Charging board", price: "90.00", initial_stock: 2 });
    await json(post(`/api/tickets/${id}/parts`, tech, { product_id: board.id, qty: 2 }));
    const done = await ready(id);
    expect(done.invoice).toMatchObject({ total: "180.00", status: "issued" });
    expect(done.invoice!.lines).toEqual([
      expect.objectContaining({
        description: "Charging board",
        qty: "2.000",
        unit_price: "90.00",
        line_total: "180.00",
      }),
    ]);
  });

  it("closes unpaid only with a reason, audited", async () => {
    const { id } = await approvedTicket("80.00");
    await ready(id);
    const refused = await post(`/api/tickets/${id}/pickup`, cashier, {
      payments: [],
      idempotency_key: key(),
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "ticket.balance_due", details: { due: "80.00" } });

    const closed = await json<View>(
      post(`/api/tickets/${id}/pickup`, cashier, {
        payments: [{ method: "duitnow", amount: "30.00" }],
        idempotency_key: key(),
        unpaid_reason: "Regular customer, pays the rest on Friday",
      }),
    );
    expect(closed.ticket).toMatchObject({ status: "CLOSED", close_reason: "picked_up_unpaid" });
    expect(closed.invoice).toMatchObject({ status: "partially_paid", amount_due: "50.00" });
    expect(closed.events.at(-1)).toMatchObject({
      type: "CLOSED",
      note: "Regular customer, pays the rest on Friday",
      data: { reason: "picked_up_unpaid", due: "50.00" },
    });
    const audit = await rows<{ action: string }>(
      sql`select action from audit_logs where entity = 'ticket' and entity_id = ${id} and action = 'picked_up_unpaid'`,
    );
    expect(audit).toHaveLength(1);
  });

  it("owes deposits above a lowered bill back to the customer and gives them back at pickup", async () => {
    // Estimated at 200.00, deposits of 180.00 fit; then the price drops to 132.48 and is approved.
    const { id } = await approvedTicket("200.00", false);
    for (const [method, amount] of [
      ["cash", "150.00"],
      ["card", "30.00"],
    ])
      await json(post(`/api/tickets/${id}/deposit`, cashier, { method, amount, idempotency_key: key() }));
    await estimate(id, "132.48");
    await approve(id);

    const done = await ready(id);
    expect(done.invoice).toMatchObject({
      status: "paid",
      total: "132.48",
      amount_paid: "180.00",
      amount_due: "0.00",
      refund_due: "47.52",
    });
    const more = await post(`/api/tickets/${id}/pickup`, cashier, {
      payments: [{ method: "cash", amount: "10.00" }],
      idempotency_key: key(),
    });
    expect(more.status).toBe(409);
    expect(await more.json()).toMatchObject({ code: "payment.nothing_due" });

    // Back to the card first (30.00), the rest in cash: 17.52 rounds to 17.50.
    const closed = await json<View>(post(`/api/tickets/${id}/pickup`, cashier, { idempotency_key: key() }));
    expect(closed.ticket).toMatchObject({ status: "CLOSED", close_reason: "picked_up" });
    expect(closed.invoice).toMatchObject({ amount_paid: "132.50", amount_due: "0.00", refund_due: "0.00" });
    expect(closed.events.find((e) => e.type === "PICKED_UP")!.data).toMatchObject({
      given_back: [
        { method: "card", amount: "30.00" },
        { method: "cash", amount: "17.50" },
      ],
    });
    const back = await givenBack(id);
    expect(back).toEqual([
      { method: "card", amount: "-30.00", refunds: "card" },
      { method: "cash", amount: "-17.50", refunds: "cash" },
    ]);
    const [invoice] = await rows<{ rounding: string }>(
      sql`select rounding from invoices where ticket_id = ${id} and kind = 'invoice'`,
    );
    expect(invoice).toEqual({ rounding: "0.02" });
  });

  it("gives deposits back when the device goes back unrepaired", async () => {
    const { id } = await approvedTicket("300.00", false);
    for (const [method, amount] of [
      ["cash", "100.00"],
      ["duitnow", "50.00"],
    ])
      await json(post(`/api/tickets/${id}/deposit`, cashier, { method, amount, idempotency_key: key() }));
    await json(
      api.request(`/api/tickets/${id}/decline`, {
        method: "POST",
        headers: { authorization: cashier.authorization! },
      }),
    );
    const closed = await json<View>(post(`/api/tickets/${id}/close`, tech, { note: "Too dear" }));
    expect(closed.ticket).toMatchObject({ status: "CLOSED", close_reason: "returned_unrepaired" });
    expect(closed.events.find((e) => e.type === "CLOSED")!.data).toMatchObject({
      reason: "returned_unrepaired",
      given_back: [
        { method: "duitnow", amount: "50.00" },
        { method: "cash", amount: "100.00" },
      ],
    });
    const [draft] = await rows<{ amount_paid: string; status: string }>(
      sql`select amount_paid, status from invoices where ticket_id = ${id}`,
    );
    expect(draft).toEqual({ amount_paid: "0.00", status: "draft" });
    const back = await givenBack(id);
    expect(back).toEqual([
      { method: "cash", amount: "-100.00", refunds: "cash" },
      { method: "duitnow", amount: "-50.00", refunds: "duitnow" },
    ]);
    // Closing again changes nothing and gives nothing back twice.
    expect((await post(`/api/tickets/${id}/close`, tech, {})).status).toBeLessThan(500);
    expect(
      await rows(sql`select 1 from payments p join invoices i on i.id = p.invoice_id
      where i.ticket_id = ${id} and p.amount < 0`),
    ).toHaveLength(2);
  });

  it("keeps the counter out of the workshop's parts", async () => {
    const { id } = await approvedTicket("50.00");
    const part = await product({ price: "5.00", initial_stock: 1 });
    expect((await post(`/api/tickets/${id}/parts`, cashier, { product_id: part.id, qty: 1 })).status).toBe(
      403,
    );
    expect(await stockOf(part.id)).toBe(1);
  });
});
