import { describe, expect, it } from "vitest";
import { claimsIn, rejectionOf, supportedBy } from "./grounding";

const context = { now: new Date("2026-03-10T02:00:00Z"), timeZone: "Asia/Kuala_Lumpur" };
const TOOL = JSON.stringify({
  repairs: [
    {
      ref: "T-1043",
      device: "Samsung Galaxy A52",
      status: "being repaired",
      estimate: "RM 120.00",
      expected_ready: { at: "2026-03-12 18:00", weekday: "Thursday" },
      status_page: "https://shop.example/s/abc123",
    },
  ],
});
const supported = supportedBy([TOOL], ["T-1043"], context);
const verdict = (answer: string, sources = ["T-1043"]) => ({ answer, grounded: true, sources });

describe("what an answer states", () => {
  it("reads amounts, dates, weekdays, times, tickets, links and phones once each", () => {
    expect(
      claimsIn(
        "T-1043: RM1,200.50 or 90 ringgit, ready 12 Mac at 6.00 pm (Khamis), esok 10:30, see https://shop.example/s/x. Call 012-345 6789",
        context,
      ),
    ).toEqual({
      links: ["https://shop.example/s/x"],
      tickets: ["T-1043"],
      invoices: [],
      phones: ["60123456789"],
      amounts: [120050, 9000],
      dates: ["--03-12", "2026-03-11"],
      weekdays: [4],
      times: ["18:00", "10:30"],
      numbers: [],
      statuses: [],
    });
  });
});

describe("whether an answer may go out", () => {
  it.each([
    [
      "Your Samsung Galaxy A52 (T-1043) is being repaired, ready Thursday 12 March at 6pm. Estimate RM 120.",
      undefined,
    ],
    ["T-1043 siap 12/3 pukul 6 petang, anggaran RM120.00. https://shop.example/s/abc123", undefined],
    ["T-1043: dijangka siap Khamis, 12 Mac 2026, 6:00 PTG.", undefined],
    ["T-1043: dijangka siap Khamis, 12 Mac 2026, 6:00 PG.", "unsupported_fact"],
    ["T-1043 is ready, estimate RM 150.", "unsupported_fact"],
    ["T-1043 will be ready on 13 March.", "unsupported_fact"],
    ["T-1043 will be ready on Friday.", "unsupported_fact"],
    ["T-1043 will be ready at 5pm.", "unsupported_fact"],
    ["T-1042 is ready.", "unsupported_fact"],
    ["T-1043 is being repaired, details at https://evil.example/x", "unsupported_fact"],
    ["T-1043 is being repaired, call 0123456789.", "unsupported_fact"],
    ["T-1043 is being repaired, about 3 more days.", "unsupported_fact"],
    // Its state, too: a repair being worked on is not "ready" or "collected", in either language.
    ["T-1043 is ready for pickup.", "unsupported_fact"],
    ["T-1043 is now ready, come by anytime.", "unsupported_fact"],
    ["T-1043 sudah siap, boleh ambil sekarang.", "unsupported_fact"],
    ["T-1043 has been collected.", "unsupported_fact"],
    ["T-1043 sedang dibaiki dan dijangka siap Khamis.", undefined],
    ["T-1043 is being repaired and should be ready on Thursday.", undefined],
  ])("%s → %s", (answer, reason) => {
    expect(rejectionOf(verdict(answer), supported, "status?", context)?.reason).toBe(reason);
  });

  it("lets a repair the tools report ready be called ready, and nothing else", () => {
    const ready = supportedBy(
      [JSON.stringify({ repairs: [{ ref: "T-1050", status: "ready for pickup" }] })],
      ["T-1050"],
      context,
    );
    const check = (answer: string) => rejectionOf(verdict(answer, ["T-1050"]), ready, "", context);
    expect(check("T-1050 is ready for pickup.")).toBeUndefined();
    expect(check("T-1050 dah siap, boleh ambil.")).toBeUndefined();
    expect(check("T-1050 is being repaired.")).toEqual({
      reason: "unsupported_fact",
      detail: "status:IN_PROGRESS",
    });
  });

  it("refuses an answer the model itself calls ungrounded, one without sources, or one citing what no tool returned", () => {
    const ok = "T-1043 is being repaired.";
    expect(rejectionOf({ ...verdict(ok), grounded: false }, supported, "", context)?.reason).toBe(
      "not_grounded",
    );
    expect(rejectionOf(verdict(ok, []), supported, "", context)?.reason).toBe("no_sources");
    expect(rejectionOf(verdict(ok, ["T-1043", "T-1042"]), supported, "", context)).toEqual({
      reason: "unknown_source",
      detail: "T-1042",
    });
  });

  it("lets a bare number through when the customer wrote it", () => {
    expect(
      rejectionOf(
        verdict("About your 2 phones: T-1043 is being repaired."),
        supported,
        "my 2 phones?",
        context,
      ),
    ).toBeUndefined();
  });
});
