import { systemActor, withActor } from "@wapos/core/actor";
import { appointmentTable } from "@wapos/core/appointment/appointment.sql";
import { Appointment } from "@wapos/core/appointment/index";
import { remind, reminderName } from "@wapos/core/appointment/reminder";
import { auditLogTable } from "@wapos/core/audit/audit.sql";
import { customerTable } from "@wapos/core/customer/customer.sql";
import { useDb } from "@wapos/core/db/index";
import { newWaMessageId } from "@wapos/core/message/index";
import { waMessageTable } from "@wapos/core/message/message.sql";
import { Queue } from "@wapos/core/queue/index";
import { Scheduler } from "@wapos/core/scheduler/index";
import { createLocalScheduler } from "@wapos/core/scheduler/local";
import { scheduleTable } from "@wapos/core/scheduler/scheduler.sql";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInStaff } from "../../core/test/accounts";
import { useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { type LocalAws, randomPhone, startLocalAws } from "./harness";

// The shop's slots are shop-wide: this file books them, so it has a database of its own.
useIsolatedDatabase();
// Tuesday 10 March 2026, 10:00 in Kuala Lumpur; the default hours open 10:00–19:00 on weekdays.
const clock = useFixedClock();
const api = createApi();
let aws: LocalAws;
let token: string;

beforeAll(async () => {
  aws = await startLocalAws({ names: ["wa-outbound-tx", "jobs"] });
  Queue.setPort(aws.queue);
  Scheduler.setPort(createLocalScheduler());
  token = (await signedInStaff("cashier", "Counter Aini")).token;
});
afterAll(async () => {
  Queue.setPort(undefined);
  Scheduler.setPort(undefined);
  await aws.stop();
});

const call = (method: string, path: string, body?: unknown) =>
  api.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
const bookAt = (starts_at: string, phone = randomPhone()) =>
  call("POST", "/api/appointments", { starts_at, phone });
const codeOf = async (response: Response) => ((await response.json()) as { code: string }).code;
const freeOn = async (day: string) =>
  (
    (await (await call("GET", `/api/appointments/slots?day=${day}`)).json()) as {
      slots: { starts_at: string }[];
    }
  ).slots.map((s) => s.starts_at);
const scheduleOf = async (id: string) =>
  (
    await (
      await useDb()
    )
      .select()
      .from(scheduleTable)
      .where(eq(scheduleTable.name, reminderName(id)))
  )[0];

const auditedActions = async (id: string) =>
  (
    await (
      await useDb()
    )
      .select({ action: auditLogTable.action })
      .from(auditLogTable)
      .where(eq(auditLogTable.entity_id, id))
  )
    .map((a) => a.action)
    .sort();

describe("free slots", () => {
  it("are the day's opening hours cut into slots, none already started", async () => {
    const today = await freeOn("2026-03-10");
    // 10:00 has started; 10:30 to 18:30 are left.
    expect(today).toHaveLength(17);
    expect(today[0]).toBe("2026-03-10T02:30:00.000Z");
    expect(today.at(-1)).toBe("2026-03-10T10:30:00.000Z");
    expect(await freeOn("2026-03-15")).toEqual([]); // Sunday: closed
  });
});

describe("booking", () => {
  it("gives two customers taking one slot at the same moment one booking and one 409", async () => {
    const slot = "2026-03-11T06:00:00.000Z";
    const answers = await Promise.all([bookAt(slot), bookAt(slot), bookAt(slot)]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    for (const answer of answers.filter((r) => r.status === 409))
      expect(await codeOf(answer)).toBe("appointment.slot_taken");
    const rows = await (await useDb())
      .select()
      .from(appointmentTable)
      .where(eq(appointmentTable.starts_at, new Date(slot)));
    expect(rows).toHaveLength(1);
    expect(await freeOn("2026-03-11")).not.toContain(slot);
  });

  it.each([
    ["off the slot grid", "2026-03-11T06:10:00.000Z"],
    ["before opening", "2026-03-11T01:00:00.000Z"],
    ["on a closed day", "2026-03-15T03:00:00.000Z"],
    ["already past", "2026-03-10T01:30:00.000Z"],
  ])("refuses a time %s", async (_, at) => {
    const response = await bookAt(at);
    expect(response.status).toBe(400);
    expect(await codeOf(response)).toBe("appointment.not_a_slot");
  });

  it("schedules the reminder a day ahead, moves it with the booking and refuses a taken slot", async () => {
    const booked = (await (await bookAt("2026-03-12T03:00:00.000Z")).json()) as {
      id: string;
      source: string;
    };
    expect(booked.source).toBe("staff");
    expect((await scheduleOf(booked.id))?.fire_at).toEqual(new Date("2026-03-11T03:00:00.000Z"));

    const moved = await call("POST", `/api/appointments/${booked.id}/move`, {
      starts_at: "2026-03-12T06:30:00.000Z",
    });
    expect(moved.status).toBe(200);
    expect(await scheduleOf(booked.id)).toMatchObject({
      fire_at: new Date("2026-03-11T06:30:00.000Z"),
      state: "pending",
    });

    await bookAt("2026-03-12T07:00:00.000Z");
    const clash = await call("POST", `/api/appointments/${booked.id}/move`, {
      starts_at: "2026-03-12T07:00:00.000Z",
    });
    expect(clash.status).toBe(409);
    expect(await codeOf(clash)).toBe("appointment.slot_taken");
    expect(await auditedActions(booked.id)).toEqual(["book", "move"]);
  });

  it("frees the slot and drops the reminder when cancelled, once", async () => {
    const slot = "2026-03-13T04:00:00.000Z";
    const booked = (await (await bookAt(slot)).json()) as { id: string };
    expect(await freeOn("2026-03-13")).not.toContain(slot);
    const cancelled = await call("POST", `/api/appointments/${booked.id}/cancel`);
    expect(((await cancelled.json()) as { status: string }).status).toBe("cancelled");
    expect(await freeOn("2026-03-13")).toContain(slot);
    expect((await scheduleOf(booked.id))?.state).toBe("cancelled");
    const again = await call("POST", `/api/appointments/${booked.id}/cancel`);
    expect(again.status).toBe(409);
    expect(await codeOf(again)).toBe("appointment.not_booked");
  });

  it("marks a visit done once, dropping its reminder; a phone the book knows books for that customer", async () => {
    const [known] = await (await useDb())
      .insert(customerTable)
      .values({ name: "Mei Ling", phone: randomPhone(), language: "ms", whatsapp_consent: "opted_in" })
      .returning();
    const booked = (await (await bookAt("2026-03-13T05:00:00.000Z", known!.phone)).json()) as {
      id: string;
      customer_id: string | null;
      customer_name: string | null;
    };
    expect(booked).toMatchObject({ customer_id: known!.id, customer_name: "Mei Ling" });
    expect((await scheduleOf(booked.id))?.state).toBe("pending");
    const finished = await call("POST", `/api/appointments/${booked.id}/done`);
    expect(finished.status).toBe(200);
    expect(((await finished.json()) as { status: string }).status).toBe("done");
    expect((await scheduleOf(booked.id))?.state).toBe("cancelled");
    const again = await call("POST", `/api/appointments/${booked.id}/done`);
    expect(again.status).toBe(409);
    expect(await codeOf(again)).toBe("appointment.not_booked");
    expect(await auditedActions(booked.id)).toEqual(["book", "done"]);
  });

  it("withdraws what the assistant booked or offered from a message whose answer never went out", async () => {
    const phone = randomPhone();
    const asked = newWaMessageId();
    const slot = {
      starts_at: new Date("2026-03-13T06:00:00.000Z"),
      ends_at: new Date("2026-03-13T06:30:00.000Z"),
    };
    const row = await withActor({ type: "customer", properties: { phone } }, () =>
      Appointment.bookForSender({ slot, phone, language: "en", wa_message_id: asked }),
    );
    const other = (await (await bookAt("2026-03-13T07:00:00.000Z", phone)).json()) as { id: string };
    await Appointment.rememberOffer(phone, [
      { starts_at: new Date("2026-03-13T08:00:00.000Z"), ends_at: new Date("2026-03-13T08:30:00.000Z") },
    ]);

    await withActor(systemActor("assistant"), () => Appointment.withdrawUnsent(phone, asked));
    const statusOf = async (id: string) =>
      (await (await useDb()).select().from(appointmentTable).where(eq(appointmentTable.id, id)))[0]!.status;
    expect(await statusOf(row.id)).toBe("cancelled");
    expect((await scheduleOf(row.id))?.state).toBe("cancelled");
    expect(await auditedActions(row.id)).toEqual(["book", "withdrawn"]);
    expect(await Appointment.offeredTo(phone)).toEqual([]);
    // Only what that message made: staff's own booking for the same phone stays.
    expect(await statusOf(other.id)).toBe("booked");
    expect(await freeOn("2026-03-13")).toContain(slot.starts_at.toISOString());
  });

  it("lists a week's bookings in time order, with who booked them", async () => {
    const response = await call("GET", "/api/appointments?from=2026-03-09&to=2026-03-15");
    const { appointments } = (await response.json()) as {
      appointments: { starts_at: string; created_by: { name: string } | null }[];
    };
    expect(appointments.length).toBeGreaterThanOrEqual(4);
    const starts = appointments.map((a) => a.starts_at);
    expect(starts).toEqual([...starts].sort());
    expect(appointments[0]!.created_by?.name).toBe("Counter Aini");
  });
});

describe("the reminder the day before", () => {
  async function customer(consent: "unknown" | "opted_in" | "opted_out") {
    const [row] = await (await useDb())
      .insert(customerTable)
      .values({ name: "Siti", phone: randomPhone(), language: "ms", whatsapp_consent: consent })
      .returning();
    return row!;
  }
  const remindersTo = async (phone: string) =>
    (await useDb())
      .select()
      .from(waMessageTable)
      .where(and(eq(waMessageTable.phone, phone), eq(waMessageTable.purpose, "appointment_reminder")));

  it("goes once, in the customer's language, at the time its schedule fires", async () => {
    const siti = await customer("unknown");
    const booked = (await (
      await call("POST", "/api/appointments", { starts_at: "2026-03-16T07:00:00.000Z", customer_id: siti.id })
    ).json()) as { id: string };
    clock.set((await scheduleOf(booked.id))!.fire_at);
    await remind.run({ appointment_id: booked.id });
    await remind.run({ appointment_id: booked.id });
    const sent = await remindersTo(siti.phone);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toContain("esok, 16 Mac 2026");
    expect(sent[0]!.body).toContain("3:00 PTG");
    expect(sent[0]!.body).toContain("BERHENTI");
  });

  it("sends nothing to a customer who opted out, nor for a booking moved since", async () => {
    const out = await customer("opted_out");
    const first = (await (
      await call("POST", "/api/appointments", { starts_at: "2026-03-17T07:00:00.000Z", customer_id: out.id })
    ).json()) as { id: string };
    clock.set("2026-03-16T07:00:00.000Z");
    await remind.run({ appointment_id: first.id });
    expect(await remindersTo(out.phone)).toHaveLength(0);

    clock.set("2026-03-10T02:00:00.000Z");
    const other = await customer("opted_in");
    const moved = (await (
      await call("POST", "/api/appointments", {
        starts_at: "2026-03-17T08:00:00.000Z",
        customer_id: other.id,
      })
    ).json()) as { id: string };
    await call("POST", `/api/appointments/${moved.id}/move`, { starts_at: "2026-03-19T08:00:00.000Z" });
    // The old schedule's time: the booking is now three days away.
    clock.set("2026-03-16T08:00:00.000Z");
    await remind.run({ appointment_id: moved.id });
    expect(await remindersTo(other.phone)).toHaveLength(0);
  });
});
