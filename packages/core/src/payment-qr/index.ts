import * as z from "zod";
import { VisibleError } from "../error";
import { Money } from "../money/index";

export * as PaymentQr from "./index";

/**
 * The shop's own DuitNow QR: the text inside an EMVCo Merchant-Presented Mode QR code (EMV
 * QRCPS MPM v1.1). Each data object is a two-digit ID, a two-digit length and the value;
 * lengths count characters (the EMVCo sample's "最佳运输" is 04), the CRC runs over the UTF-8
 * bytes. The shop uploads its static QR once; at the counter `withAmount` makes the dynamic
 * one for a sale, so the customer's banking app fills in the exact amount.
 */

/** One data object; a template (26–51, 62, 64, 80–99) also carries its parsed children. */
export type Field = { id: string; value: string; fields?: Field[] };

export type Description = {
  merchant_name?: string;
  city?: string;
  /** ISO 3166-1 alpha-2, "MY" for DuitNow. */
  country: string;
  /** ISO 4217 numeric, "458" for ringgit. */
  currency: string;
  /** Static QRs leave the amount to the payer; dynamic ones carry it (tag 54). */
  initiation: "static" | "dynamic";
  amount?: string;
};

/** EMVCo caps the whole payload at 512 characters. */
export const MAX_LENGTH = 512;
/** EMVCo caps the transaction amount (tag 54) at 13 characters. */
export const MAX_AMOUNT_LENGTH = 13;
export const MYR = "458";

/** The payload as a route takes it; `parse` does the real checking. */
export const Payload = z.string().min(1).max(MAX_LENGTH);

const ID = {
  FORMAT: "00",
  INITIATION: "01",
  CURRENCY: "53",
  AMOUNT: "54",
  COUNTRY: "58",
  MERCHANT_NAME: "59",
  CITY: "60",
  CRC: "63",
} as const;
const STATIC = "11";
const DYNAMIC = "12";

type Reason = "length" | "malformed" | "crc_mismatch" | "missing_field" | "bad_field" | "duplicate_field";

function invalid(reason: Reason, message: string, field?: string): VisibleError {
  return new VisibleError("payment_qr.invalid", message, field ? { reason, field } : { reason });
}

const isTemplate = (id: string) => (id >= "26" && id <= "51") || id === "62" || id === "64" || id >= "80";
const isAccount = (id: string) => id >= "02" && id <= "51";

/**
 * CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR) over the
 * UTF-8 bytes, as four upper-case hex digits: the checksum EMVCo puts in tag 63.
 */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

/** Splits `chars` (code points) into data objects; `where` names the payload or template in errors. */
function read(chars: string[], where: string): Field[] {
  const fields: Field[] = [];
  let at = 0;
  while (at < chars.length) {
    const head = chars.slice(at, at + 4).join("");
    if (!/^\d{4}$/.test(head)) {
      throw invalid(
        "malformed",
        `${where}: expected a two-digit ID and a two-digit length at character ${at + 1}`,
      );
    }
    const id = head.slice(0, 2);
    const length = Number(head.slice(2));
    const left = chars.length - at - 4;
    if (length > left) {
      throw invalid("length", `${where}: ID ${id} says ${length} characters but only ${left} are left`, id);
    }
    if (fields.some((field) => field.id === id)) {
      throw invalid("duplicate_field", `${where}: ID ${id} appears twice`, id);
    }
    fields.push({ id, value: chars.slice(at + 4, at + 4 + length).join("") });
    at += 4 + length;
  }
  return fields;
}

const find = (fields: Field[], id: string) => fields.find((field) => field.id === id)?.value;

/**
 * The data objects of an EMVCo MPM payload, in payload order, templates parsed one level down.
 * Throws `payment_qr.invalid` (`details.reason`: length, malformed, crc_mismatch, missing_field,
 * bad_field, duplicate_field; `details.field` where one is to blame) for anything else. The
 * payload is taken exactly as decoded from the QR: no trimming, so a stray newline fails.
 */
export function parse(payload: string): Field[] {
  const chars = Array.from(payload);
  if (chars.length > MAX_LENGTH) {
    throw invalid("length", `The payload is ${chars.length} characters; EMVCo allows ${MAX_LENGTH}`);
  }
  const fields = read(chars, "The payload");

  // EMVCo: the payload format indicator comes first, the CRC last, over everything before it.
  if (fields[0]?.id !== ID.FORMAT || fields[0].value !== "01") {
    throw invalid(
      "missing_field",
      'The payload does not start with the payload format indicator "000201"',
      ID.FORMAT,
    );
  }
  const last = fields[fields.length - 1];
  if (last?.id !== ID.CRC)
    throw invalid("missing_field", "The payload does not end with its CRC (ID 63)", ID.CRC);
  if (!/^[0-9A-F]{4}$/.test(last.value)) {
    throw invalid("bad_field", "The CRC (ID 63) is not four upper-case hex digits", ID.CRC);
  }
  const expected = crc16(chars.slice(0, -4).join(""));
  if (last.value !== expected) {
    throw invalid(
      "crc_mismatch",
      `The CRC says ${last.value} but the payload's is ${expected}: it is damaged or was edited`,
    );
  }

  if (!/^[A-Z]{2}$/.test(find(fields, ID.COUNTRY) ?? "")) {
    throw invalid("missing_field", "The country code (ID 58) is missing or not two letters", ID.COUNTRY);
  }
  if (!/^\d{3}$/.test(find(fields, ID.CURRENCY) ?? "")) {
    throw invalid(
      "missing_field",
      "The currency (ID 53) is missing or not a three-digit ISO 4217 code",
      ID.CURRENCY,
    );
  }
  if (!fields.some((field) => isAccount(field.id))) {
    throw invalid("missing_field", "The payload names no merchant account (IDs 02-51): nobody would be paid");
  }
  const initiation = find(fields, ID.INITIATION);
  if (initiation !== undefined && initiation !== STATIC && initiation !== DYNAMIC) {
    throw invalid("bad_field", "The point of initiation method (ID 01) is neither 11 nor 12", ID.INITIATION);
  }
  const amount = find(fields, ID.AMOUNT);
  if (amount !== undefined && !/^(?=.*\d)\d*(\.\d*)?$/.test(amount)) {
    throw invalid("bad_field", "The amount (ID 54) is not a decimal number", ID.AMOUNT);
  }

  return fields.map((field) =>
    isTemplate(field.id)
      ? { ...field, fields: read(Array.from(field.value), `Template ${field.id}`) }
      : field,
  );
}

/** The amount as tag 54 carries it ("12.30"); throws `payment_qr.amount_invalid`. */
function amountValue(amount: string): string {
  if (
    typeof amount !== "string" ||
    amount.length > MAX_AMOUNT_LENGTH ||
    !Money.Price.safeParse(amount).success
  ) {
    throw new VisibleError(
      "payment_qr.amount_invalid",
      `Not an amount a QR can carry: ${JSON.stringify(amount)} (like 12.30, at most ${MAX_AMOUNT_LENGTH} characters)`,
    );
  }
  const value = Money.parse(amount);
  if (value.lte(Money.ZERO)) {
    throw new VisibleError("payment_qr.amount_invalid", `The amount must be more than zero, not ${amount}`);
  }
  return Money.text(value);
}

const tlv = (id: string, value: string) =>
  `${id}${String(Array.from(value).length).padStart(2, "0")}${value}`;

/**
 * A copy of the shop's QR for one sale: tag 54 holds `amount` (money text, "12.30"), the point of
 * initiation is 12 (dynamic), the data objects are written in ascending ID order with the CRC
 * last, and the CRC is computed anew. Templates are copied verbatim. Throws `payment_qr.invalid`
 * for a payload `parse` refuses, `payment_qr.amount_not_allowed` when its currency is not ringgit
 * (or the result would pass 512 characters), `payment_qr.amount_invalid` for an amount that is not
 * more than zero or longer than 13 characters.
 */
export function withAmount(payload: string, amount: string): string {
  const fields = parse(payload);
  const currency = find(fields, ID.CURRENCY);
  if (currency !== MYR) {
    throw new VisibleError(
      "payment_qr.amount_not_allowed",
      `The QR's currency is ${currency}, not ringgit (${MYR}): it cannot carry an amount in RM`,
      { currency },
    );
  }
  const value = amountValue(amount);
  const replaced = new Set<string>([ID.INITIATION, ID.AMOUNT, ID.CRC]);
  const kept = fields.filter((field) => !replaced.has(field.id));
  const body = [...kept, { id: ID.INITIATION, value: DYNAMIC }, { id: ID.AMOUNT, value }]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((field) => tlv(field.id, field.value))
    .join("");
  const signed = `${body}${ID.CRC}04`;
  const result = signed + crc16(signed);
  if (Array.from(result).length > MAX_LENGTH) {
    throw new VisibleError(
      "payment_qr.amount_not_allowed",
      `With the amount the QR would be longer than the ${MAX_LENGTH} characters EMVCo allows`,
    );
  }
  return result;
}

/** What settings shows of an uploaded QR. Throws what `parse` throws. */
export function describe(payload: string): Description {
  const fields = parse(payload);
  const amount = find(fields, ID.AMOUNT);
  const initiation = find(fields, ID.INITIATION);
  return {
    merchant_name: find(fields, ID.MERCHANT_NAME),
    city: find(fields, ID.CITY),
    country: find(fields, ID.COUNTRY) as string,
    currency: find(fields, ID.CURRENCY) as string,
    // Without tag 01 the payload says nothing; an amount makes it dynamic in effect.
    initiation: (initiation ?? (amount === undefined ? STATIC : DYNAMIC)) === STATIC ? "static" : "dynamic",
    amount,
  };
}

/**
 * The shop's own DuitNow QR (settings pos.duitnow_qr) carrying `amount`, for the customer's
 * banking app to open with the total filled in: `payment_qr.not_configured` when none is set.
 */
export async function forShop(
  amount: string,
): Promise<{ payload: string; amount: string; merchant_name: string | null }> {
  // Imported here: the settings check a pasted QR with this module, so a static import would be a cycle.
  const { Settings } = await import("../settings/index");
  const stored = (await Settings.section("pos")).duitnow_qr.trim();
  if (!stored)
    throw new VisibleError(
      "payment_qr.not_configured",
      "No DuitNow QR is set: an admin pastes the shop's QR text in Settings → POS.",
    );
  const payload = withAmount(stored, amount);
  return { payload, amount, merchant_name: describe(payload).merchant_name ?? null };
}
