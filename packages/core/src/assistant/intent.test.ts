import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { luhn } from "./entities";
import { classify, INTENTS, THRESHOLD } from "./intent";

// Tuesday 10 March 2026, 10:00 in Kuala Lumpur.
const NOW = new Date("2026-03-10T02:00:00Z");
const KL = { now: NOW, timeZone: "Asia/Kuala_Lumpur" };
const read = (text: string) => classify(text, KL);

describe("intent", () => {
  it.each([
    ["phone saya dah siap ke?", "status"],
    ["Is my phone ready?", "status"],
    ["status T-1042", "status"],
    ["macam mana phone saya", "status"],
    ["hp sy x siap lg ke bang", "status"],
    ["bila boleh ambil", "status"],
    ["any update on my repair?", "status"],
    ["still repairing?", "status"],
    ["ok can i come pick it up today?", "status"],
    ["nak datang ambil phone petang ni", "status"],
    ["berapa harga skrin iphone 13", "price"],
    ["how much for samsung a52 battery", "price"],
    ["tukar lcd redmi note 10 rm berapa", "price"],
    ["price for screen protector?", "price"],
    ["boleh datang esok 3pm?", "appointment"],
    ["can I book an appointment for tomorrow at 3", "appointment"],
    ["nak buat temujanji hari sabtu", "appointment"],
    ["are you free on friday for a battery change?", "appointment"],
    ["send me my invoice please", "invoice"],
    ["nak resit untuk repair semalam", "invoice"],
    ["boleh bagi bil", "invoice"],
    ["kedai buka pukul berapa?", "other"],
    ["where is your shop", "other"],
    ["terima kasih", "other"],
    ["do you fix game consoles?", "other"],
    ["kenapa phone panas sangat", "other"],
    ["", "other"],
  ] as const)("reads %j as %s", (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });

  it.each([
    // "already" holds "ready", "bila" and "boleh" hold neither "bil" nor "rm".
    ["I already sent the photos", "status"],
    ["bila boleh", "invoice"],
    ["form dah isi", "price"],
    ["pukul berapa", "price"],
    ["ready stock iphone 13 screen?", "status"],
  ] as const)("does not read %j as %s", (text, intent) => {
    expect(read(text).intent).not.toBe(intent);
  });

  it("is confident on a clear question and not on a bare greeting", () => {
    expect(read("Is my phone ready? T-1042").confidence).toBeGreaterThanOrEqual(THRESHOLD);
    expect(read("hello").confidence).toBeLessThan(THRESHOLD);
    expect(read("asdfgh").confidence).toBe(0);
  });
});

describe("language", () => {
  it.each([
    ["phone saya dah siap ke?", "ms"],
    ["Is my phone ready?", "en"],
    ["bro my hp dah siap ke belum", "ms"],
    ["can I come tomorrow, ok ke?", "en"],
    ["berapa harga skrin", "ms"],
    ["T-1042", "en"],
    // Loan nouns ("phone", "status", "repair") are Malay sentences' words too.
    ["nak check status phone kawan", "ms"],
    ["hi boss, next monday boleh datang repair?", "ms"],
  ] as const)("reads %j as %s", (text, language) => {
    expect(read(text).language).toBe(language);
  });
});

describe("ticket number", () => {
  it.each([
    ["status T-1042", "T-1042"],
    ["t1042 siap?", "T-1042"],
    ["T 1042", "T-1042"],
    ["tiket 1042", "T-1042"],
    ["ticket no. 1042 ready?", "T-1042"],
    ["Ticket #1042", "T-1042"],
    ["tiket:01042", "T-1042"],
    ["dtg at 1042", undefined],
    ["rm1042", undefined],
    ["skrin 1042", undefined],
    ["t 3pm", undefined],
  ] as const)("reads %j as %s", (text, number) => {
    expect(read(text).ticket_number).toBe(number);
  });
});

describe("IMEI", () => {
  it.each([
    ["imei 490154203237518", "490154203237518"],
    ["IMEI: 49-015420-323751-8 dah siap?", "490154203237518"],
    ["35 209900 176148 1", "352099001761481"],
    // One digit off: the Luhn check fails.
    ["490154203237519", undefined],
    ["4901542032375180", undefined],
    ["0123456789", undefined],
  ] as const)("reads %j as %s", (text, imei) => {
    expect(read(text).imei).toBe(imei);
  });

  it("checks the Luhn digit", () => {
    expect(luhn("490154203237518")).toBe(true);
    expect(luhn("490154203237517")).toBe(false);
  });
});

describe("day and time", () => {
  it.each([
    ["esok 3pm", { date: "2026-03-11", time: "15:00" }],
    ["tomorrow at 3", { date: "2026-03-11", time: "15:00" }],
    ["12/12 10.30am", { date: "2026-12-12", time: "10:30" }],
    ["boleh datang lusa pkl 10", { date: "2026-03-12", time: "10:00" }],
    ["hari ni 2 ptg", { date: "2026-03-10", time: "14:00" }],
    ["sabtu pukul 8 malam", { date: "2026-03-14", time: "20:00" }],
    ["tuesday", { date: "2026-03-10" }],
    ["next tuesday", { date: "2026-03-17" }],
    ["isnin", { date: "2026-03-16" }],
    // A day already past this year is next year's.
    ["5/1", { date: "2027-01-05" }],
    ["20 mac", { date: "2026-03-20" }],
    ["dec 3rd 14:30", { date: "2026-12-03", time: "14:30" }],
    ["1/4/2026 12 tengahari", { date: "2026-04-01", time: "12:00" }],
    ["31/2", undefined],
    ["about 3 days", undefined],
    ["rm 3", undefined],
  ] as const)("reads %j as %j", (text, when) => {
    expect(read(text).when).toEqual(when);
  });

  it("counts days in the shop's zone, not UTC", () => {
    // 23:30 on 10 March in Kuala Lumpur is still 10 March, 15:30 UTC.
    const late = new Date("2026-03-10T15:30:00Z");
    expect(classify("esok", { now: late, timeZone: "Asia/Kuala_Lumpur" }).when).toEqual({
      date: "2026-03-11",
    });
    // 00:30 on 11 March in Kuala Lumpur is 16:30 UTC on the 10th.
    const after = new Date("2026-03-10T16:30:00Z");
    expect(classify("esok", { now: after, timeZone: "Asia/Kuala_Lumpur" }).when).toEqual({
      date: "2026-03-12",
    });
    expect(classify("esok", { now: after, timeZone: "UTC" }).when).toEqual({ date: "2026-03-11" });
  });
});

describe("product words", () => {
  it.each([
    ["berapa harga skrin iphone 13 pro", ["skrin", "iphone", "13", "pro"]],
    ["how much samsung a52 battery", ["samsung", "a52", "battery"]],
    ["tukar lcd redmi note 10", ["lcd", "redmi", "note", "10"]],
    ["bateri ok ke", ["bateri"]],
    ["is my phone ready", undefined],
  ] as const)("reads %j as %j", (text, words) => {
    expect(read(text).product_words).toEqual(words);
  });
});

describe("any text", () => {
  it("never throws and always answers a known intent, confidence and language", () => {
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 200 }),
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.string({ maxLength: 20_000 }),
      fc.constantFrom("\u0000", "💥📱 siap?", "T-".repeat(5000), "1".repeat(10_000), "\u0000berapa\u0000"),
    );
    fc.assert(
      fc.property(
        text,
        fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }),
        (t, now) => {
          const out = classify(t, { now, timeZone: "Asia/Kuala_Lumpur" });
          expect(INTENTS).toContain(out.intent);
          expect(out.confidence).toBeGreaterThanOrEqual(0);
          expect(out.confidence).toBeLessThanOrEqual(1);
          expect(["en", "ms"]).toContain(out.language);
          if (out.when?.date) expect(out.when.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          if (out.when?.time) expect(out.when.time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
