import { withActor } from "../actor";
import { Appointment, type Slot } from "../appointment/index";
import { VisibleError } from "../error";
import { type Language, longDateTime, longDay, time } from "../template/format";
import { useClock } from "../util/clock";
import { addDays, dayIn, zonedInstant } from "../util/zone";
import type { Classified } from "./intent";

/**
 * Appointments on WhatsApp, without a model. The rule (docs/architecture.md, "Appointments"):
 * only slots computed from the opening hours in settings and the bookings in the database are
 * ever named. A day and time that is a free slot is booked for the sender (identity: their
 * phone as WhatsApp reported it); otherwise up to three free slots of that day (nearest the
 * time asked, or the first ones), or of the next day with any, are offered and remembered,
 * and a reply naming one of them books it. A sender with a booking already is told it and
 * handed to staff, who move or cancel bookings. Nothing free in the days customers may book
 * ahead: the fallback, for staff.
 */

/** Slots offered at once: enough to choose from, few enough to read on a phone. */
const OFFERED = 3;

export type BookingAnswer = {
  answer: string;
  sources: string[];
  /** True when staff should take it from here (the chat is flagged, as a fallback is). */
  to_staff?: boolean;
};

export type BookingContext = {
  phone: string;
  read: Classified;
  timeZone: string;
  /** Set when the answer is sent: then the slot is booked and the offer remembered. Absent, the answer is only said (the staff's try). */
  act?: { wa_message_id: string };
};

/** Whether the message picks one of the slots last offered to the sender: its start, or undefined. */
export async function pickedSlot(ctx: BookingContext): Promise<Date | undefined> {
  const when = ctx.read.when;
  if (ctx.read.intent !== "appointment" || !when?.time) return undefined;
  const offered = await Appointment.offeredTo(ctx.phone);
  return offered.find(
    (at) => timeOf(at, ctx.timeZone) === when.time && (!when.date || dayIn(at, ctx.timeZone) === when.date),
  );
}

/** "2026-03-11 15:00": a slot as the answer's sources name it, in the shop's zone. */
const local = (at: Date, timeZone: string) => `${dayIn(at, timeZone)} ${timeOf(at, timeZone)}`;

const timeOf = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    at,
  );

/** The answer to an appointment request (or a pick from an offer); undefined means the fallback. */
export async function answerBooking(ctx: BookingContext): Promise<BookingAnswer | undefined> {
  const say = PHRASES[ctx.read.language];
  const fmt = { language: ctx.read.language, timeZone: ctx.timeZone };
  const upcoming = await Appointment.upcomingFor(ctx.phone);
  if (upcoming)
    return {
      answer: say.alreadyBooked(longDateTime(upcoming.starts_at, fmt.language, fmt.timeZone)),
      sources: [`appointment:${local(upcoming.starts_at, ctx.timeZone)}`],
      to_staff: true,
    };

  const now = useClock().now();
  const today = dayIn(now, ctx.timeZone);
  const picked = await pickedSlot(ctx);
  const when = ctx.read.when;
  const day = picked ? dayIn(picked, ctx.timeZone) : (when?.date ?? (when?.time ? today : undefined));
  if (day && !(await Appointment.bookable(day))) return undefined;

  const wanted = picked ?? (day && when?.time ? zonedInstant(day, when.time, ctx.timeZone) : undefined);
  const free = day ? await Appointment.freeOn(day) : [];
  const slot = wanted && free.find((s) => s.starts_at.getTime() === wanted.getTime());
  if (slot) {
    const booked = await book(ctx, slot);
    if (booked) {
      const remind = slot.starts_at.getTime() - now.getTime() > 86_400_000;
      return {
        answer: say.booked(longDateTime(slot.starts_at, fmt.language, fmt.timeZone), remind),
        sources: [`slot:${local(slot.starts_at, ctx.timeZone)}`],
      };
    }
  }

  // Not free (or taken a moment ago), or no time named: offer that day's nearest, else the next day with any.
  const left = slot ? free.filter((s) => s !== slot) : free;
  const sameDay = left.length ? { day: day!, slots: left } : undefined;
  const offer = sameDay ?? (await Appointment.firstFreeDay(day ? addDays(day, 1) : today));
  if (!offer) return undefined;
  const chosen = nearest(offer.slots, wanted).slice(0, OFFERED);
  if (ctx.act) await Appointment.rememberOffer(ctx.phone, chosen);
  const times = chosen.map((s) => time(s.starts_at, fmt.language, fmt.timeZone));
  const dayName = longDay(chosen[0]!.starts_at, fmt.language, fmt.timeZone);
  return {
    answer: say.offer(dayName, times, Boolean(wanted), Boolean(sameDay)),
    sources: chosen.map((s) => `slot:${local(s.starts_at, ctx.timeZone)}`),
  };
}

/** The slots nearest `wanted` first (then in time order), or simply in time order. */
function nearest(slots: Slot[], wanted: Date | undefined): Slot[] {
  if (!wanted) return slots;
  const distance = (s: Slot) => Math.abs(s.starts_at.getTime() - wanted.getTime());
  return [...slots]
    .sort((a, b) => distance(a) - distance(b))
    .slice(0, OFFERED)
    .sort(byStart);
}
const byStart = (a: Slot, b: Slot) => a.starts_at.getTime() - b.starts_at.getTime();

/** Books the slot for the sender when acting; false when someone else took it first (or it just passed). */
async function book(ctx: BookingContext, slot: Slot): Promise<boolean> {
  if (!ctx.act) return true;
  try {
    // The customer books for themselves: the audit row names their phone.
    await withActor({ type: "customer", properties: { phone: ctx.phone } }, () =>
      Appointment.bookForSender({
        slot,
        phone: ctx.phone,
        language: ctx.read.language,
        wa_message_id: ctx.act!.wa_message_id,
      }),
    );
    await Appointment.forgetOffer(ctx.phone);
    return true;
  } catch (error) {
    if (error instanceof VisibleError && error.code.startsWith("appointment.")) return false;
    throw error;
  }
}

type Phrases = {
  booked: (when: string, remind: boolean) => string;
  offer: (day: string, times: string[], askedForATime: boolean, sameDay: boolean) => string;
  alreadyBooked: (when: string) => string;
};

/** Fixed wording: what the shop's settings and bookings fill in is the day and the times. */
const PHRASES: Record<Language, Phrases> = {
  en: {
    booked: (when, remind) =>
      `Booked: your appointment is on ${when}.${remind ? " We'll send you a reminder the day before." : ""} To change it, reply here and our staff will help.`,
    offer: (day, times, asked, sameDay) =>
      `${asked ? "That time is not available. " : ""}${sameDay ? "Free times" : "The next free times"} on ${day}: ${times.join(", ")}. Reply with the time you want (for example ${times[0]}) and we'll book it.`,
    alreadyBooked: (when) =>
      `You already have an appointment on ${when}. Our staff will reply shortly to help you change it.`,
  },
  ms: {
    booked: (when, remind) =>
      `Ditempah: temujanji anda pada ${when}.${remind ? " Kami akan menghantar peringatan sehari sebelumnya." : ""} Untuk menukarnya, balas di sini dan kakitangan kami akan membantu.`,
    offer: (day, times, asked, sameDay) =>
      `${asked ? "Masa itu tidak tersedia. " : ""}${sameDay ? "Masa yang kosong" : "Masa kosong yang berikutnya"} pada ${day}: ${times.join(", ")}. Balas dengan masa yang anda mahu (contohnya ${times[0]}) dan kami akan menempahnya.`,
    alreadyBooked: (when) =>
      `Anda sudah mempunyai temujanji pada ${when}. Kakitangan kami akan membalas sebentar lagi untuk membantu anda menukarnya.`,
  },
};
