import * as z from "zod";
import { VisibleError } from "../error";
import { Money } from "../money/index";
import { PaymentQr } from "../payment-qr/index";
import { Phone } from "../util/phone";

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "A time like 21:00");
const TimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "Not a time zone (for example Asia/Kuala_Lumpur)");

/**
 * The placeholders each WhatsApp template may use. A template naming any other is refused,
 * so a typo like {ticket_no} is caught when it is saved rather than sent to a customer.
 * {shop_name} and {shop_phone} come from the shop profile (the phone as Malaysia prints it).
 */
export const TEMPLATE_PLACEHOLDERS = {
  ack: ["customer_name", "ticket_number", "status_link", "shop_name", "shop_phone", "device"],
  estimate: [
    "customer_name",
    "ticket_number",
    "price",
    "eta",
    "approve_link",
    "shop_name",
    "shop_phone",
    "device",
  ],
  ready: ["customer_name", "ticket_number", "invoice_link", "shop_name", "shop_phone", "device", "balance"],
  receipt: ["customer_name", "invoice_number", "total", "receipt_link", "shop_name", "shop_phone"],
  follow_up_1: ["customer_name", "ticket_number", "shop_name", "shop_phone", "device"],
  follow_up_20: ["customer_name", "ticket_number", "shop_name", "shop_phone", "device"],
  follow_up_30: ["customer_name", "ticket_number", "shop_name", "shop_phone", "device"],
  opt_out_footer: ["shop_name", "shop_phone"],
  quote: ["customer_name", "quote_number", "total", "valid_until", "quote_link", "shop_name", "shop_phone"],
  appointment_reminder: ["customer_name", "date", "time", "shop_name", "shop_phone"],
} as const;
export type TemplateName = keyof typeof TEMPLATE_PLACEHOLDERS;

export const placeholdersIn = (text: string) => [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);

function template(name: TemplateName) {
  const allowed: readonly string[] = TEMPLATE_PLACEHOLDERS[name];
  const text = z
    .string()
    .min(1)
    .max(1024)
    .superRefine((value, ctx) => {
      for (const placeholder of placeholdersIn(value)) {
        if (!allowed.includes(placeholder))
          ctx.addIssue({
            code: "custom",
            message: `Unknown placeholder {${placeholder}}; use ${allowed.map((p) => `{${p}}`).join(", ")}`,
          });
      }
    });
  return z.object({ en: text, ms: text });
}

/** A pasted DuitNow QR that a banking app would refuse (a bad CRC, a cut-off copy) is refused on save. */
function checkPaymentQr(payload: string, ctx: z.RefinementCtx) {
  if (!payload) return;
  try {
    PaymentQr.parse(payload);
  } catch (error) {
    if (!(error instanceof VisibleError)) throw error;
    ctx.addIssue({ code: "custom", message: `Not a valid DuitNow QR: ${error.message}` });
  }
}

/** How long a transactional WhatsApp message may take to be delivered (minutes). */
export const DELIVERY_DEADLINE_MINUTES = { default: 30, min: 5, max: 1440 } as const;

/** Public-triggered WhatsApp messages to one recipient per shop day. */
export const PUBLIC_MESSAGES_PER_DAY = { default: 3, min: 1, max: 20 } as const;

/** Where an uploaded shop logo lives in the blob store (see SettingsLogo.logoUpload). */
export const LOGO_KEY = /^settings\/logo\/[0-9a-f-]{36}\.(png|jpg|webp)$/;
export const LOGO_TYPES = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" } as const;
/** A logo prints on receipts and invoices; 512 KB is plenty and keeps PDFs small. */
export const LOGO_MAX_BYTES = 512 * 1024;

/** The days of the week as the appointments section names them, Sunday first as Date#getUTCDay counts. */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One weekday's opening hours: closed, or open from `from` to `to` (the last slot ends by `to`). */
const OpeningDay = z
  .object({ open: z.boolean(), from: Clock, to: Clock })
  .refine((day) => !day.open || day.from < day.to, { message: "Closes before it opens", path: ["to"] });
const openDay = (from: string, to: string) => ({ open: true, from, to });

/** Appointment slot lengths (minutes) and how far ahead one may be booked (days). */
export const SLOT_MINUTES = { default: 30, min: 10, max: 240 } as const;
export const BOOK_DAYS_AHEAD = { default: 14, min: 1, max: 90 } as const;

/** A secret as written: a new value, null to clear it, or left out to keep it. */
export const SecretInput = z.string().min(1).max(16384).nullable().optional();
/** A secret as read back: never the value, only whether it is set and its last four characters. */
export const SecretView = z.object({ set: z.boolean(), last4: z.string().nullable() });
export type SecretView = z.infer<typeof SecretView>;

/**
 * Every settings section: its schema with secrets as inputs (`write`), the names of its
 * secret fields, and its defaults. A section is read and written whole.
 */
export const SECTIONS = {
  shop: {
    secrets: [],
    write: z.object({
      name: z.string().min(1).max(120),
      // One address for customers' pages and for LHDN (MyInvois reads it from here): street
      // lines, then postcode, city and the state's code (01–16). Defaulted so a profile saved
      // before these fields existed still reads.
      address: z.string().max(500),
      postcode: z.string().max(50).default(""),
      city: z.string().max(50).default(""),
      state_code: z
        .string()
        .regex(/^(\d{2})?$/, "Two digits, e.g. 10 for Selangor")
        .default(""),
      phone: Phone.or(z.literal("")),
      email: z.email().or(z.literal("")),
      /** The uploaded logo's blob key, or "" for none. */
      logo_key: z.string().regex(LOGO_KEY, "Upload the logo first").or(z.literal("")),
      time_zone: TimeZone,
      currency: z.literal("MYR"),
    }),
    defaults: {
      name: "My Repair Shop",
      address: "",
      postcode: "",
      city: "",
      state_code: "",
      phone: "",
      email: "",
      logo_key: "",
      time_zone: "Asia/Kuala_Lumpur",
      currency: "MYR",
    },
  },
  tax: {
    secrets: [],
    // Malaysian SST: sales tax on goods (5% or 10%) and service tax on repairs (8% since 2024).
    write: z.object({
      sales_tax_rate: Money.Rate,
      service_tax_rate: Money.Rate,
      prices_include_tax: z.boolean(),
    }),
    defaults: { sales_tax_rate: "10.00", service_tax_rate: "8.00", prices_include_tax: true },
  },
  invoice_numbering: {
    secrets: [],
    write: z.object({
      prefix: z.string().regex(/^[A-Z0-9-]{1,12}$/, "Capital letters, digits and '-', up to 12"),
      next_number: z.number().int().min(1),
      padding: z.number().int().min(1).max(10),
      yearly_reset: z.boolean(),
    }),
    defaults: { prefix: "INV", next_number: 1, padding: 6, yearly_reset: true },
  },
  whatsapp_templates: {
    secrets: [],
    write: z.object({
      ...(Object.fromEntries(
        Object.keys(TEMPLATE_PLACEHOLDERS).map((name) => [name, template(name as TemplateName)]),
      ) as {
        [K in TemplateName]: ReturnType<typeof template>;
      }),
      // A WhatsApp Web send can "succeed" and never arrive; past this, staff are asked to
      // phone the customer. Defaulted so a client that saved the section before it existed still can.
      delivery_deadline_minutes: z
        .number()
        .int()
        .min(DELIVERY_DEADLINE_MINUTES.min)
        .max(DELIVERY_DEADLINE_MINUTES.max)
        .default(DELIVERY_DEADLINE_MINUTES.default),
      // The owner's own WhatsApp: told when the shop's connection comes back after an alert.
      alert_phone: Phone.or(z.literal("")).default(""),
      // Messages a member of the public can make the shop send to one number in a shop day
      // (the intake's acknowledgement): anyone can type any number into the public form.
      public_messages_per_day: z
        .number()
        .int()
        .min(PUBLIC_MESSAGES_PER_DAY.min)
        .max(PUBLIC_MESSAGES_PER_DAY.max)
        .default(PUBLIC_MESSAGES_PER_DAY.default),
    }),
    defaults: {
      delivery_deadline_minutes: DELIVERY_DEADLINE_MINUTES.default,
      alert_phone: "",
      public_messages_per_day: PUBLIC_MESSAGES_PER_DAY.default,
      ack: {
        en: "Hi {customer_name}, {shop_name} has received your {device}. Your ticket is {ticket_number}. Track it here: {status_link}",
        ms: "Hai {customer_name}, {shop_name} telah menerima {device} anda. Nombor tiket anda {ticket_number}. Semak status di sini: {status_link}",
      },
      estimate: {
        en: "Ticket {ticket_number}: the repair will cost {price} and be ready by {eta}. Reply YES (or 1) to approve or NO (or 2) to decline, or answer here: {approve_link}",
        ms: "Tiket {ticket_number}: kos pembaikan {price} dan siap pada {eta}. Balas YA (atau 1) untuk setuju atau TIDAK (atau 2) untuk tolak, atau jawab di sini: {approve_link}",
      },
      ready: {
        en: "Good news {customer_name}! Your {device} (ticket {ticket_number}) is ready for pickup. Invoice: {invoice_link}",
        ms: "Berita baik {customer_name}! {device} anda (tiket {ticket_number}) sudah siap untuk diambil. Invois: {invoice_link}",
      },
      receipt: {
        en: "Thank you for shopping at {shop_name}! Receipt {invoice_number}, {total}. Your receipt (and your e-invoice, if you need one): {receipt_link}",
        ms: "Terima kasih kerana membeli di {shop_name}! Resit {invoice_number}, {total}. Resit anda (dan e-invois, jika perlu): {receipt_link}",
      },
      follow_up_1: {
        en: "Hi {customer_name}, a reminder that your {device} (ticket {ticket_number}) is repaired and ready to collect at {shop_name}.",
        ms: "Hai {customer_name}, peringatan bahawa {device} anda (tiket {ticket_number}) telah dibaiki dan sedia diambil di {shop_name}.",
      },
      follow_up_20: {
        en: "Hi {customer_name}, your repaired {device} (ticket {ticket_number}) has been waiting 20 days at {shop_name}. Please collect it soon.",
        ms: "Hai {customer_name}, {device} anda (tiket {ticket_number}) telah menunggu 20 hari di {shop_name}. Sila ambil segera.",
      },
      follow_up_30: {
        en: "Hi {customer_name}, your {device} (ticket {ticket_number}) has waited 30 days at {shop_name}. Please collect it or contact us about storage.",
        ms: "Hai {customer_name}, {device} anda (tiket {ticket_number}) telah menunggu 30 hari di {shop_name}. Sila ambil atau hubungi kami tentang penyimpanan.",
      },
      opt_out_footer: {
        en: "Reply STOP to stop messages from {shop_name}.",
        ms: "Balas BERHENTI untuk berhenti menerima mesej daripada {shop_name}.",
      },
      appointment_reminder: {
        en: "Hi {customer_name}, a reminder of your appointment at {shop_name} tomorrow, {date} at {time}. To change it, reply to this message.",
        ms: "Hai {customer_name}, peringatan temujanji anda di {shop_name} esok, {date} pukul {time}. Untuk menukarnya, balas mesej ini.",
      },
      quote: {
        en: "Hi {customer_name}, here is your quote {quote_number} from {shop_name}: {total}, valid until {valid_until}. Reply YES (or 1) to accept or NO (or 2) to decline, or view and answer it here: {quote_link}",
        ms: "Hai {customer_name}, ini sebut harga {quote_number} anda daripada {shop_name}: {total}, sah sehingga {valid_until}. Balas YA (atau 1) untuk terima atau TIDAK (atau 2) untuk tolak, atau lihat dan jawab di sini: {quote_link}",
      },
    },
  },
  pos: {
    secrets: [],
    write: z.object({
      /** The most a cashier may take off a sale, in percent of its price; above it an admin approves. */
      cashier_max_discount_percent: Money.Rate,
      /** Bank Negara's rounding of cash bills to the nearest 5 sen. */
      cash_rounding: z.boolean(),
      receipt_width: z.enum(["80mm", "58mm"]),
      /** Printed under every receipt (returns policy, thanks). */
      receipt_footer: z.string().max(300),
      /** Whether a cashier may refund (admins always may). */
      cashier_may_refund: z.boolean(),
      /** A WhatsApp note to the owner (whatsapp_templates.alert_phone) when an item falls to its reorder level. */
      low_stock_whatsapp: z.boolean(),
      /** The text inside the shop's own DuitNow QR, shown at checkout ("" for none); checked as EMVCo on save. */
      duitnow_qr: z.string().trim().max(512).superRefine(checkPaymentQr),
      /** Days a quote stays open for the customer to accept. */
      quote_valid_days: z.number().int().min(1).max(90),
    }),
    defaults: {
      cashier_max_discount_percent: "10",
      cash_rounding: true,
      receipt_width: "80mm",
      receipt_footer: "Thank you! Goods sold are not returnable except under warranty.",
      cashier_may_refund: false,
      low_stock_whatsapp: false,
      duitnow_qr: "",
      quote_valid_days: 14,
    },
  },
  campaign_throttle: {
    secrets: [],
    write: z.object({
      warmup_per_day: z.array(z.number().int().min(1)).max(30),
      daily_cap: z.number().int().min(1).max(5000),
      min_gap_seconds: z.number().int().min(1).max(3600),
      jitter_seconds: z.number().int().min(0).max(3600),
      quiet_hours: z.object({ start: Clock, end: Clock }),
      per_customer_days: z.number().int().min(1).max(365),
    }),
    // Conservative for a WhatsApp Web session: new numbers that blast get banned (campaign/governor.ts).
    defaults: {
      warmup_per_day: [20, 40, 80, 150],
      daily_cap: 200,
      min_gap_seconds: 30,
      jitter_seconds: 60,
      quiet_hours: { start: "21:00", end: "09:00" },
      per_customer_days: 14,
    },
  },
  backup: {
    secrets: [],
    write: z.object({ enabled: z.boolean(), time: Clock, keep_days: z.number().int().min(1).max(365) }),
    defaults: { enabled: true, time: "03:00", keep_days: 30 },
  },
  openai: {
    secrets: ["api_key"],
    write: z.object({ model: z.string().min(1).max(100), api_key: SecretInput }),
    defaults: { model: "gpt-4.1-mini" },
  },
  assistant: {
    secrets: [],
    write: z.object({
      /** Whether the assistant answers customers' WhatsApp questions; off until the shop has tried it. */
      enabled: z.boolean(),
      /** How long the assistant stays silent in a chat after staff speak in it (or "!takeover"). */
      pause_hours: z.number().int().min(1).max(168),
      /** Sent when the shop's data cannot answer the question; the chat is flagged for staff. */
      fallback: z.object({ en: z.string().trim().min(1).max(500), ms: z.string().trim().min(1).max(500) }),
      /**
       * Answer only while the shop is open (the appointments section's hours); outside them the
       * reply is when the shop opens again and the fallback, and the chat is flagged for staff.
       */
      opening_hours_only: z.boolean(),
      /** What the assistant may answer; a question on a topic switched off gets the fallback. */
      topics: z.object({
        status: z.boolean(),
        price: z.boolean(),
        appointment: z.boolean(),
        invoice: z.boolean(),
      }),
    }),
    defaults: {
      enabled: false,
      pause_hours: 12,
      opening_hours_only: false,
      topics: { status: true, price: true, appointment: true, invoice: true },
      fallback: {
        en: "Please wait, our technician will reply shortly.",
        ms: "Sila tunggu, juruteknik kami akan membalas sebentar lagi.",
      },
    },
  },
  appointments: {
    secrets: [],
    write: z.object({
      /** Every slot is this long; slots start at each day's opening and every slot length after. */
      slot_minutes: z.number().int().min(SLOT_MINUTES.min).max(SLOT_MINUTES.max),
      /** Days from today a customer may book on WhatsApp (staff may book any day). */
      days_ahead: z.number().int().min(BOOK_DAYS_AHEAD.min).max(BOOK_DAYS_AHEAD.max),
      hours: z.object(
        Object.fromEntries(WEEKDAYS.map((day) => [day, OpeningDay])) as Record<Weekday, typeof OpeningDay>,
      ),
    }),
    defaults: {
      slot_minutes: SLOT_MINUTES.default,
      days_ahead: BOOK_DAYS_AHEAD.default,
      hours: {
        sun: { open: false, from: "10:00", to: "18:00" },
        mon: openDay("10:00", "19:00"),
        tue: openDay("10:00", "19:00"),
        wed: openDay("10:00", "19:00"),
        thu: openDay("10:00", "19:00"),
        fri: openDay("10:00", "19:00"),
        sat: openDay("10:00", "17:00"),
      },
    },
  },
  myinvois: {
    secrets: ["client_secret", "certificate", "certificate_password"],
    write: z.object({
      environment: z.enum(["sandbox", "production"]),
      client_id: z.string().max(200),
      client_secret: SecretInput,
      /** PEM, or base64 of a PKCS#12 file. */
      certificate: SecretInput,
      certificate_password: SecretInput,
      // The supplier as LHDN knows it (e-invoice Specific Guideline: TIN, registration number,
      // SST, MSIC code and activity; the address is the shop profile's). Checked in full before submitting.
      tin: z
        .string()
        .max(14)
        .regex(/^[A-Z0-9]*$/, "Capital letters and digits only"),
      brn: z.string().max(20),
      sst_number: z.string().max(35),
      tourism_tax_number: z.string().max(17),
      msic_code: z.string().regex(/^(\d{5})?$/, "Five digits"),
      business_activity: z.string().max(300),
      /** Sales whose buyer asked for no e-invoice go into the monthly consolidated e-invoice. */
      consolidate_monthly: z.boolean(),
    }),
    defaults: {
      environment: "sandbox",
      client_id: "",
      tin: "",
      brn: "",
      sst_number: "NA",
      tourism_tax_number: "NA",
      msic_code: "95122",
      business_activity: "Repair and maintenance of cellular phones",
      consolidate_monthly: true,
    },
  },
} as const;

export type SectionName = keyof typeof SECTIONS;
export const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[];

/** PUT /api/settings: any subset of sections, each whole. */
export const Update = z
  .object(
    Object.fromEntries(SECTION_NAMES.map((name) => [name, SECTIONS[name].write.optional()])) as {
      [K in SectionName]: z.ZodOptional<(typeof SECTIONS)[K]["write"]>;
    },
  )
  .strict()
  .refine((update) => Object.keys(update).length > 0, "Send at least one section");
export type Update = z.infer<typeof Update>;
