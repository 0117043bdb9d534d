import { Money } from "../money/index";
import { Settings } from "../settings/index";
import { type Language, longDate, longDateTime } from "../template/format";
import { useClock } from "../util/clock";
import { answerBooking } from "./booking";
import { classify, type Intent } from "./intent";
import {
  type InvoiceFact,
  type PriceFact,
  pricesFor,
  type SaleFact,
  salesOf,
  senderOf,
  type TicketFact,
  ticketsOf,
} from "./tools";

/**
 * What the assistant would say to a customer's message, and why: `grounded` when every fact in
 * `answer` came from the shop's records (`sources`: the ticket and invoice numbers and catalogue
 * items it read), `fallback` when the records cannot answer and the question goes to staff.
 */
export type Reply = {
  answer: string;
  grounded: boolean;
  fallback: boolean;
  intent: Intent;
  sources: string[];
  language: Language;
  /** Why a model's answer was replaced by the fallback (`timeout`, `unknown_source`, …), for the audit. */
  reason?: string;
};

/** Open repairs the status answer lists before pointing at the dashboard of the shop. */
const MAX_LISTED = 3;

/**
 * The answer without a model: fixed sentences filled from the tools (tools.ts) for the sender
 * only. Anything they cannot answer (a price the catalogue does not have, an appointment with
 * no free slot, a question of another kind) gets the shop's fallback text, never a guess.
 * `act` is given when the answer is sent: only then is an appointment booked or an offer of
 * slots remembered (booking.ts); the staff's try says the same and changes nothing.
 */
export async function answerFromRecords(input: {
  phone: string;
  text: string;
  act?: { wa_message_id: string };
}): Promise<Reply> {
  const now = useClock().now();
  const [{ time_zone }, assistant] = await Promise.all([
    Settings.section("shop"),
    Settings.section("assistant"),
  ]);
  const read = classify(input.text, { now, timeZone: time_zone });
  const language = read.language;
  const say = PHRASES[language];
  const fallback = (): Reply => ({
    answer: assistant.fallback[language],
    grounded: false,
    fallback: true,
    intent: read.intent,
    sources: [],
    language,
  });
  const grounded = (answer: string, sources: string[]): Reply => ({
    answer,
    grounded: true,
    fallback: false,
    intent: read.intent,
    sources,
    language,
  });

  if (read.intent === "appointment") {
    const booking = await answerBooking({ phone: input.phone, read, timeZone: time_zone, act: input.act });
    if (!booking) return fallback();
    return { ...grounded(booking.answer, booking.sources), fallback: Boolean(booking.to_staff) };
  }
  if (read.intent === "price") {
    const prices = await pricesFor(read.product_words ?? []);
    if (!prices.length) return fallback();
    return grounded(
      say.prices(prices),
      prices.map((p) => `product:${p.name}`),
    );
  }
  if (read.intent !== "status" && read.intent !== "invoice") return fallback();

  const sender = await senderOf(input.phone);
  if (!sender) return grounded(say.noRepairs, []);
  const tickets = await ticketsOf(sender.customer_id, now);
  const fmt = { language, timeZone: time_zone };
  if (read.ticket_number) {
    const ticket = tickets.find((t) => t.number === read.ticket_number);
    // Someone else's ticket (or one that does not exist) reads the same: nothing about it.
    if (!ticket) return grounded(say.notYours(read.ticket_number), []);
    return read.intent === "invoice"
      ? invoiceAnswer([ticket], [], say, fmt, grounded)
      : grounded(`${say.status(ticket, fmt)}\n${say.details(ticket.link)}`, [ticket.number]);
  }
  if (read.intent === "invoice")
    return invoiceAnswer(tickets, await salesOf(sender.customer_id, now), say, fmt, grounded);
  if (!tickets.length) return grounded(say.noRepairs, []);
  const open = tickets.filter((t) => t.status !== "CLOSED");
  const listed = (open.length ? open : tickets).slice(0, MAX_LISTED);
  const lines = listed.map((t) => say.status(t, fmt));
  if (listed.length === 1) lines.push(say.details(listed[0]!.link));
  return grounded(
    lines.join("\n"),
    listed.map((t) => t.number),
  );
}

/** The invoices of the repairs and counter sales named, newest first; or why there is none yet. */
function invoiceAnswer(
  tickets: TicketFact[],
  sales: SaleFact[],
  say: Phrases,
  fmt: Format,
  grounded: (answer: string, sources: string[]) => Reply,
): Reply {
  const billed = tickets.filter((t) => t.invoice);
  if (!billed.length && !sales.length)
    return tickets.length
      ? grounded(
          say.noInvoice,
          tickets.map((t) => t.number),
        )
      : grounded(say.noRepairs, []);
  const repairs = billed.slice(0, MAX_LISTED);
  const bought = sales.slice(0, MAX_LISTED - repairs.length);
  return grounded(
    [...repairs.map((t) => say.invoice(t)), ...bought.map((sale) => say.sale(sale, fmt))].join("\n"),
    [...repairs.flatMap((t) => [t.number, t.invoice!.number]), ...bought.map((sale) => sale.number)],
  );
}

type Format = { language: Language; timeZone: string };
type Phrases = {
  status: (ticket: TicketFact, fmt: Format) => string;
  details: (link: string) => string;
  notYours: (number: string) => string;
  noRepairs: string;
  noInvoice: string;
  invoice: (ticket: TicketFact) => string;
  sale: (sale: SaleFact, fmt: Format) => string;
  prices: (prices: PriceFact[]) => string;
};

const balanceOf = (invoice: InvoiceFact) => Money.parse(invoice.due);

/** Fixed wording, like the consent confirmation: a reply the shop's settings cannot turn into anything else. */
const PHRASES: Record<Language, Phrases> = {
  en: {
    status: (t, fmt) => {
      const head = `${t.number} (${t.device}): `;
      switch (t.status) {
        case "NEW":
          return `${head}received, waiting for our technician to check it.`;
        case "IN_PROGRESS":
          if (t.approval === "pending" && t.price_estimate)
            return `${head}our estimate is ${Money.format(t.price_estimate)}. Reply YES to approve or NO to decline.`;
          if (t.approval === "declined")
            return `${head}you declined the estimate; the device is ready to collect.`;
          return `${head}being repaired${t.eta_ready_at ? `, expected ready ${longDateTime(t.eta_ready_at, "en", fmt.timeZone)}` : ""}.`;
        case "READY":
          return `${head}ready for pickup${t.invoice && balanceOf(t.invoice).gt(Money.ZERO) ? `; to pay: ${Money.format(balanceOf(t.invoice))}` : ""}.`;
        case "CLOSED":
          return `${head}collected${t.closed_at ? ` on ${longDate(t.closed_at, "en", fmt.timeZone)}` : ""}.`;
      }
    },
    details: (link) => `Details: ${link}`,
    notYours: (number) =>
      `I can't find ${number} among the repairs registered to this WhatsApp number. If you used another number, our staff will help.`,
    noRepairs:
      "I can't find a repair registered to this WhatsApp number. If you used another number, our staff will help.",
    noInvoice: "There is no invoice for your repair yet; you will get it when the repair is done.",
    invoice: (t) =>
      `${t.invoice!.number} for ${t.number}: ${Money.format(t.invoice!.total)}, ${
        balanceOf(t.invoice!).gt(Money.ZERO) ? `${Money.format(balanceOf(t.invoice!))} to pay` : "paid"
      }. ${t.link}`,
    sale: (sale, fmt) =>
      `${sale.number} (bought ${longDate(sale.issued_at, "en", fmt.timeZone)}): ${Money.format(sale.total)}, ${
        balanceOf(sale).gt(Money.ZERO) ? `${Money.format(balanceOf(sale))} to pay` : "paid"
      }. ${sale.link}`,
    prices: (prices) =>
      `Our prices: ${prices.map((p) => `${p.name} ${Money.format(p.price)}`).join("; ")}. The technician confirms the final price after checking the device.`,
  },
  ms: {
    status: (t, fmt) => {
      const head = `${t.number} (${t.device}): `;
      switch (t.status) {
        case "NEW":
          return `${head}telah diterima, menunggu juruteknik kami memeriksanya.`;
        case "IN_PROGRESS":
          if (t.approval === "pending" && t.price_estimate)
            return `${head}anggaran kami ${Money.format(t.price_estimate)}. Balas YA untuk setuju atau TIDAK untuk menolak.`;
          if (t.approval === "declined") return `${head}anda menolak anggaran; peranti boleh diambil.`;
          return `${head}sedang dibaiki${t.eta_ready_at ? `, dijangka siap ${longDateTime(t.eta_ready_at, "ms", fmt.timeZone)}` : ""}.`;
        case "READY":
          return `${head}siap untuk diambil${t.invoice && balanceOf(t.invoice).gt(Money.ZERO) ? `; perlu dibayar: ${Money.format(balanceOf(t.invoice))}` : ""}.`;
        case "CLOSED":
          return `${head}telah diambil${t.closed_at ? ` pada ${longDate(t.closed_at, "ms", fmt.timeZone)}` : ""}.`;
      }
    },
    details: (link) => `Butiran: ${link}`,
    notYours: (number) =>
      `Saya tidak menjumpai ${number} dalam pembaikan yang didaftarkan dengan nombor WhatsApp ini. Jika anda menggunakan nombor lain, kakitangan kami akan membantu.`,
    noRepairs:
      "Saya tidak menjumpai pembaikan yang didaftarkan dengan nombor WhatsApp ini. Jika anda menggunakan nombor lain, kakitangan kami akan membantu.",
    noInvoice: "Belum ada invois untuk pembaikan anda; anda akan menerimanya apabila pembaikan selesai.",
    invoice: (t) =>
      `${t.invoice!.number} untuk ${t.number}: ${Money.format(t.invoice!.total)}, ${
        balanceOf(t.invoice!).gt(Money.ZERO)
          ? `${Money.format(balanceOf(t.invoice!))} perlu dibayar`
          : "telah dibayar"
      }. ${t.link}`,
    sale: (sale, fmt) =>
      `${sale.number} (dibeli ${longDate(sale.issued_at, "ms", fmt.timeZone)}): ${Money.format(sale.total)}, ${
        balanceOf(sale).gt(Money.ZERO) ? `${Money.format(balanceOf(sale))} perlu dibayar` : "telah dibayar"
      }. ${sale.link}`,
    prices: (prices) =>
      `Harga kami: ${prices.map((p) => `${p.name} ${Money.format(p.price)}`).join("; ")}. Juruteknik akan mengesahkan harga akhir selepas memeriksa peranti.`,
  },
};
