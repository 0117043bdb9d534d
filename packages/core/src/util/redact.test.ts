import { describe, expect, it } from "vitest";
import { redact, redactPath, redactText } from "./redact";

describe("redactText", () => {
  it.each([
    ["sent to +60123456789", "sent to +601*****789"],
    ["sent to +60 12-345 6789", "sent to +601*****789"],
    ["from 60123456789@s.whatsapp.net", "from +601*****789@s.whatsapp.net"],
    ["typed 012-345 6789 at the counter", "typed [phone] at the counter"],
    ["IC 900101-14-5678 on file", "IC [nric] on file"],
    ["IC 900101145678 on file", "IC [nric] on file"],
    [
      'invalid input syntax for type uuid: "Siti binti Ali"',
      'invalid input syntax for type uuid: "[redacted]"',
    ],
    ["Key (phone)=(+60123456789) already exists.", "Key (phone)=([redacted]) already exists."],
    [
      "Failed query: insert into customers (phone, name) values ($1, $2)\nparams: +60123456789,Siti",
      "Failed query: insert into customers (phone, name) values ($1, $2)\nparams: [redacted]",
    ],
    ["GET /api/public/tickets/eyJhbGciOi.abc-DEF_123", "GET /api/public/tickets/[token]"],
    ["see https://shop.example/s/AbC123xyz?lang=ms", "see https://shop.example/s/[token]?lang=ms"],
    ["/intake/done?n=T-1042&t=Zx9Y8", "/intake/done?n=T-1042&t=[redacted]"],
  ])("%s", (input, output) => {
    expect(redactText(input)).toBe(output);
  });

  it.each([
    "correlation 0195f3b2-7c1d-7a00-8b00-0123456789ab",
    "2026-10-01T09:30:00.000Z",
    "T-1042 moved to READY",
    'duplicate key value violates unique constraint "customers_phone_key"',
    "latency 1733097600000 ms",
  ])("leaves %s alone", (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("redactPath", () => {
  it("cuts any long opaque segment but keeps UUIDs", () => {
    expect(redactPath("/api/public/whatever/q1w2e3r4t5y6u7i8o9/next")).toBe(
      "/api/public/whatever/[token]/next",
    );
    expect(redactPath("/api/tickets/0195f3b2-7c1d-7a00-8b00-0123456789ab/ready")).toBe(
      "/api/tickets/0195f3b2-7c1d-7a00-8b00-0123456789ab/ready",
    );
  });
});

describe("redact", () => {
  it("drops personal keys, masks phones in the rest and keeps the shape", () => {
    expect(
      redact({
        name: "Siti",
        address: "12 Jalan Ampang",
        phone: "+60123456789",
        count: 3,
        nested: [{ email: "a@b.c" }],
      }),
    ).toEqual({
      name: "[redacted]",
      address: "[redacted]",
      phone: "+601*****789",
      count: 3,
      nested: [{ email: "[redacted]" }],
    });
  });

  it("keeps an error's codes and drops the values PostgreSQL and drizzle attach", () => {
    const cause = Object.assign(
      new Error('duplicate key value violates unique constraint "customers_phone_key"'),
      {
        code: "23505",
        constraint: "customers_phone_key",
        detail: "Key (phone)=(+60123456789) already exists.",
      },
    );
    const error = Object.assign(
      new Error("Failed query: insert into customers values ($1, $2)\nparams: +60123456789,Siti", { cause }),
      { params: ["+60123456789", "Siti"], query: "insert into customers values ($1, $2)" },
    );
    const safe = JSON.stringify(redact(error));
    expect(safe).not.toMatch(/60123456789|Siti/);
    expect(redact(error)).toMatchObject({
      message: "Failed query: insert into customers values ($1, $2)\nparams: [redacted]",
      cause: { code: "23505", constraint: "customers_phone_key" },
    });
  });
});
