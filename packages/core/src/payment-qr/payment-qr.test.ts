import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VisibleError } from "../error";
import { PaymentQr } from "./index";

// An independent CRC-16/CCITT-FALSE, table-driven where the module's is bitwise, so a mistake
// in one does not hide in both.
const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n << 8;
  for (let k = 0; k < 8; k++) c = c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1;
  return c & 0xffff;
});
function referenceCrc(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, "utf8"))
    crc = ((crc << 8) ^ (TABLE[((crc >> 8) ^ byte) & 0xff] as number)) & 0xffff;
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

const tlv = (id: string, value: string) => `${id}${String([...value].length).padStart(2, "0")}${value}`;
/** A payload from its data objects (without 63), signed with the reference CRC. */
const signed = (...objects: string[]) => {
  const body = `${objects.join("")}6304`;
  return body + referenceCrc(body);
};

// Built here to the DuitNow shape (tag 26 with PayNet's GUID, acquirer and merchant IDs); not a
// real merchant's QR. MCC 7622 is electronics repair.
const ACCOUNT = tlv("26", tlv("00", "A0000006150001") + tlv("01", "890049") + tlv("02", "0000012345678901"));
const DUITNOW_PARTS = [
  tlv("00", "01"),
  tlv("01", "11"),
  ACCOUNT,
  tlv("52", "7622"),
  tlv("53", "458"),
  tlv("58", "MY"),
  tlv("59", "KEDAI BAIKI TELEFON AMIN"),
  tlv("60", "KUALA LUMPUR"),
  tlv("61", "50450"),
  tlv("62", tlv("05", "COUNTER") + tlv("07", "T01")),
];
const DUITNOW = signed(...DUITNOW_PARTS);

// The worked example of the EMVCo MPM specification (CNY, Chinese text in template 64), CRC A13A.
const EMVCO_SAMPLE =
  "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN" +
  "5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***" +
  "0708A60086670902ME91320016A0112233449988770708123456786304A13A";

function errorOf(run: () => unknown): VisibleError {
  try {
    run();
  } catch (error) {
    if (error instanceof VisibleError) return error;
    throw error;
  }
  throw new Error("expected a VisibleError, nothing was thrown");
}

const ids = (payload: string) => PaymentQr.parse(payload).map((field) => field.id);
const value = (payload: string, id: string) =>
  PaymentQr.parse(payload).find((field) => field.id === id)?.value;

describe("crc16", () => {
  it.each([
    ["123456789", "29B1"],
    ["", "FFFF"],
    ["A", "B915"],
  ])("gives the CRC-16/CCITT-FALSE check value for %j", (text, crc) => {
    expect(PaymentQr.crc16(text)).toBe(crc);
    expect(referenceCrc(text)).toBe(crc);
  });

  it("reproduces the EMVCo specification's sample CRC over UTF-8 bytes", () => {
    expect(PaymentQr.crc16(EMVCO_SAMPLE.slice(0, -4))).toBe("A13A");
  });

  it("agrees with the reference implementation on any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), (text) => {
        expect(PaymentQr.crc16(text)).toBe(referenceCrc(text));
      }),
    );
  });
});

describe("parse", () => {
  it("reads the EMVCo sample, its templates and its multi-byte characters counted as characters", () => {
    const fields = PaymentQr.parse(EMVCO_SAMPLE);
    expect(fields.map((field) => field.id)).toEqual([
      "00",
      "01",
      "29",
      "31",
      "52",
      "58",
      "59",
      "60",
      "64",
      "54",
      "53",
      "55",
      "62",
      "91",
      "63",
    ]);
    const language = fields.find((field) => field.id === "64");
    expect(language?.fields).toEqual([
      { id: "00", value: "ZH" },
      { id: "01", value: "最佳运输" },
      { id: "02", value: "北京" },
    ]);
    expect(fields.find((field) => field.id === "62")?.fields).toEqual([
      { id: "03", value: "1234" },
      { id: "06", value: "***" },
      { id: "07", value: "A6008667" },
      { id: "09", value: "ME" },
    ]);
    expect(fields.find((field) => field.id === "52")?.fields).toBeUndefined();
  });

  it("reads a DuitNow-shaped QR with the merchant account template opened", () => {
    const fields = PaymentQr.parse(DUITNOW);
    expect(fields.find((field) => field.id === "26")?.fields).toEqual([
      { id: "00", value: "A0000006150001" },
      { id: "01", value: "890049" },
      { id: "02", value: "0000012345678901" },
    ]);
    expect(fields.at(-1)).toEqual({ id: "63", value: referenceCrc(DUITNOW.slice(0, -4)) });
  });

  const withoutPart = (id: string) => signed(...DUITNOW_PARTS.filter((part) => !part.startsWith(id)));
  const replacing = (id: string, part: string) =>
    signed(...DUITNOW_PARTS.map((original) => (original.startsWith(id) ? part : original)));

  it.each([
    [
      "a payload over 512 characters",
      "length",
      signed(...DUITNOW_PARTS, tlv("99", "x".repeat(99)).repeat(5)),
    ],
    ["a length running past the end", "length", DUITNOW.slice(0, 30)],
    ["an ID that is not two digits", "malformed", `AB${DUITNOW.slice(2)}`],
    ["a trailing newline", "malformed", `${DUITNOW}\n`],
    ["an empty payload", "missing_field", ""],
    ["a wrong CRC", "crc_mismatch", `${DUITNOW.slice(0, -4)}0000`],
    [
      "a lower-case CRC",
      "bad_field",
      `${DUITNOW.slice(0, -4)}${referenceCrc(DUITNOW.slice(0, -4)).toLowerCase()}`,
    ],
    ["no CRC", "missing_field", DUITNOW.slice(0, -8)],
    ["a CRC that is not last", "missing_field", `${DUITNOW}${tlv("99", "x")}`],
    ["payload format 02", "missing_field", replacing("00", tlv("00", "02"))],
    [
      "no payload format indicator first",
      "missing_field",
      signed(...DUITNOW_PARTS.slice(1), tlv("00", "01")),
    ],
    ["no country", "missing_field", withoutPart("58")],
    ["no currency", "missing_field", withoutPart("53")],
    ["a currency that is not three digits", "missing_field", replacing("53", tlv("53", "MYR"))],
    ["no merchant account", "missing_field", withoutPart("26")],
    ["point of initiation 13", "bad_field", replacing("01", tlv("01", "13"))],
    ["an amount that is not a number", "bad_field", signed(...DUITNOW_PARTS, tlv("54", "12,30"))],
    ["an ID twice", "duplicate_field", signed(...DUITNOW_PARTS, tlv("59", "AGAIN"))],
    ["a template that is not TLV", "malformed", replacing("26", tlv("26", "hello"))],
    ["a template whose last length overruns", "length", replacing("62", tlv("62", "0509COUNTER"))],
  ])("refuses %s as payment_qr.invalid (%s)", (_, reason, payload) => {
    const error = errorOf(() => PaymentQr.parse(payload));
    expect(error.code).toBe("payment_qr.invalid");
    expect(error.status).toBe(400);
    expect(error.details).toMatchObject({ reason });
  });

  it("names the missing field", () => {
    expect(errorOf(() => PaymentQr.parse(withoutPart("53"))).details).toEqual({
      reason: "missing_field",
      field: "53",
    });
  });

  it("detects an edited amount by its CRC", () => {
    const dynamic = PaymentQr.withAmount(DUITNOW, "1.00");
    const tampered = dynamic.replace("54041.00", "54049.00");
    expect(tampered).not.toBe(dynamic);
    expect(errorOf(() => PaymentQr.parse(tampered)).details).toEqual({ reason: "crc_mismatch" });
  });

  it("detects any single-character change, by the CRC or by the structure", () => {
    const payloads = [DUITNOW, PaymentQr.withAmount(DUITNOW, "188.50")];
    fc.assert(
      fc.property(
        fc.constantFrom(...payloads),
        fc.nat(),
        fc.integer({ min: 0x20, max: 0x7e }),
        (payload, position, code) => {
          const at = position % payload.length;
          fc.pre(payload.charCodeAt(at) !== code);
          const changed = payload.slice(0, at) + String.fromCharCode(code) + payload.slice(at + 1);
          expect(errorOf(() => PaymentQr.parse(changed)).code).toBe("payment_qr.invalid");
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("withAmount", () => {
  it("sets tag 54 and point of initiation 12, keeps everything else and signs it anew", () => {
    const dynamic = PaymentQr.withAmount(DUITNOW, "12.30");
    expect(dynamic).toBe(
      signed(
        tlv("00", "01"),
        tlv("01", "12"),
        ...DUITNOW_PARTS.slice(2, 5),
        tlv("54", "12.30"),
        ...DUITNOW_PARTS.slice(5),
      ),
    );
    expect(PaymentQr.describe(dynamic)).toEqual({
      merchant_name: "KEDAI BAIKI TELEFON AMIN",
      city: "KUALA LUMPUR",
      country: "MY",
      currency: "458",
      initiation: "dynamic",
      amount: "12.30",
    });
  });

  it.each([
    ["12.3", "12.30"],
    ["12", "12.00"],
    ["0.01", "0.01"],
    ["007.50", "7.50"],
    ["9999999999.99", "9999999999.99"],
  ])("writes the amount %s as %s", (amount, written) => {
    expect(value(PaymentQr.withAmount(DUITNOW, amount), "54")).toBe(written);
  });

  it("replaces the amount of a QR that already has one", () => {
    const twice = PaymentQr.withAmount(PaymentQr.withAmount(DUITNOW, "5.00"), "7.25");
    expect(twice).toBe(PaymentQr.withAmount(DUITNOW, "7.25"));
  });

  it("writes the data objects in ascending order with the CRC last, whatever order they came in, text kept as it was", () => {
    const shuffled = signed(
      tlv("00", "01"),
      tlv("64", tlv("00", "ZH") + tlv("01", "阿明维修店")),
      tlv("58", "MY"),
      tlv("53", "458"),
      tlv("62", tlv("07", "T01")),
      ACCOUNT,
      tlv("59", "KEDAI AMIN"),
      tlv("91", tlv("00", "SHOP")),
    );
    const dynamic = PaymentQr.withAmount(shuffled, "3.00");
    expect(ids(dynamic)).toEqual(["00", "01", "26", "53", "54", "58", "59", "62", "64", "91", "63"]);
    expect(dynamic).toContain(tlv("64", tlv("00", "ZH") + tlv("01", "阿明维修店")));
    expect(dynamic.slice(-4)).toBe(referenceCrc(dynamic.slice(0, -4)));
  });

  it("refuses a QR in another currency with payment_qr.amount_not_allowed", () => {
    const error = errorOf(() => PaymentQr.withAmount(EMVCO_SAMPLE, "10.00"));
    expect(error.code).toBe("payment_qr.amount_not_allowed");
    expect(error.details).toEqual({ currency: "156" });
  });

  it("refuses a QR without a currency as invalid, before any amount is looked at", () => {
    const withoutCurrency = signed(...DUITNOW_PARTS.filter((part) => !part.startsWith("53")));
    expect(errorOf(() => PaymentQr.withAmount(withoutCurrency, "10.00")).code).toBe("payment_qr.invalid");
  });

  it("refuses when the amount would take the QR past 512 characters", () => {
    // IDs 65-79 are not templates, so any text fills them.
    const filler: string[] = [];
    let room = 512 - DUITNOW.length;
    for (let id = 65; room > 0; id++) {
      const size = Math.min(99, room - 4);
      filler.push(tlv(String(id), "x".repeat(size)));
      room -= size + 4;
    }
    const full = signed(...DUITNOW_PARTS, ...filler);
    expect(full.length).toBe(512);
    expect(errorOf(() => PaymentQr.withAmount(full, "1.00")).code).toBe("payment_qr.amount_not_allowed");
  });

  it.each([
    "0",
    "0.00",
    "-1.00",
    "1.234",
    "12,30",
    "1e3",
    "",
    " 12.30",
    "RM12",
    "12345678901",
    "0000000000012.30",
  ])("refuses the amount %j with payment_qr.amount_invalid", (amount) => {
    expect(errorOf(() => PaymentQr.withAmount(DUITNOW, amount)).code).toBe("payment_qr.amount_invalid");
  });

  it("round-trips any amount from 0.01 to 99999999.99 exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 9_999_999_999n }), (sen) => {
        const amount = `${sen / 100n}.${String(sen % 100n).padStart(2, "0")}`;
        const dynamic = PaymentQr.withAmount(DUITNOW, amount);
        const fields = PaymentQr.parse(dynamic);
        expect(fields.find((field) => field.id === "54")?.value).toBe(amount);
        expect(PaymentQr.describe(dynamic)).toMatchObject({ initiation: "dynamic", amount });
        const others = (list: PaymentQr.Field[]) =>
          list.filter((field) => !["01", "54", "63"].includes(field.id));
        expect(others(fields)).toEqual(others(PaymentQr.parse(DUITNOW)));
      }),
    );
  });
});

describe("describe", () => {
  it("shows the static QR as settings lists it", () => {
    expect(PaymentQr.describe(DUITNOW)).toEqual({
      merchant_name: "KEDAI BAIKI TELEFON AMIN",
      city: "KUALA LUMPUR",
      country: "MY",
      currency: "458",
      initiation: "static",
      amount: undefined,
    });
  });

  it("calls a QR without tag 01 dynamic only when it carries an amount", () => {
    const bare = DUITNOW_PARTS.filter((part) => !part.startsWith("01"));
    expect(PaymentQr.describe(signed(...bare)).initiation).toBe("static");
    expect(PaymentQr.describe(signed(...bare, tlv("54", "3.00"))).initiation).toBe("dynamic");
  });

  it("throws what parse throws", () => {
    expect(errorOf(() => PaymentQr.describe("hello")).code).toBe("payment_qr.invalid");
  });
});
