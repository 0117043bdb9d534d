import { systemActor, withActor } from "@wapos/core/actor";
import { Blob } from "@wapos/core/blob/index";
import { useDb } from "@wapos/core/db/index";
import { Einvoice } from "@wapos/core/einvoice/index";
import { Queue } from "@wapos/core/queue/index";
import { Settings } from "@wapos/core/settings/index";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCredentials } from "../../core/test/certificates";
import { useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { startMyInvoisFake } from "../../core/test/myinvois-fake";
import { createApi } from "../src/api/index";
import { json, type LocalAws, staff, startLocalAws, waitFor } from "./harness";

// Refund notes take numbers from the invoices' gapless counter, and a test changes the pos settings.
useIsolatedDatabase();
useFixedClock();

const api = createApi();
let admin: Record<string, string>;
let cashier: Record<string, string>;
let tech: Record<string, string>;
let aws: LocalAws;
let fake: Awaited<ReturnType<typeof startMyInvoisFake>> | undefined;

const BUYER = {
  name: "Aminah binti Abdullah",
  tin: "IG12345678010",
  id_type: "NRIC",
  id_value: "900101-14-5678",
  email: "aminah@example.test",
  phone: "012-345 6789",
  address_line1: "12 Jalan Mawar",
  postcode: "40100",
  city: "Shah Alam",
  state_code: "10",
} as const;

/** The shop set up for MyInvois, talking to a local fake of LHDN's API (as einvoice.test.ts). */
async function useMyInvois() {
  fake = await startMyInvoisFake();
  process.env.MYINVOIS_API_URL = fake.url;
  const settings = await Settings.get();
  await withActor(systemActor("test"), () =>
    Settings.update({
      shop: {
        ...(settings.shop as Settings.Update["shop"] & object),
        name: "Kedai Baiki Telefon Sdn Bhd",
        phone: "+60355551234",
        address: "1 Jalan Bengkel",
        postcode: "40000",
        city: "Shah Alam",
        state_code: "10",
      },
      myinvois: {
        environment: "sandbox",
        client_id: "test-client-id",
        client_secret: "test-client-secret",
        certificate: testCredentials("C12345678010", "202301012345").pem,
        certificate_password: null,
        tin: "C12345678010",
        brn: "202301012345",
        sst_number: "NA",
        tourism_tax_number: "NA",
        msic_code: "95122",
        business_activity: "Repair and maintenance of cellular phones",
        consolidate_monthly: true,
      },
    }),
  );
  return fake;
}

type Sale = {
  id: string;
  number: string;
  kind: string;
  status: string;
  original_invoice_id: string | null;
  total: string;
  tax_total: string;
  rounding: string;
  payable: string;
  amount_paid: string;
  amount_due: string;
  einvoice_status: string;
  lines: { id: string; qty: string; line_total: string; tax_amount: string }[];
  payments: { id: string; method: string; amount: string }[];
  refunds: { id: string; number: string; total: string }[];
};

beforeAll(async () => {
  admin = { "content-type": "application/json", ...(await staff("admin")).auth };
  cashier = { "content-type": "application/json", ...(await staff("cashier")).auth };
  tech = { "content-type": "application/json", ...(await staff("tech")).auth };
  // The refund of a sale with a valid e-invoice queues its own: a real (local) queue takes it.
  aws = await startLocalAws({ names: ["einvoice"] });
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
});
afterAll(async () => {
  await fake?.close();
  delete process.env.MYINVOIS_API_URL;
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  await aws?.stop();
});

const post = (path: string, headers: Record<string, string>, body: unknown) =>
  api.request(path, { method: "POST", headers, body: JSON.stringify(body) });
let skus = 0;
async function product(fields: Record<string, unknown> = {}) {
  skus += 1;
  const page = await json<{ product: { id: string } }>(
    post("/api/products", admin, { sku: `R-${skus}`, name: `Item ${skus}`, price: "10.00", ...fields }),
  );
  return page.product.id;
}
const stockOf = async (id: string) =>
  (await json<{ product: { stock_qty: number } }>(api.request(`/api/products/${id}`, { headers: admin })))
    .product.stock_qty;
const view = (id: string) => json<Sale>(api.request(`/api/invoices/${id}`, { headers: admin }));
const key = () => crypto.randomUUID();
async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await (await useDb()).execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}
async function mayRefund(allowed: boolean) {
  const { pos } = await Settings.get();
  await withActor(systemActor("test"), () =>
    Settings.update({ pos: { ...pos, cashier_may_refund: allowed } }),
  );
}
const written = async (invoiceId: string) =>
  (
    await rows<{ notes: number; payments: number; moves: number; audits: number }>(sql`
      select
        (select count(*)::int from invoices where original_invoice_id = ${invoiceId}) as notes,
        (select count(*)::int from payments) as payments,
        (select count(*)::int from inventory_moves) as moves,
        (select count(*)::int from audit_logs where action in ('refund', 'refunded')) as audits`)
  )[0];

describe("refunds", () => {
  it("refunds one line in part with restock, exact to the sen, linked both ways, and the rest as a write-off", async () => {
    const cable = await product({ initial_stock: 5, price: "10.00" });
    const case_ = await product({ initial_stock: 5, price: "20.00" });
    const sale = await json<Sale>(
      post("/api/checkout", cashier, {
        items: [
          { product_id: cable, qty: 3 },
          { product_id: case_, qty: 1 },
        ],
        payments: [{ method: "card", amount: "50.00" }],
        idempotency_key: key(),
      }),
    );
    expect(sale.lines[0]).toMatchObject({ line_total: "30.00", tax_amount: "2.73" });
    const cableLine = sale.lines[0]!.id;

    const note = await json<Sale>(
      post(`/api/invoices/${sale.id}/refund`, admin, {
        lines: [{ item_id: cableLine, qty: 1, restock: true }],
        reason: "Wrong connector",
        idempotency_key: key(),
      }),
    );
    // Sales tax 10% inside the price: a third of the line, its tax a third of 2.73.
    expect(note).toMatchObject({
      kind: "refund_note",
      status: "paid",
      original_invoice_id: sale.id,
      total: "10.00",
      tax_total: "0.91",
      rounding: "0.00",
      amount_paid: "10.00",
      amount_due: "0.00",
      refunds: [],
    });
    expect(note.lines).toMatchObject([{ qty: "1", line_total: "10.00", tax_amount: "0.91" }]);
    expect(note.payments).toMatchObject([{ method: "card", amount: "-10.00" }]);
    expect(Number(note.number.split("-").at(-1))).toBe(Number(sale.number.split("-").at(-1)) + 1);
    expect(await stockOf(cable)).toBe(3);
    const [link] = await rows<{ refund_of: string; original_item_id: string }>(sql`
      select p.refund_of, i.original_item_id from payments p join invoice_items i on i.invoice_id = p.invoice_id
      where p.invoice_id = ${note.id}`);
    expect(link).toEqual({ refund_of: sale.payments[0]!.id, original_item_id: cableLine });

    const original = await view(sale.id);
    expect(original).toMatchObject({
      status: "paid",
      refunds: [{ id: note.id, number: note.number, total: "10.00" }],
    });

    // The other two, written off: no stock back, and the tax is what is left of the line's.
    const rest = await json<Sale>(
      post(`/api/invoices/${sale.id}/refund`, admin, {
        lines: [{ item_id: cableLine, qty: 2, restock: false }],
        reason: "Damaged in the box",
        idempotency_key: key(),
      }),
    );
    expect(rest).toMatchObject({ total: "20.00", tax_total: "1.82" });
    expect(await stockOf(cable)).toBe(3);
    const [audit] = await rows<{ diff: { written_off: { to: string }; restocked: { to: unknown } } }>(
      sql`select diff from audit_logs where entity_id = ${rest.id} and action = 'refund'`,
    );
    expect(audit!.diff.written_off.to).toContain("2 ×");
    expect(audit!.diff.restocked.to).toBeNull();

    const again = await post(`/api/invoices/${sale.id}/refund`, admin, {
      lines: [{ item_id: cableLine, qty: 1, restock: true }],
      reason: "Once more",
      idempotency_key: key(),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: "refund.above_paid", details: { left: 0, sold: 3 } });
  });

  it("refunds a whole cash sale: what was paid back to the 5 sen, the stock back, the original refunded", async () => {
    const item = await product({ initial_stock: 2, price: "10.03" });
    const sale = await json<Sale>(
      post("/api/checkout", cashier, {
        items: [{ product_id: item, qty: 1 }],
        payments: [{ method: "cash", amount: "20.00" }],
        idempotency_key: key(),
      }),
    );
    expect(sale).toMatchObject({ rounding: "0.02", amount_paid: "10.05" });
    const note = await json<Sale>(
      post(`/api/invoices/${sale.id}/refund`, admin, {
        all: true,
        restock: true,
        reason: "Changed mind",
        idempotency_key: key(),
      }),
    );
    expect(note).toMatchObject({ total: "10.03", rounding: "0.02", payable: "10.05", amount_paid: "10.05" });
    expect(note.payments).toMatchObject([{ method: "cash", amount: "-10.05" }]);
    expect(await stockOf(item)).toBe(2);
    expect((await view(sale.id)).status).toBe("refunded");
    const none = await post(`/api/invoices/${sale.id}/refund`, admin, {
      all: true,
      restock: true,
      reason: "Again",
      idempotency_key: key(),
    });
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ code: "refund.above_paid" });
  });

  it("refuses a refund above what was paid, and of an unpaid invoice, writing nothing", async () => {
    const item = await product({ initial_stock: 5 });
    const invoice = await json<Sale>(
      post("/api/invoices", cashier, { items: [{ product_id: item, qty: 2 }], idempotency_key: key() }),
    );
    const unpaid = await post(`/api/invoices/${invoice.id}/refund`, admin, {
      all: true,
      restock: true,
      reason: "Not wanted",
      idempotency_key: key(),
    });
    expect(unpaid.status).toBe(409);
    expect(await unpaid.json()).toMatchObject({ code: "refund.not_paid" });

    await json(
      post("/api/payments", cashier, {
        invoice_id: invoice.id,
        method: "card",
        amount: "5.00",
        idempotency_key: key(),
      }),
    );
    const before = await written(invoice.id);
    const above = await post(`/api/invoices/${invoice.id}/refund`, admin, {
      lines: [{ item_id: invoice.lines[0]!.id, qty: 1, restock: true }],
      reason: "Not wanted",
      idempotency_key: key(),
    });
    expect(above.status).toBe(400);
    const body = (await above.json()) as { code: string; message: string; details: { left: string } };
    expect(body.code).toBe("refund.above_paid");
    expect(body.details.left).toBe("5.00");
    expect(body.message).toContain("RM");
    const mismatch = await post(`/api/invoices/${invoice.id}/refund`, admin, {
      all: true,
      restock: true,
      payments: [{ method: "card", amount: "4.00" }],
      reason: "Not wanted",
      idempotency_key: key(),
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toMatchObject({
      code: "refund.payments_mismatch",
      details: { amount: "5.00" },
    });
    expect(await written(invoice.id)).toEqual(before);
    expect(await stockOf(item)).toBe(3);
  });

  it("refuses a cashier unless the settings allow it, and the workshop always", async () => {
    const item = await product({ initial_stock: 5 });
    const sale = await json<Sale>(
      post("/api/checkout", cashier, {
        items: [{ product_id: item, qty: 1 }],
        payments: [{ method: "duitnow", amount: "10.00" }],
        idempotency_key: key(),
      }),
    );
    const body = { all: true, restock: true, reason: "Faulty", idempotency_key: key() };
    await mayRefund(false);
    const refused = await post(`/api/invoices/${sale.id}/refund`, cashier, body);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "refund.not_allowed" });
    const workshop = await post(`/api/invoices/${sale.id}/refund`, tech, body);
    expect(workshop.status).toBe(403);
    expect(await written(sale.id)).toMatchObject({ notes: 0 });

    await mayRefund(true);
    try {
      const note = await json<Sale>(post(`/api/invoices/${sale.id}/refund`, cashier, body));
      expect(note.payments).toMatchObject([{ method: "duitnow", amount: "-10.00" }]);
    } finally {
      await mayRefund(false);
    }
  });

  it("makes one refund for the same key sent twice at once", async () => {
    const item = await product({ initial_stock: 4 });
    const sale = await json<Sale>(
      post("/api/checkout", cashier, {
        items: [{ product_id: item, qty: 2 }],
        payments: [{ method: "card", amount: "20.00" }],
        idempotency_key: key(),
      }),
    );
    const body = {
      lines: [{ item_id: sale.lines[0]!.id, qty: 1, restock: true }],
      reason: "Faulty",
      idempotency_key: key(),
    };
    const answers = await Promise.all([
      post(`/api/invoices/${sale.id}/refund`, admin, body),
      post(`/api/invoices/${sale.id}/refund`, admin, body),
    ]);
    const notes = await Promise.all(answers.map((a) => json<Sale>(a)));
    const third = await json<Sale>(post(`/api/invoices/${sale.id}/refund`, admin, body));
    expect(new Set([...notes, third].map((n) => n.id)).size).toBe(1);
    expect(await stockOf(item)).toBe(3);
    expect(await written(sale.id)).toMatchObject({ notes: 1 });
    expect((await view(sale.id)).refunds).toHaveLength(1);
  });

  it("issues the refund note's e-invoice (type 04, referring to the original) through the e-invoice job", async () => {
    const lhdn = await useMyInvois();
    const item = await product({ initial_stock: 3 });
    const sale = await json<Sale>(
      post("/api/checkout", cashier, {
        items: [{ product_id: item, qty: 1 }],
        payments: [{ method: "card", amount: "10.00" }],
        idempotency_key: key(),
      }),
    );
    await withActor(systemActor("test"), () => Einvoice.request({ invoice_id: sale.id, buyer: BUYER }));
    await Einvoice.issue(sale.id);
    const original = await Einvoice.get(sale.id);
    expect(original.einvoice_status).toBe("valid");

    const note = await json<Sale>(
      post(`/api/invoices/${sale.id}/refund`, admin, {
        all: true,
        restock: true,
        reason: "Faulty",
        idempotency_key: key(),
      }),
    );
    expect(note.einvoice_status).toBe("pending");
    // The einvoice queue holds the note's job; the consumer runs Einvoice.issue with it.
    let bodies: string[] = [];
    await waitFor(async () => {
      const received = await aws.queue.receive("einvoice", { max: 10, waitSeconds: 1 });
      bodies = [...bodies, ...received.map((m) => m.body)];
      return bodies.some((b) => b.includes(note.id));
    });
    await Einvoice.issue(note.id);
    expect((await Einvoice.get(note.id)).einvoice_status).toBe("valid");

    const sent = [...lhdn.documents.values()].find((d) => d.codeNumber === note.number)!;
    const document = JSON.parse(sent.document).Invoice[0];
    expect(document.InvoiceTypeCode[0]._).toBe("04");
    expect(document.BillingReference[0].InvoiceDocumentReference[0]).toMatchObject({
      ID: [{ _: sale.number }],
      UUID: [{ _: original.einvoice_uuid }],
    });
    expect(document.LegalMonetaryTotal[0].PayableAmount[0]._).toBe(10);
    expect(document.TaxTotal[0].TaxAmount[0]._).toBe(0.91);
  });
});
