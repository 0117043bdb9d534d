import { customerTable, deviceTable } from "@wapos/core/customer/customer.sql";
import { useTransaction } from "@wapos/core/db/transaction";
import { workTicketTable } from "@wapos/core/ticket/ticket.sql";
import { createId } from "@wapos/core/util/id";
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_NOW, useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { CustomerList, CustomerPage } from "../src/api/customer-view";
import { createApi } from "../src/api/index";
import { TicketView } from "../src/api/ticket-view";
import { randomPhone, staff } from "./harness";

// Column counts are exact, so this file has a database of its own.
useIsolatedDatabase();
useFixedClock();
const api = createApi();
let auth: Record<string, string>;

type Card = { id: string; number: string; status: string; created_at: string };
type Board = {
  columns: Record<string, Card[]>;
  counts: Record<string, number>;
  next: Record<string, string | null>;
};

const minutesAgo = (minutes: number) => new Date(TEST_NOW.getTime() - minutes * 60_000);
const NEW_IDS: string[] = [];

/** `count` tickets of `status`, the first the oldest. */
async function seed(
  status: "NEW" | "IN_PROGRESS" | "READY" | "CLOSED",
  count: number,
  closedDaysAgo = 1,
  extra: Partial<typeof workTicketTable.$inferInsert> = {},
) {
  const ids: string[] = [];
  await useTransaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const customer = createId();
      const device = createId();
      const id = createId();
      await tx.insert(customerTable).values({ id: customer, name: `Customer ${i}`, phone: randomPhone() });
      await tx
        .insert(deviceTable)
        .values({ id: device, customer_id: customer, category: "phone", brand: "Oppo", model: `A${i}` });
      await tx.insert(workTicketTable).values({
        id,
        customer_id: customer,
        device_id: device,
        problem: `Cracked screen ${i}`,
        status,
        created_at: minutesAgo(10_000 - i),
        closed_at: status === "CLOSED" ? new Date(TEST_NOW.getTime() - closedDaysAgo * 86_400_000) : null,
        close_reason: status === "CLOSED" ? "picked_up" : null,
        ...extra,
      });
      ids.push(id);
    }
  });
  return ids;
}

async function board(search = ""): Promise<{ status: number; body: Board }> {
  const response = await api.request(`/api/tickets/kanban${search}`, { headers: auth });
  return { status: response.status, body: (await response.json()) as Board };
}

beforeAll(async () => {
  auth = (await staff("tech")).auth;
  NEW_IDS.push(...(await seed("NEW", 100)));
  await seed("IN_PROGRESS", 3);
  await seed("CLOSED", 1, 1);
  await seed("CLOSED", 1, 30);
});

describe("the board, a page per column", () => {
  it("answers the first 20 cards of each column, oldest first, with the column's full count", async () => {
    const { status, body } = await board();
    expect(status).toBe(200);
    expect(body.columns.NEW!.map((card) => card.id)).toEqual(NEW_IDS.slice(0, 20));
    expect(body.counts).toEqual({ NEW: 100, IN_PROGRESS: 3, READY: 0, CLOSED: 1 });
    expect(body.next).toEqual({ NEW: NEW_IDS[19], IN_PROGRESS: null, READY: null, CLOSED: null });
    expect(body.columns.IN_PROGRESS).toHaveLength(3);
    expect(body.columns.READY).toEqual([]);
  });

  it("pages one column by its cursor until the last page, each card once", async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    do {
      const { status, body } = await board(`?status=NEW&limit=30${after ? `&after=${after}` : ""}`);
      expect(status).toBe(200);
      expect(Object.keys(body.columns)).toEqual(["NEW"]);
      expect(body.counts.NEW).toBe(100);
      seen.push(...body.columns.NEW!.map((card) => card.id));
      after = body.next.NEW;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(NEW_IDS);
  });

  it.each([
    ["a cursor without its column", `?after=${createId()}`],
    ["a page over 100 cards", "?limit=101"],
    ["an empty page", "?limit=0"],
    ["an unknown column", "?status=LOST"],
  ])("refuses %s with request.invalid", async (_, search) => {
    const response = await api.request(`/api/tickets/kanban${search}`, { headers: auth });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe("request.invalid");
  });
});

describe("answers as documented", () => {
  it("answers GET /api/tickets/{id} with exactly the documented shape the dashboard's types come from", async () => {
    const id = NEW_IDS[0]!;
    const noted = await api.request(`/api/tickets/${id}/notes`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ note: "Screen ordered" }),
    });
    expect(noted.status).toBe(200);
    const body = await (await api.request(`/api/tickets/${id}`, { headers: auth })).json();
    // Parsing drops what the schema does not name: equal means nothing is undocumented.
    expect(TicketView.parse(body)).toEqual(body);
    expect(TicketView.parse(body).events.map((event) => event.type)).toEqual(["NOTE"]);

    const customer = TicketView.parse(body).ticket.customer;
    const page = await (await api.request(`/api/customers/${customer.id}`, { headers: auth })).json();
    expect(CustomerPage.parse(page)).toEqual(page);
    const list = await (
      await api.request(`/api/customers?q=${encodeURIComponent(customer.name)}`, { headers: auth })
    ).json();
    expect(CustomerList.parse(list)).toEqual(list);
    expect(CustomerList.parse(list).customers.length).toBeGreaterThan(0);
  });
});

describe("what needs attention", () => {
  it("answers only the open tickets to phone about or due within a day, however deep in their column", async () => {
    const hour = 3600_000;
    const [late] = await seed("NEW", 1, 0, { eta_ready_at: new Date(TEST_NOW.getTime() - hour) });
    const [soon] = await seed("IN_PROGRESS", 1, 0, {
      eta_ready_at: new Date(TEST_NOW.getTime() + 20 * hour),
    });
    await seed("IN_PROGRESS", 1, 0, { eta_ready_at: new Date(TEST_NOW.getTime() + 30 * hour) });
    const [phone] = await seed("READY", 1, 0, { call_customer_at: TEST_NOW });
    await seed("CLOSED", 1, 0, { call_customer_at: TEST_NOW });
    const { status, body } = await board("?attention=true&limit=100");
    expect(status, JSON.stringify(body)).toBe(200);
    const ids = Object.values(body.columns).flatMap((cards) => cards.map((card) => card.id));
    expect(ids.sort()).toEqual([late, soon, phone].sort());
  });
});
