import { systemActor, withActor } from "@wapos/core/actor";
import { Blob } from "@wapos/core/blob/index";
import { useDb } from "@wapos/core/db/index";
import { exportOne, exportPeriod } from "@wapos/core/einvoice/flow/export";
import { consolidate, pollRun } from "@wapos/core/einvoice/flow/runs";
import { Einvoice } from "@wapos/core/einvoice/index";
import { verify } from "@wapos/core/einvoice/signature/signature";
import { validateDocument } from "@wapos/core/einvoice/validation/validate";
import { einvoiceRunTable, invoiceItemTable, invoiceTable } from "@wapos/core/invoice/invoice.sql";
import { Link } from "@wapos/core/link/index";
import { Queue } from "@wapos/core/queue/index";
import { Settings } from "@wapos/core/settings/index";
import { setClock, useClock } from "@wapos/core/util/clock";
import { eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testCredentials } from "../../core/test/certificates";
import { TEST_NOW, useFixedClock } from "../../core/test/clock";
import { SIGNATURE_FAILURE, startMyInvoisFake } from "../../core/test/myinvois-fake";
import { createApi } from "../src/api/index";
import { createPublicApi } from "../src/public/index";
import { type LocalAws, staff, startLocalAws } from "./harness";
import { tamper } from "./tamper";

const TIN = "C12345678010";
const BRN = "202301012345";
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

const asSystem = <T>(run: () => Promise<T>) => withActor(systemActor("test"), run);

useFixedClock();

let invoiceCounter = 0;
/** A paid repair sale of RM 108.00 (RM 100.00 + 8 % service tax), issued at `at`. */
async function sale(at = useClock().now()) {
  const db = await useDb();
  const number = `INV-T${Date.now()}-${++invoiceCounter}`;
  const [invoice] = await db
    .insert(invoiceTable)
    .values({
      number,
      kind: "invoice",
      status: "paid",
      subtotal: "100.00",
      tax_total: "8.00",
      total: "108.00",
      amount_paid: "108.00",
      issued_at: at,
    })
    .returning();
  await db.insert(invoiceItemTable).values({
    invoice_id: invoice!.id,
    position: 1,
    description: "Screen replacement, iPhone 13",
    qty: "1",
    unit_price: "100.00",
    tax_type: "02",
    tax_rate: "8.00",
    tax_amount: "8.00",
    line_total: "108.00",
    classification_code: "030",
    unit_code: "C62",
  });
  return invoice!;
}

describe("e-invoices from sale to LHDN's verdict", () => {
  let aws: LocalAws;
  let fake: Awaited<ReturnType<typeof startMyInvoisFake>>;
  const credentials = testCredentials(TIN, BRN);
  const api = createApi();
  let admin: Record<string, string>;
  let cashier: Record<string, string>;
  let tech: Record<string, string>;

  async function configure(options: { api?: boolean; tin?: string; certificate?: string } = {}) {
    const settings = await Settings.get();
    await asSystem(() =>
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
          client_id: options.api === false ? "" : "test-client-id",
          client_secret: options.api === false ? null : "test-client-secret",
          certificate: options.certificate ?? credentials.pem,
          certificate_password: null,
          tin: options.tin ?? TIN,
          brn: BRN,
          sst_number: "NA",
          tourism_tax_number: "NA",
          msic_code: "95122",
          business_activity: "Repair and maintenance of cellular phones",
          consolidate_monthly: true,
        },
      }),
    );
  }

  beforeAll(async () => {
    aws = await startLocalAws({ names: ["einvoice", "jobs"] });
    Queue.setPort(aws.queue);
    Blob.setStore(aws.blob);
    fake = await startMyInvoisFake();
    process.env.MYINVOIS_API_URL = fake.url;
    await configure();
    admin = (await staff("admin")).auth;
    cashier = (await staff("cashier")).auth;
    tech = (await staff("tech")).auth;
  });
  afterAll(async () => {
    await fake.close();
    delete process.env.MYINVOIS_API_URL;
    Queue.setPort(undefined);
    Blob.setStore(undefined);
    await aws.stop();
  });
  afterEach(async () => {
    await configure();
  });

  it("issues a buyer's e-invoice: signed, checked, submitted, valid with LHDN's link", async () => {
    const invoice = await sale();
    const response = await api.request(`/api/einvoice/invoices/${invoice.id}/request`, {
      method: "POST",
      headers: { "content-type": "application/json", ...cashier },
      body: JSON.stringify({ buyer: BUYER }),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ einvoice_status: "pending", buyer_name: BUYER.name });
    expect((await aws.queue.stats("einvoice")).visible).toBe(1);

    await Einvoice.issue(invoice.id);
    const issued = await Einvoice.view(await Einvoice.get(invoice.id));
    expect(issued).toMatchObject({
      einvoice_status: "valid",
      can_cancel: true,
      has_document: true,
      errors: [],
    });
    expect(issued.validation_link).toMatch(/^https:\/\/preprod\.myinvois\.hasil\.gov\.my\/.+\/share\/.+/);
    const buyerSees = await createPublicApi().request(
      `/api/public/einvoice/${await Link.signInvoice(invoice.id)}`,
    );
    expect(await buyerSees.json()).toMatchObject({ state: "valid", validation_link: issued.validation_link });

    const { json } = await exportOne(invoice.id);
    expect(verify(json).ok).toBe(true);
    const document = JSON.parse(json);
    expect(
      validateDocument(document, { now: useClock().now() }).issues.filter((i) => i.severity === "error"),
    ).toEqual([]);
    expect(
      document.Invoice[0].AccountingCustomerParty[0].Party[0].PartyLegalEntity[0].RegistrationName[0]._,
    ).toBe(BUYER.name);
    expect(document.Invoice[0].LegalMonetaryTotal[0].PayableAmount[0]._).toBe(108);
    // Running the job again (a redelivered message) changes nothing and submits nothing.
    const submissions = fake.requestsTo(/\/documentsubmissions\/?$/, "POST").length;
    await Einvoice.issue(invoice.id);
    expect(fake.requestsTo(/\/documentsubmissions\/?$/, "POST")).toHaveLength(submissions);
  });

  it("submits a sale once when two jobs for it run at the same time, and refuses a second request meanwhile", async () => {
    const invoice = await sale();
    await Einvoice.request({ invoice_id: invoice.id, buyer: BUYER });
    const before = fake.requestsTo(/\/documentsubmissions\/?$/, "POST").length;
    await Promise.all([Einvoice.issue(invoice.id), Einvoice.issue(invoice.id), Einvoice.issue(invoice.id)]);
    expect(fake.requestsTo(/\/documentsubmissions\/?$/, "POST")).toHaveLength(before + 1);
    expect((await Einvoice.get(invoice.id)).einvoice_status).toBe("valid");
    await expect(Einvoice.request({ invoice_id: invoice.id, buyer: BUYER })).rejects.toMatchObject({
      code: "einvoice.already_issued",
    });
  });

  it("refuses an e-invoice for a void sale", async () => {
    const invoice = await sale();
    await (await useDb()).update(invoiceTable).set({ status: "void" }).where(eq(invoiceTable.id, invoice.id));
    await expect(Einvoice.request({ invoice_id: invoice.id, buyer: BUYER })).rejects.toMatchObject({
      code: "einvoice.not_issuable",
    });
  });

  it("keeps LHDN's reasons for an invalid e-invoice in plain English and Malay", async () => {
    const invoice = await sale();
    fake.setInvalidate(() => SIGNATURE_FAILURE);
    try {
      await Einvoice.request({ invoice_id: invoice.id, buyer: BUYER });
      await Einvoice.issue(invoice.id);
    } finally {
      fake.setInvalidate(() => undefined);
    }
    const view = await Einvoice.view(await Einvoice.get(invoice.id));
    expect(view.einvoice_status).toBe("invalid");
    expect(view.errors[0]).toMatchObject({ source: "lhdn", lhdn_codes: expect.arrayContaining(["DS320"]) });
    expect(view.errors[0]!.message.en).not.toBe(view.errors[0]!.message.ms);
  });

  it("refuses before sending when the pre-flight check fails, naming what to fix", async () => {
    await configure({ tin: "12345" });
    const invoice = await sale();
    const submissions = fake.requestsTo(/\/documentsubmissions\/?$/, "POST").length;
    await Einvoice.request({ invoice_id: invoice.id, buyer: BUYER });
    await Einvoice.issue(invoice.id);
    const view = await Einvoice.view(await Einvoice.get(invoice.id));
    expect(view.einvoice_status).toBe("invalid");
    expect(view.errors).toContainEqual(
      expect.objectContaining({ source: "preflight", code: "einvoice.supplier.tin_format" }),
    );
    expect(fake.requestsTo(/\/documentsubmissions\/?$/, "POST")).toHaveLength(submissions);
  });

  it("refuses with what the shop must fill in when its own details are missing, and tells the buyer it is the shop's to fix", async () => {
    await configure({ tin: "" });
    const invoice = await sale();
    await Einvoice.request({ invoice_id: invoice.id, buyer: BUYER });
    await Einvoice.issue(invoice.id);
    const view = await Einvoice.view(await Einvoice.get(invoice.id));
    expect(view.einvoice_status).toBe("invalid");
    expect(view.errors).toEqual([
      expect.objectContaining({ code: "einvoice.not_configured", path: "myinvois.tin" }),
    ]);
    const shown = await createPublicApi().request(
      `/api/public/einvoice/${await Link.signInvoice(invoice.id)}`,
    );
    // Staff see "Rejected": the buyer is not told it is on its way to LHDN.
    expect(await shown.json()).toMatchObject({ state: "needs_shop" });
  });

  it("refuses with the reason when the signing certificate in settings cannot be read", async () => {
    await configure({ certificate: "bm90IGEgY2VydGlmaWNhdGU=" });
    const invoice = await sale();
    await Einvoice.request({ invoice_id: invoice.id, buyer: BUYER });
    await Einvoice.issue(invoice.id);
    const view = await Einvoice.view(await Einvoice.get(invoice.id));
    expect(view.einvoice_status).toBe("invalid");
    expect(view.errors).toEqual([expect.objectContaining({ code: "einvoice.certificate_invalid" })]);
  });

  it("cancels within 72 hours, and refuses after them without asking LHDN", async () => {
    const first = await sale();
    await Einvoice.request({ invoice_id: first.id, buyer: BUYER });
    await Einvoice.issue(first.id);
    const cancelled = await api.request(`/api/einvoice/invoices/${first.id}/cancel`, {
      method: "POST",
      headers: { "content-type": "application/json", ...admin },
      body: JSON.stringify({ reason: "Wrong buyer name" }),
    });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ einvoice_status: "cancelled" });
    const buyerSees = await createPublicApi().request(
      `/api/public/einvoice/${await Link.signInvoice(first.id)}`,
    );
    expect(await buyerSees.json()).toMatchObject({ state: "cancelled" });

    const second = await sale();
    await Einvoice.request({ invoice_id: second.id, buyer: BUYER });
    await Einvoice.issue(second.id);
    const validatedAt = (await Einvoice.get(second.id)).einvoice_validated_at!;
    setClock({ now: () => new Date(validatedAt.getTime() + 73 * 3600_000) });
    const calls = fake.requests.length;
    // Core directly: 73 hours on, the admin's 15-minute session would have expired too.
    await expect(
      asSystem(() => Einvoice.cancel({ invoice_id: second.id, reason: "Too late" })),
    ).rejects.toMatchObject({
      code: "einvoice.cancel_window_over",
    });
    expect(fake.requests.length).toBe(calls);
  });

  it("without API credentials signs and keeps the document for the portal, and exports a period as a zip", async () => {
    await configure({ api: false });
    const invoice = await sale();
    await Einvoice.request({ invoice_id: invoice.id, buyer: BUYER });
    await Einvoice.issue(invoice.id);
    const view = await Einvoice.view(await Einvoice.get(invoice.id));
    expect(view).toMatchObject({ einvoice_status: "pending", has_document: true });
    expect(view.errors[0]!.code).toBe("einvoice.portal_mode");
    const zip = unzipSync(
      await exportPeriod({
        from: new Date(TEST_NOW.getTime() - 3600_000),
        to: new Date(TEST_NOW.getTime() + 3600_000),
      }),
    );
    const json = new TextDecoder().decode(zip[`${invoice.number}.json`]);
    expect(verify(json).ok).toBe(true);
    expect(new TextDecoder().decode(zip[`${invoice.number}.xml`])).toContain(
      `<cbc:ID>${invoice.number}</cbc:ID>`,
    );
  });

  it("consolidates last month's sales into one General Public e-invoice, after which a buyer cannot ask", async () => {
    const lastMonth = new Date(TEST_NOW);
    lastMonth.setUTCDate(1);
    lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    lastMonth.setUTCDate(10);
    const month = lastMonth.toISOString().slice(0, 7);
    const sales = [await sale(lastMonth), await sale(new Date(lastMonth.getTime() + 3600_000))];
    const response = await api.request("/api/einvoice/runs", {
      method: "POST",
      headers: { "content-type": "application/json", ...admin },
      body: JSON.stringify({ month }),
    });
    expect(response.status).toBe(200);
    const run = (await response.json()) as { status: string; invoice_count: number; validation_link: string };
    expect(run.status).toBe("valid");
    expect(run.invoice_count).toBeGreaterThanOrEqual(2);
    for (const s of sales) expect((await Einvoice.get(s.id)).einvoice_status).toBe("consolidated");

    const stored = await Blob.useStore().get(`einvoice/CON-${month}.json`);
    const document = JSON.parse(Buffer.from(stored.body).toString());
    const buyer = document.Invoice[0].AccountingCustomerParty[0].Party[0];
    expect(buyer.PartyLegalEntity[0].RegistrationName[0]._).toBe("General Public");
    expect(buyer.PartyIdentification[0].ID[0]._).toBe("EI00000000010");
    for (const line of document.Invoice[0].InvoiceLine)
      expect(line.Item[0].CommodityClassification[0].ItemClassificationCode[0]._).toBe("004");

    const token = await Link.signInvoice(sales[0]!.id);
    const refused = await createPublicApi().request(`/api/public/einvoice/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(BUYER),
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "einvoice.already_consolidated" });
    await expect(consolidate({ month })).rejects.toMatchObject({ code: "einvoice.consolidation_refused" });

    // Had LHDN still been validating, the follow-up look settles the run.
    await (await useDb())
      .update(einvoiceRunTable)
      .set({ status: "submitted", einvoice_long_id: null })
      .where(eq(einvoiceRunTable.period, month));
    await pollRun(month);
    const [settled] = await (await useDb())
      .select()
      .from(einvoiceRunTable)
      .where(eq(einvoiceRunTable.period, month));
    expect(settled).toMatchObject({ status: "valid", einvoice_long_id: expect.any(String) });
  });

  it("lets a buyer ask from the receipt's link, and never opens with a tampered one", async () => {
    const invoice = await sale();
    const publicApi = createPublicApi();
    const token = await Link.signInvoice(invoice.id);
    const shown = await publicApi.request(`/api/public/einvoice/${token}`);
    expect(await shown.json()).toMatchObject({
      state: "open",
      invoice: { number: invoice.number, total: "108.00" },
    });
    const asked = await publicApi.request(`/api/public/einvoice/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...BUYER, state_code: "99" }),
    });
    expect(asked.status).toBe(400);
    const ok = await publicApi.request(`/api/public/einvoice/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(BUYER),
    });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ state: "preparing" });
    expect(await (await publicApi.request(`/api/public/einvoice/${token}`)).json()).toMatchObject({
      state: "preparing",
    });
    expect((await Einvoice.get(invoice.id)).einvoice_status).toBe("pending");
    const tampered = await publicApi.request(`/api/public/einvoice/${tamper(token)}`);
    expect(tampered.status).toBe(404);
    // A ticket's status link is not an invoice link.
    const ticketToken = await Link.signTicket(invoice.id);
    expect((await publicApi.request(`/api/public/einvoice/${ticketToken}`)).status).toBe(404);
  });

  it("exports whole days in the shop's time zone, and refuses a range that ends before it starts", async () => {
    // 23:30 on 3 March in Kuala Lumpur is 15:30 UTC the same day; 00:30 on 4 March KL is 16:30 UTC on the 3rd.
    const late = await sale(new Date("2026-03-03T15:30:00Z"));
    const early = await sale(new Date("2026-03-03T16:30:00Z"));
    await configure({ api: false });
    for (const s of [late, early]) {
      await Einvoice.request({ invoice_id: s.id, buyer: BUYER });
      await Einvoice.issue(s.id);
    }
    const response = await api.request("/api/einvoice/export?from=2026-03-03&to=2026-03-03", {
      headers: cashier,
    });
    expect(response.status).toBe(200);
    const names = Object.keys(unzipSync(new Uint8Array(await response.arrayBuffer())));
    expect(names).toContain(`${late.number}.json`);
    expect(names).not.toContain(`${early.number}.json`);
    const backwards = await api.request("/api/einvoice/export?from=2026-03-04&to=2026-03-03", {
      headers: cashier,
    });
    expect(backwards.status).toBe(400);
  });

  it("shows readiness and lists invoices to the counter, keeps technicians out, and cancelling to admins", async () => {
    const readiness = await api.request("/api/einvoice/readiness", { headers: cashier });
    expect(readiness.status).toBe(200);
    expect(await readiness.json()).toMatchObject({ can_submit: true });
    expect((await api.request("/api/einvoice/invoices", { headers: cashier })).status).toBe(200);
    expect((await api.request("/api/einvoice/invoices", { headers: tech })).status).toBe(403);
    const invoice = await sale();
    const cancel = await api.request(`/api/einvoice/invoices/${invoice.id}/cancel`, {
      method: "POST",
      headers: { "content-type": "application/json", ...cashier },
      body: JSON.stringify({ reason: "Not mine to cancel" }),
    });
    expect(cancel.status).toBe(403);
    await configure({ api: false, tin: "" });
    const gaps = (await (await api.request("/api/einvoice/readiness", { headers: admin })).json()) as {
      can_submit: boolean;
      gaps: { field: string }[];
    };
    expect(gaps.can_submit).toBe(false);
    expect(gaps.gaps.map((g) => g.field)).toEqual(
      expect.arrayContaining(["myinvois.tin", "myinvois.client_id"]),
    );
  });
});
