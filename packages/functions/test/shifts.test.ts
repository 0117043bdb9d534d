import { beforeAll, describe, expect, it } from "vitest";
import { useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { json, staff } from "./harness";

// One drawer for the whole shop: this file has a database of its own, so no other test's sale lands in its shift.
useIsolatedDatabase();
useFixedClock();

const api = createApi();
let admin: Record<string, string>;
let cashier: Record<string, string>;
let tech: Record<string, string>;
let cashierName: string;

type Report = {
  id: string;
  status: string;
  opening_float: string;
  opened_by: { name: string };
  closed_by: { name: string } | null;
  sales_count: number;
  sales_total: string;
  refunds_count: number;
  refunds_total: string;
  by_method: { method: string; received: string; refunded: string; net: string }[];
  cash_received: string;
  cash_refunded: string;
  expected_cash: string;
  counted_cash: string | null;
  variance: string | null;
  note: string | null;
};
type Sale = { id: string; payable: string; change_given: string; lines: { id: string }[] };

beforeAll(async () => {
  admin = { "content-type": "application/json", ...(await staff("admin")).auth };
  const counter = await staff("cashier");
  cashier = { "content-type": "application/json", ...counter.auth };
  cashierName = counter.user.name;
  tech = { "content-type": "application/json", ...(await staff("tech")).auth };
});

const post = (path: string, headers: Record<string, string>, body: unknown) =>
  api.request(path, { method: "POST", headers, body: JSON.stringify(body) });
const key = () => crypto.randomUUID();

describe("shifts", () => {
  it("closes with the expected cash and the variance to the sen: change is not kept, cash refunds come out", async () => {
    const shift = await json<Report>(post("/api/shifts", cashier, { opening_float: "100.00" }));
    expect(shift).toMatchObject({ status: "open", opening_float: "100.00", expected_cash: "100.00" });
    const second = await post("/api/shifts", admin, { opening_float: "50.00" });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({
      code: "shift.already_open",
      details: { shift_id: shift.id },
    });

    const item = (
      await json<{ product: { id: string } }>(
        post("/api/products", admin, { sku: "SH-1", name: "Cable", price: "10.03", initial_stock: 10 }),
      )
    ).product.id;
    // 2 × 10.03 = 20.06, rounded for cash to 20.05; 50.00 handed over, 29.95 back: the drawer keeps 20.05.
    const cash = await json<Sale>(
      post("/api/checkout", cashier, {
        items: [{ product_id: item, qty: 2 }],
        payments: [{ method: "cash", amount: "50.00" }],
        idempotency_key: key(),
      }),
    );
    expect(cash).toMatchObject({ payable: "20.05", change_given: "29.95" });
    await json(
      post("/api/checkout", cashier, {
        items: [{ product_id: item, qty: 1 }],
        payments: [{ method: "card", amount: "10.03" }],
        idempotency_key: key(),
      }),
    );
    // One back in cash: 10.03 rounds to 10.05 out of the drawer.
    await json(
      post(`/api/invoices/${cash.id}/refund`, admin, {
        lines: [{ item_id: cash.lines[0]!.id, qty: 1, restock: true }],
        reason: "Wrong one",
        idempotency_key: key(),
      }),
    );
    const running = await json<{ shift: Report }>(api.request("/api/shifts/current", { headers: cashier }));
    expect(running.shift).toMatchObject({ id: shift.id, expected_cash: "110.00", counted_cash: null });

    const closed = await json<Report>(
      post(`/api/shifts/${shift.id}/close`, cashier, { counted_cash: "109.50", note: "50 sen short" }),
    );
    expect(closed).toMatchObject({
      status: "closed",
      opened_by: { name: cashierName },
      closed_by: { name: cashierName },
      sales_count: 2,
      sales_total: "30.08",
      refunds_count: 1,
      refunds_total: "10.05",
      cash_received: "20.05",
      cash_refunded: "10.05",
      expected_cash: "110.00",
      counted_cash: "109.50",
      variance: "-0.50",
      note: "50 sen short",
    });
    expect(closed.by_method).toEqual([
      { method: "cash", received: "20.05", refunded: "10.05", net: "10.00" },
      { method: "card", received: "10.03", refunded: "0.00", net: "10.03" },
    ]);

    expect(await json(api.request("/api/shifts/current", { headers: cashier }))).toEqual({ shift: null });
    const again = await post(`/api/shifts/${shift.id}/close`, cashier, { counted_cash: "110.00" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "shift.closed" });
    expect(await json<Report>(api.request(`/api/shifts/${shift.id}`, { headers: admin }))).toEqual(closed);
    const list = await json<{ shifts: Report[] }>(api.request("/api/shifts?limit=5", { headers: admin }));
    expect(list.shifts.map((s) => s.id)).toContain(shift.id);

    // A sale after the close belongs to no shift: the closed report does not move.
    await json(
      post("/api/checkout", cashier, {
        items: [{ product_id: item, qty: 1 }],
        payments: [{ method: "cash", amount: "20.00" }],
        idempotency_key: key(),
      }),
    );
    expect(await json<Report>(api.request(`/api/shifts/${shift.id}`, { headers: admin }))).toEqual(closed);
  });

  it("keeps the drawer to the counter and answers an unknown shift with shift.not_found", async () => {
    expect((await post("/api/shifts", tech, { opening_float: "10.00" })).status).toBe(403);
    const missing = await api.request(`/api/shifts/${crypto.randomUUID()}`, { headers: admin });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: "shift.not_found" });
    const bad = await post("/api/shifts", admin, { opening_float: "-5" });
    expect(bad.status).toBe(400);
  });
});
