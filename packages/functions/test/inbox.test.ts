import { systemActor, withActor } from "@wapos/core/actor";
import { Blob } from "@wapos/core/blob/index";
import { customerTable, deviceTable } from "@wapos/core/customer/customer.sql";
import { useDb } from "@wapos/core/db/index";
import { Inbox } from "@wapos/core/inbox/index";
import { invoiceTable } from "@wapos/core/invoice/invoice.sql";
import { waMessageTable, waThreadTable } from "@wapos/core/message/message.sql";
import { Queue } from "@wapos/core/queue/index";
import { Settings } from "@wapos/core/settings/index";
import { workTicketTable } from "@wapos/core/ticket/ticket.sql";
import { createId } from "@wapos/core/util/id";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInStaff } from "../../core/test/accounts";
import { TEST_NOW, useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { json, type LocalAws, randomPhone, recordReceived, startLocalAws } from "./harness";

// The chat list is the whole shop's: this file counts on seeing only its own chats.
useIsolatedDatabase();
const clock = useFixedClock();
const api = createApi();
let aws: LocalAws;
let cashier: { id: string; token: string };

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://shop.example";
  aws = await startLocalAws({ names: ["wa-outbound-tx", "jobs"] });
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  // The counter answers chats too: every test acts as a cashier.
  const signedIn = await signedInStaff("cashier", "Nurul");
  cashier = { id: signedIn.user.id, token: signedIn.token };
  const assistant = await Settings.section("assistant");
  await withActor(systemActor("test"), () =>
    Settings.update({ assistant: { ...assistant, pause_hours: 6 } }),
  );
});
afterAll(async () => {
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  await aws.stop();
});

type Thread = {
  id: string;
  phone: string;
  customer: { id: string; name: string } | null;
  last_message: { text: string | null; author: string } | null;
  unread_count: number;
  needs_staff_at: string | null;
  bot_paused_until: string | null;
  takeover_by: { id: string; name: string } | null;
};
type Shown = {
  id: string;
  author: string;
  direction: string;
  text: string | null;
  media_url: string | null;
};

const call = (method: string, path: string, body?: unknown) =>
  api.request(`/api/inbox${path}`, {
    method,
    headers: {
      authorization: `Bearer ${cashier.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** A customer's WhatsApp message, `minutes` after TEST_NOW; its chat's id. */
const received = async (phone: string, text: string, minutes = 0, key?: string) =>
  (
    await recordReceived(
      phone,
      text,
      new Date(TEST_NOW.getTime() + minutes * 60_000),
      key ? { kind: "image", key } : undefined,
    )
  ).thread_id;

async function customer(phone: string, consent: "opted_in" | "opted_out" = "opted_in") {
  const [row] = await (await useDb())
    .insert(customerTable)
    .values({ name: "Aminah binti Yusof", phone, whatsapp_consent: consent })
    .returning();
  return row!;
}

const thread = async (id: string) => json<Thread>(call("POST", `/threads/${id}/read`));

describe("the staff inbox", () => {
  it("lists the chats the assistant flagged first, then the newest, with who spoke last and unread", async () => {
    const [old, flagged, newest] = [randomPhone(), randomPhone(), randomPhone()];
    await customer(flagged);
    await received(old, "hello", 1);
    const flaggedId = await received(flagged, "can I come at 3?", 2);
    await received(newest, "is it ready?", 3);
    await received(newest, "?", 4);
    await (await useDb())
      .update(waThreadTable)
      .set({ needs_staff_at: clock.now() })
      .where(eq(waThreadTable.id, flaggedId!));

    const { threads } = await json<{ threads: Thread[] }>(call("GET", "/threads"));
    expect(threads.map((t) => t.phone)).toEqual([flagged, newest, old]);
    expect(threads[0]).toMatchObject({
      customer: { name: "Aminah binti Yusof" },
      last_message: { text: "can I come at 3?", author: "customer" },
      needs_staff_at: clock.now().toISOString(),
    });
    expect(threads[1]).toMatchObject({ customer: null, unread_count: 2, last_message: { text: "?" } });
  });

  it("counts a chat as read", async () => {
    const id = await received(randomPhone(), "hi");
    expect((await thread(id!)).unread_count).toBe(0);
    const [row] = await (await useDb()).select().from(waThreadTable).where(eq(waThreadTable.id, id!));
    expect(row!.unread_count).toBe(0);
  });

  it("sends a reply as staff, pauses the assistant for the settings' pause as that staff member, and clears the flag", async () => {
    const phone = randomPhone();
    const id = await received(phone, "do you fix tablets?");
    await (await useDb())
      .update(waThreadTable)
      .set({ needs_staff_at: clock.now() })
      .where(eq(waThreadTable.id, id!));

    const response = await call("POST", `/threads/${id}/reply`, { text: "Yes, bring it in today" });
    expect(response.status).toBe(201);
    const { message, thread: after } = (await response.json()) as { message: Shown; thread: Thread };
    expect(message).toMatchObject({ author: "staff", direction: "out", text: "Yes, bring it in today" });
    expect(after).toMatchObject({
      needs_staff_at: null,
      unread_count: 0,
      bot_paused_until: new Date(clock.now().getTime() + 6 * 3_600_000).toISOString(),
      takeover_by: { id: cashier.id, name: "Nurul" },
      last_message: { author: "staff" },
    });
    const [sent] = await (await useDb())
      .select()
      .from(waMessageTable)
      .where(eq(waMessageTable.id, message.id));
    expect(sent).toMatchObject({ purpose: "staff", lane: "tx", status: "queued", phone });
  });

  it("refuses a reply to a customer who opted out, and writes nothing", async () => {
    const phone = randomPhone();
    await customer(phone, "opted_out");
    const id = await received(phone, "why is it taking so long");
    const response = await call("POST", `/threads/${id}/reply`, { text: "Sorry, tomorrow" });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { code: string }).code).toBe("inbox.opted_out");
    const rows = await (await useDb()).select().from(waMessageTable).where(eq(waMessageTable.phone, phone));
    expect(rows.map((r) => r.direction)).toEqual(["in"]);
    expect((await thread(id!)).bot_paused_until).toBeNull();
  });

  it("takes a chat over and hands it back", async () => {
    const id = await received(randomPhone(), "hello");
    const taken = await json<Thread>(call("POST", `/threads/${id}/takeover`));
    expect(taken.bot_paused_until).toBe(new Date(clock.now().getTime() + 6 * 3_600_000).toISOString());
    expect(taken.takeover_by?.id).toBe(cashier.id);
    const back = await json<Thread>(call("POST", `/threads/${id}/hand-back`));
    expect(back).toMatchObject({ bot_paused_until: null, takeover_by: null });
  });

  it("shows a pause that ended as no pause", async () => {
    const id = await received(randomPhone(), "hello");
    await json<Thread>(call("POST", `/threads/${id}/takeover`));
    clock.advance(6 * 3_600_000 + 1);
    // Read in core: the cashier's session has expired by then.
    expect(await Inbox.summary(id!)).toMatchObject({ bot_paused_until: null, takeover_by: null });
  });

  it("shows the conversation oldest first, with who spoke and the photo as a signed link", async () => {
    const phone = randomPhone();
    const key = `whatsapp/inbound/2026-03-10/${createId()}`;
    await aws.blob.put(key, new Uint8Array([0xff, 0xd8, 0xff]), { contentType: "image/jpeg" });
    const id = await received(phone, "the crack", 0, key);
    await json(call("POST", `/threads/${id}/reply`, { text: "Thanks, noted" }));
    const { messages } = await json<{ messages: Shown[] }>(call("GET", `/threads/${id}`));
    expect(messages.map((m) => [m.author, m.text])).toEqual([
      ["customer", "the crack"],
      ["staff", "Thanks, noted"],
    ]);
    expect(messages[0]!.media_url).toContain(key);
    expect(messages[1]!.media_url).toBeNull();
  });

  it("sends a photo staff uploaded for the chat, and refuses one that is not this chat's or not an image", async () => {
    const phone = randomPhone();
    const id = await received(phone, "what does the new screen look like?");
    const other = await received(randomPhone(), "hello");
    const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const upload = async (thread: string, bytes: Uint8Array, contentType = "image/png") => {
      const slot = await json<{ key: string; upload_url: string }>(
        call("POST", `/threads/${thread}/photos`, { content_type: contentType, size: bytes.byteLength }),
      );
      const put = await fetch(slot.upload_url, {
        method: "PUT",
        body: bytes,
        headers: { "content-type": contentType },
      });
      expect(put.status).toBe(200);
      return slot.key;
    };
    const code = async (response: Response) => ((await response.json()) as { code: string }).code;

    // Another chat's photo, a "photo" that is a web page, and nothing at all are refused.
    const elsewhere = await call("POST", `/threads/${id}/reply`, { photo: await upload(other!, PNG) });
    expect([elsewhere.status, await code(elsewhere)]).toEqual([400, "upload.invalid_key"]);
    const page = new TextEncoder().encode("<html><script>alert(1)</script>");
    const fake = await call("POST", `/threads/${id}/reply`, { photo: await upload(id!, page) });
    expect([fake.status, await code(fake)]).toEqual([400, "upload.wrong_type"]);
    expect((await call("POST", `/threads/${id}/reply`, { text: "  " })).status).toBe(400);
    const out = () =>
      useDb().then((db) =>
        db
          .select()
          .from(waMessageTable)
          .where(and(eq(waMessageTable.phone, phone), eq(waMessageTable.direction, "out"))),
      );
    expect(await out()).toHaveLength(0);

    const key = await upload(id!, PNG);
    const response = await call("POST", `/threads/${id}/reply`, { photo: key, text: "Like this one" });
    expect(response.status).toBe(201);
    const { message } = (await response.json()) as { message: Shown };
    expect(message).toMatchObject({ author: "staff", text: "Like this one" });
    expect(message.media_url).toContain(key);
    const [sent] = await out();
    expect(sent).toMatchObject({ kind: "image", media_key: key, body: "Like this one", purpose: "staff" });
    // A photo alone needs no caption.
    expect((await call("POST", `/threads/${id}/reply`, { photo: await upload(id!, PNG) })).status).toBe(201);
  });

  it("answers 404 thread.not_found for a chat that does not exist", async () => {
    const response = await call("GET", `/threads/${createId()}`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe("thread.not_found");
  });

  it("shows the customer's repairs and invoices, and links only their own repair", async () => {
    const phone = randomPhone();
    const owner = await customer(phone);
    const db = await useDb();
    const device = createId();
    await db
      .insert(deviceTable)
      .values({ id: device, customer_id: owner.id, category: "phone", brand: "Oppo", model: "A78" });
    const [ticket] = await db
      .insert(workTicketTable)
      .values({ customer_id: owner.id, device_id: device, problem: "Cracked screen" })
      .returning();
    await db.insert(invoiceTable).values({
      number: `INV-T-${createId().slice(-6)}`,
      status: "partially_paid",
      customer_id: owner.id,
      ticket_id: ticket!.id,
      total: "180.00",
      amount_paid: "50.00",
      issued_at: clock.now(),
    });
    const other = await customer(randomPhone());
    const [stranger] = await db
      .insert(workTicketTable)
      .values({ customer_id: other.id, device_id: device, problem: "Battery" })
      .returning();
    const id = await received(phone, "how much do I owe?");

    const side = await json<{
      customer: { name: string } | null;
      tickets: { id: string; number: string; status: string }[];
      invoices: { total: string; amount_due: string; ticket_id: string | null }[];
    }>(call("GET", `/threads/${id}/customer`));
    expect(side.customer?.name).toBe("Aminah binti Yusof");
    expect(side.tickets).toEqual([
      expect.objectContaining({ id: ticket!.id, number: `T-${ticket!.number}`, status: "NEW" }),
    ]);
    expect(side.invoices).toEqual([
      { ...side.invoices[0], total: "180.00", amount_due: "130.00", ticket_id: ticket!.id },
    ]);

    const status = await json<{ url: string }>(
      call("POST", `/threads/${id}/links`, { ticket_id: ticket!.id }),
    );
    expect(status.url).toMatch(/^https:\/\/shop\.example\/s\/[\w-]{22}$/);
    const invoice = await json<{ url: string }>(
      call("POST", `/threads/${id}/links`, { ticket_id: ticket!.id, kind: "invoice" }),
    );
    expect(invoice.url).toBe(`${status.url}#invoice`);
    const refused = await call("POST", `/threads/${id}/links`, { ticket_id: stranger!.id });
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { code: string }).code).toBe("ticket.not_found");
  });

  it("shows an unknown number's chat with no customer beside it", async () => {
    const id = await received(randomPhone(), "hi");
    expect(await json(call("GET", `/threads/${id}/customer`))).toEqual({
      customer: null,
      tickets: [],
      invoices: [],
    });
  });
});
