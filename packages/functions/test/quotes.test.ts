import { useDb } from "@wapos/core/db/index";
import { Queue } from "@wapos/core/queue/index";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { createPublicApi } from "../src/public/index";
import { fromAddress, json, type LocalAws, randomPhone, staff, startLocalAws } from "./harness";

// Quote numbers come from one sequence: this file has a database of its own.
useIsolatedDatabase();
const clock = useFixedClock();

const api = createApi();
const pub = createPublicApi();
let aws: LocalAws;
let admin: Record<string, string>;
let cashier: Record<string, string>;
/** A body-less POST declares no media type. */
let cashierAuth: Record<string, string>;

type Line = {
  description: string;
  qty: string;
  unit_price: string;
  discount: string;
  tax: string;
  line_total: string;
};
type Quote = {
  id: string;
  number: string;
  status: string;
  subtotal: string;
  listed_subtotal: string;
  prices_include_tax: boolean;
  discount_total: string;
  discount_given: string;
  tax_total: string;
  total: string;
  valid_until: string;
  sent_at: string | null;
  decided_at: string | null;
  decision_evidence: Record<string, unknown> | null;
  invoice_id: string | null;
  lines: Line[];
};
type Invoice = {
  id: string;
  number: string;
  subtotal: string;
  listed_subtotal: string;
  prices_include_tax: boolean;
  discount_total: string;
  discount_given: string;
  tax_total: string;
  total: string;
  customer: { phone: string } | null;
  lines: { description: string; unit_price: string; tax_amount: string; line_total: string }[];
};
type ErrorBody = { code: string };
const WELL_FORMED = /^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://shop.example";
  aws = await startLocalAws({ names: ["wa-outbound-tx"] });
  Queue.setPort(aws.queue);
  admin = { "content-type": "application/json", ...(await staff("admin")).auth };
  cashierAuth = (await staff("cashier")).auth;
  cashier = { "content-type": "application/json", ...cashierAuth };
});
afterAll(async () => {
  Queue.setPort(undefined);
  await aws.stop();
});

const post = (path: string, headers: Record<string, string>, body?: unknown) =>
  api.request(path, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
const key = () => crypto.randomUUID();
let skus = 0;
async function product(fields: Record<string, unknown> = {}) {
  skus += 1;
  const page = await json<{ product: { id: string; stock_qty: number } }>(
    post("/api/products", admin, { sku: `Q-SKU-${skus}`, name: `Item ${skus}`, price: "10.00", ...fields }),
  );
  return page.product;
}
const stockOf = async (id: string) =>
  (await json<{ product: { stock_qty: number } }>(api.request(`/api/products/${id}`, { headers: admin })))
    .product.stock_qty;
async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await (await useDb()).execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}
const quote = (body: Record<string, unknown>) => json<Quote>(post("/api/quotes", admin, body));
const send = (id: string) =>
  json<Quote>(api.request(`/api/quotes/${id}/send`, { method: "POST", headers: cashierAuth }));
/** The link in the one WhatsApp message sent to `phone`, and the message. */
async function sentLink(phone: string) {
  const messages = await rows<{ body: string; purpose: string; enqueued_at: Date | null }>(
    sql`select body, purpose, enqueued_at from wa_messages where phone = ${phone} and direction = 'out'`,
  );
  const token = messages.at(-1)?.body.match(/https:\/\/shop\.example\/q\/([\w-]+)/)?.[1];
  return { messages, token: token! };
}
const answer = (token: string, kind: "accept" | "decline", address = "203.0.113.7") =>
  pub.request(
    `/api/public/quotes/${token}/${kind}`,
    { method: "POST", headers: { "user-agent": "Mozilla/5.0 (Linux; Android 14) QuoteTest" } },
    fromAddress(address),
  );

describe("quotes", () => {
  it("prices a quote exactly as a sale of the same cart", async () => {
    const item = await product({ price: "25.00", initial_stock: 5 });
    const cart = {
      items: [
        { product_id: item.id, qty: 3, discount: { kind: "percent", value: "10" } },
        { description: "Labour: screen fitting", qty: 1, unit_price: "40.00" },
      ],
      discount: { kind: "amount", value: "5.00" },
    };
    const phone = randomPhone();
    const q = await quote({ ...cart, customer_phone: phone, customer_name: "Aminah" });
    const sale = await json<Invoice>(
      post("/api/invoices", admin, { ...cart, customer_phone: phone, idempotency_key: key() }),
    );
    expect(q.number).toMatch(/^Q-2026-\d{6}$/);
    expect(q.status).toBe("draft");
    const fields = ["subtotal", "listed_subtotal", "discount_total", "discount_given", "tax_total", "total"];
    for (const field of [...fields, "prices_include_tax"] as const)
      expect(q[field as keyof Quote], field).toBe(sale[field as keyof Invoice]);
    expect(q.lines.map((l) => [l.unit_price, l.tax, l.line_total])).toEqual(
      sale.lines.map((l) => [l.unit_price, l.tax_amount, l.line_total]),
    );
    // 3 × 25 − 10 % = 67.50; + 40 = 107.50; − 5 = 102.50 (SST inside the prices): as printed,
    // the lines as listed (115.00) less the discounts given (12.50) make the total.
    expect(q).toMatchObject({
      total: "102.50",
      listed_subtotal: "115.00",
      discount_given: "12.50",
      prices_include_tax: true,
    });
    expect(new Date(q.valid_until).getTime() - clock.now().getTime()).toBe(14 * 86_400_000);
    // A quote reserves nothing: only the sale took stock.
    expect(await stockOf(item.id)).toBe(2);

    // The same quote on A4, read back as text.
    const pdf = await api.request(`/api/quotes/${q.id}/pdf`, { headers: admin });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const document = await getDocument({ data: new Uint8Array(await pdf.arrayBuffer()), verbosity: 0 })
      .promise;
    const items = (await (await document.getPage(1)).getTextContent()).items.flatMap((i) =>
      "str" in i ? [{ text: i.str, y: i.transform[5] as number, height: i.height }] : [],
    );
    const text = items.map((i) => i.text).join(" ");
    for (const expected of ["QUOTATION", q.number, "Labour: screen fitting", "Valid until", "RM 102.50"])
      expect(text).toContain(expected);
    // Dated by the same clock as its validity (it read the database's clock before).
    const kl = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Kuala_Lumpur" });
    expect(text).toContain(`Date ${kl.format(clock.now())}`);
    // The totals add up as printed: SST inside the prices is shown after the total, as included.
    expect(text.replace(/\s+/g, " ")).toContain(
      "Subtotal RM 115.00 Discount RM -12.50 Total RM 102.50 SST included RM 8.68",
    );
    // The customer's two lines on the right are shorter than the number and dates on the left:
    // the lines' header starts below the last date, not on top of it (PDF y grows upward).
    const validUntil = items.find((i) => i.text.startsWith("Valid until"))!;
    const header = items.find((i) => i.text === "Description")!;
    expect(validUntil.y - header.y).toBeGreaterThanOrEqual(validUntil.height);
  });

  it("adds up as printed when SST is on top of the prices, for the quote and its sale alike", async () => {
    const settings = (s: Record<string, unknown>) =>
      api.request("/api/settings", { method: "PUT", headers: admin, body: JSON.stringify(s) });
    const tax = { sales_tax_rate: "10.00", service_tax_rate: "8.00" };
    expect((await settings({ tax: { ...tax, prices_include_tax: false } })).status).toBe(200);
    try {
      const item = await product({ price: "25.00", initial_stock: 5 });
      const cart = {
        items: [
          { product_id: item.id, qty: 2, discount: { kind: "amount", value: "5.00" } },
          { description: "Labour", qty: 1, unit_price: "40.00" },
        ],
      };
      const q = await quote({ ...cart, customer_phone: randomPhone() });
      const sale = await json<Invoice>(post("/api/invoices", admin, { ...cart, idempotency_key: key() }));
      // 50.00 − 5.00 = 45.00 at 10 % sales tax, 40.00 at 8 % service tax: 85.00 + 4.50 + 3.20.
      for (const view of [q, sale])
        expect(view).toMatchObject({
          listed_subtotal: "90.00",
          discount_given: "5.00",
          tax_total: "7.70",
          total: "92.70",
          prices_include_tax: false,
        });
    } finally {
      expect((await settings({ tax: { ...tax, prices_include_tax: true } })).status).toBe(200);
    }
  });

  it("sends one WhatsApp message with the link; the customer opens it and accepts with evidence, once", async () => {
    const phone = randomPhone();
    const q = await quote({
      customer_phone: phone,
      customer_name: "Ravi",
      items: [{ description: "Battery replacement", qty: 1, unit_price: "120.00" }],
    });
    const sent = await send(q.id);
    expect(sent).toMatchObject({ status: "sent", sent_at: clock.now().toISOString() });
    const { messages, token } = await sentLink(phone);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ purpose: "staff" });
    expect(messages[0]!.enqueued_at).not.toBeNull();
    expect(messages[0]!.body).toContain(q.number);
    expect(messages[0]!.body).toContain("RM 120.00");

    const page = await json<{
      number: string;
      status: string;
      can_answer: boolean;
      total: string;
      lines: Line[];
    }>(pub.request(`/api/public/quotes/${token}`));
    expect(page).toMatchObject({ number: q.number, status: "sent", can_answer: true, total: "120.00" });
    expect(page.lines).toHaveLength(1);
    expect(JSON.stringify(page)).not.toContain(phone);

    const accepted = await answer(token, "accept");
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ number: q.number, status: "accepted" });
    const after = await json<Quote>(api.request(`/api/quotes/${q.id}`, { headers: cashier }));
    expect(after.decided_at).toBe(clock.now().toISOString());
    expect(after.decision_evidence).toEqual({
      ip: "203.0.113.7",
      user_agent: "Mozilla/5.0 (Linux; Android 14) QuoteTest",
      at: clock.now().toISOString(),
      channel: "link",
    });
    const audit = await rows<{ action: string; actor_type: string; actor_id: string }>(
      sql`select action, actor_type, actor_id from audit_logs where entity = 'quote' and entity_id = ${q.id} order by created_at, action`,
    );
    expect(audit.find((a) => a.action === "accept")).toMatchObject({
      actor_type: "customer",
      actor_id: phone,
    });

    clock.advance(60_000);
    const again = await answer(token, "accept", "198.51.100.1");
    expect(again.status).toBe(200);
    const unchanged = await json<Quote>(api.request(`/api/quotes/${q.id}`, { headers: cashier }));
    expect(unchanged.decision_evidence).toEqual(after.decision_evidence);

    const declined = await answer(token, "decline");
    expect(declined.status).toBe(409);
    expect(((await declined.json()) as ErrorBody).code).toBe("quote.already_decided");
    // A form post (the page without JavaScript) goes back to the page with the code.
    const form = await pub.request(`/api/public/quotes/${token}/decline`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe(`/q/${token}?error=quote.already_decided`);
  });

  it("reads a quote past its date as expired and refuses its acceptance", async () => {
    const phone = randomPhone();
    const q = await quote({
      customer_phone: phone,
      valid_days: 3,
      items: [{ description: "Data recovery", qty: 1, unit_price: "300.00" }],
    });
    await send(q.id);
    const { token } = await sentLink(phone);
    clock.advance(3 * 86_400_000 + 1000);
    const page = await json<{ status: string; can_answer: boolean }>(
      pub.request(`/api/public/quotes/${token}`),
    );
    expect(page).toMatchObject({ status: "expired", can_answer: false });
    const refused = await answer(token, "accept");
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ErrorBody).code).toBe("quote.expired");
    // Three days on, the morning's session has ended: a fresh one.
    const late = { "content-type": "application/json", ...(await staff("cashier")).auth };
    const listed = await json<{ quotes: Quote[] }>(
      api.request("/api/quotes?status=expired", { headers: late }),
    );
    expect(listed.quotes.map((x) => x.id)).toContain(q.id);
    const convert = await post(`/api/quotes/${q.id}/convert`, late, { idempotency_key: key() });
    expect(convert.status).toBe(409);
    expect(((await convert.json()) as ErrorBody).code).toBe("quote.expired");
  });

  it("converts to one invoice at the quoted prices, moving stock, however often it is asked", async () => {
    const item = await product({ price: "10.00", initial_stock: 3 });
    const phone = randomPhone();
    const q = await quote({
      customer_phone: phone,
      items: [
        { product_id: item.id, qty: 2 },
        { description: "Fitting", qty: 1, unit_price: "15.00", discount: { kind: "amount", value: "5.00" } },
      ],
    });
    await send(q.id);
    expect((await answer((await sentLink(phone)).token, "accept")).status).toBe(200);
    // The catalogue price rises after the quote: the customer still pays what was quoted.
    await json(
      api.request(`/api/products/${item.id}`, {
        method: "PATCH",
        headers: admin,
        body: JSON.stringify({ price: "14.00" }),
      }),
    );
    const body = { idempotency_key: key() };
    const [first, second] = await Promise.all([
      post(`/api/quotes/${q.id}/convert`, cashier, body),
      post(`/api/quotes/${q.id}/convert`, cashier, body),
    ]);
    const [a, b] = await Promise.all([json<Invoice>(first), json<Invoice>(second)]);
    const c = await json<Invoice>(post(`/api/quotes/${q.id}/convert`, cashier, { idempotency_key: key() }));
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect(a).toMatchObject({
      subtotal: q.subtotal,
      discount_total: q.discount_total,
      tax_total: q.tax_total,
      total: "30.00",
      customer: { phone },
    });
    expect(a.lines.map((l) => [l.unit_price, l.line_total])).toEqual(
      q.lines.map((l) => [l.unit_price, l.line_total]),
    );
    expect(await stockOf(item.id)).toBe(1);
    const invoices = await rows<{ n: number }>(
      sql`select count(*)::int as n from invoices where idempotency_key = ${body.idempotency_key}`,
    );
    expect(invoices[0]!.n).toBe(1);
    const after = await json<Quote>(api.request(`/api/quotes/${q.id}`, { headers: cashier }));
    expect(after).toMatchObject({ status: "converted", invoice_id: a.id });
  });

  it("refuses to convert a quote whose stock ran out, leaving it accepted", async () => {
    const item = await product({ initial_stock: 1 });
    const phone = randomPhone();
    const q = await quote({ customer_phone: phone, items: [{ product_id: item.id, qty: 2 }] });
    await send(q.id);
    await answer((await sentLink(phone)).token, "accept");
    const refused = await post(`/api/quotes/${q.id}/convert`, cashier, { idempotency_key: key() });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ErrorBody).code).toBe("stock.insufficient");
    const after = await json<Quote>(api.request(`/api/quotes/${q.id}`, { headers: cashier }));
    expect(after).toMatchObject({ status: "accepted", invoice_id: null });
    expect(await stockOf(item.id)).toBe(1);
  });

  it("never answers 5xx to hostile input on the public quote routes", async () => {
    const phone = randomPhone();
    const q = await quote({
      customer_phone: phone,
      items: [{ description: "Case", qty: 1, unit_price: "9.90" }],
    });
    await send(q.id);
    const { token } = await sentLink(phone);
    const segment = fc
      .oneof(
        fc.constant(token),
        fc.string({ maxLength: 60 }),
        fc.string({ unit: "binary", maxLength: 120 }),
        fc.constantFrom("..", "%00", "a".repeat(22), `${token}x`, "x.y.z", "%E0%A4%A", "' or 1=1 --"),
      )
      .filter((s) => WELL_FORMED.test(s)); // a lone surrogate cannot be put in a URL
    await fc.assert(
      fc.asyncProperty(
        segment,
        fc.constantFrom("", "/accept", "/decline"),
        fc.constantFrom("GET", "POST", "PUT"),
        fc.constantFrom(
          "application/json",
          "application/x-www-form-urlencoded",
          "text/plain",
          "multipart/form-data; boundary=x",
        ),
        fc.oneof(fc.constant(""), fc.string({ maxLength: 200 }), fc.json()),
        async (raw, action, method, type, body) => {
          const path = `/api/public/quotes/${encodeURIComponent(raw)}${action}`;
          const response = await pub.request(
            path,
            { method, headers: { "content-type": type }, body: method === "GET" ? undefined : body },
            fromAddress("198.51.100.20"),
          );
          expect(response.status, `${method} ${path}`).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });
});
