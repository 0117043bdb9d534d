import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type MyInvoisFake, startMyInvoisFake } from "../../../test/myinvois-fake";
import { VisibleError } from "../../error";
import { fixedClock } from "../../util/clock";
import { createMyInvoisClient, EXPLANATIONS, normaliseStatus } from "./client";
import { errorFromResponse } from "./errors";
import { canStillCancel, searchWindows } from "./limits";

const START = "2026-08-03T02:00:00Z";
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A minified UBL JSON document with non-ASCII text, so hashing must use the UTF-8 bytes. */
const invoice = (id: string, filler = "") =>
  JSON.stringify({
    _D: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    Invoice: [
      {
        ID: [{ _: id }],
        IssueDate: [{ _: "2026-08-03" }],
        IssueTime: [{ _: "01:59:00Z" }],
        InvoiceLine: [{ Item: [{ Description: [{ _: `Tukar skrin — Café Ahmad ✓${filler}` }] }] }],
      },
    ],
  });

async function rejection(promise: Promise<unknown>): Promise<VisibleError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VisibleError);
  return error as VisibleError;
}

describe("MyInvois client against the local fake", () => {
  let fake: MyInvoisFake;
  let clock: ReturnType<typeof fixedClock>;
  let slept: number[];
  let client: ReturnType<typeof createMyInvoisClient>;

  const makeClient = (extra: Partial<Parameters<typeof createMyInvoisClient>[0]> = {}) =>
    createMyInvoisClient({
      environment: "sandbox",
      clientId: "test-client-id",
      clientSecret: "test-client-secret",
      baseUrl: fake.url,
      clock,
      sleep: async (ms) => {
        slept.push(ms);
        clock.advance(ms);
      },
      ...extra,
    });

  beforeEach(async () => {
    clock = fixedClock(START);
    slept = [];
    fake = await startMyInvoisFake({
      clock,
      tins: [{ tin: "IG12345678901", idType: "NRIC", idValue: "900101145678" }],
    });
    client = makeClient();
  });
  afterEach(() => fake.close());

  it("submits a signed document, polls until valid and gives its longId and validation link", async () => {
    const text = invoice("INV-2026-000123");
    const submitted = await client.submit([{ codeNumber: "INV-2026-000123", document: text }]);

    expect(submitted.rejected).toEqual([]);
    expect(submitted.accepted).toEqual([{ uuid: expect.any(String), codeNumber: "INV-2026-000123" }]);
    const [sent] = fake.requestsTo(/^\/api\/v1\.0\/documentsubmissions\/$/, "POST");
    const body = sent!.body as { documents: { document: string; documentHash: string; format: string }[] };
    const bytes = Buffer.from(text, "utf8");
    expect(Buffer.from(body.documents[0]!.document, "base64").equals(bytes)).toBe(true);
    expect(body.documents[0]!.documentHash).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(body.documents[0]!.format).toBe("JSON");

    const outcome = await client.pollSubmission(submitted.submissionUid!);

    expect(outcome.status).toBe("valid");
    const [doc] = outcome.documents;
    expect(doc).toMatchObject({
      uuid: submitted.accepted[0]!.uuid,
      codeNumber: "INV-2026-000123",
      status: "valid",
    });
    expect(doc!.longId).toMatch(/^[A-Z0-9]{40}$/);
    expect(doc!.validationLink).toBe(
      `https://preprod.myinvois.hasil.gov.my/${doc!.uuid}/share/${doc!.longId}`,
    );
    expect(doc!.validatedAt).toEqual(new Date(new Date(START).getTime() + 3000));
    expect(slept).toEqual([3000]);
    const polls = fake.requestsTo(/^\/api\/v1\.0\/documentsubmissions\/[A-Z0-9]+$/);
    expect(polls.map((r) => r.query)).toEqual([
      { pageNo: "1", pageSize: "100" },
      { pageNo: "1", pageSize: "100" },
    ]);
    expect(fake.requestsTo(/\/details$/)).toHaveLength(0);
    const [login] = fake.requestsTo(/^\/connect\/token$/);
    expect(login!.body).toMatchObject({ grant_type: "client_credentials", scope: "InvoicingAPI" });
    expect(fake.logins).toBe(1);
  });

  it("explains invalid documents in English and Malay and keeps LHDN's codes", async () => {
    const submitted = await client.submit([
      { codeNumber: "INV-OK-1", document: invoice("INV-OK-1") },
      { codeNumber: "BAD-1", document: invoice("BAD-1") },
      { codeNumber: "DUP-1", document: invoice("DUP-1") },
      { codeNumber: "BADPHONE-1", document: invoice("BADPHONE-1") },
    ]);

    const outcome = await client.pollSubmission(submitted.submissionUid!);

    expect(outcome.status).toBe("partially_valid");
    const byNumber = Object.fromEntries(outcome.documents.map((d) => [d.codeNumber, d]));
    expect(byNumber["INV-OK-1"]).toMatchObject({ status: "valid", errors: [] });
    expect(byNumber["BAD-1"]!.status).toBe("invalid");
    expect(byNumber["BAD-1"]!.validationLink).toBeUndefined();
    expect(byNumber["BAD-1"]!.errors).toEqual([
      expect.objectContaining({
        code: "einvoice.signature_invalid",
        lhdnCodes: ["DS320", "Error21"],
        explanation: { en: EXPLANATIONS.DS320!.en, ms: EXPLANATIONS.DS320!.ms },
        lhdnMessage: expect.stringContaining("Signed properties digest"),
        step: "Step08-Document Signature Validator",
        propertyPath: expect.any(String),
      }),
      expect.objectContaining({ code: "einvoice.signature_invalid", lhdnCodes: ["DS326", "Error21"] }),
    ]);
    expect(byNumber["DUP-1"]!.errors).toEqual([
      expect.objectContaining({
        code: "einvoice.duplicate_document",
        lhdnCodes: ["DS302", "Error03"],
        explanation: { en: EXPLANATIONS.DS302!.en, ms: EXPLANATIONS.DS302!.ms },
      }),
    ]);
    // CF codes are not published, so the shop sees LHDN's own words, in both languages.
    expect(byNumber["BADPHONE-1"]!.errors).toEqual([
      expect.objectContaining({
        code: "einvoice.rejected",
        lhdnCodes: ["CF364", "Error02"],
        explanation: {
          en: "Supplier's contact number is not in a valid format.",
          ms: "Nombor telefon pembekal tidak dalam format yang sah.",
        },
        propertyPath: "Invoice.AccountingSupplierParty.Party.Contact.Telephone",
      }),
    ]);
    expect(fake.requestsTo(/\/details$/)).toHaveLength(3);
  });

  it("shows why LHDN refused a document at submission, in LHDN's words when it gives no code", async () => {
    // Corrupts one hash on the wire, the way a document changed after hashing would arrive.
    const tampering = makeClient({
      fetch: (url, init) => {
        if (!String(url).endsWith("/documentsubmissions/")) return fetch(url, init);
        const body = JSON.parse(String(init?.body));
        body.documents[1].documentHash = "0".repeat(64);
        return fetch(url, { ...init, body: JSON.stringify(body) });
      },
    });

    const submitted = await tampering.submit([
      { codeNumber: "INV-1", document: invoice("INV-1") },
      { codeNumber: "INV-2", document: invoice("INV-2") },
    ]);

    expect(submitted.accepted.map((d) => d.codeNumber)).toEqual(["INV-1"]);
    expect(submitted.rejected).toEqual([
      {
        codeNumber: "INV-2",
        error: expect.objectContaining({
          code: "einvoice.rejected",
          lhdnCodes: [],
          explanation: { en: "Document hash is not valid.", ms: "Document hash is not valid." },
          target: "documentHash",
        }),
      },
    ]);
  });

  it("refuses an identical resubmission within 10 minutes as einvoice.duplicate_submission", async () => {
    const documents = [{ codeNumber: "INV-1", document: invoice("INV-1") }];
    await client.submit(documents);
    clock.advance(4 * 60 * 1000);

    const error = await rejection(client.submit(documents));

    expect(error.code).toBe("einvoice.duplicate_submission");
    expect(error.details).toMatchObject({
      httpStatus: 422,
      lhdnCodes: ["DuplicateSubmission"],
      retryAfterSeconds: 360,
    });
  });

  it("waits out a 429 for as long as Retry-After says, then succeeds", async () => {
    expect(await client.validateTin("IG12345678901", "NRIC", "900101-14-5678")).toBe(true);
    fake.throttleNext(2, 7);
    const before = clock.now().getTime();

    const submitted = await client.submit([{ codeNumber: "INV-1", document: invoice("INV-1") }]);

    expect(submitted.accepted).toHaveLength(1);
    expect(slept).toEqual([7000, 7000]);
    expect(clock.now().getTime() - before).toBe(14_000);
    expect(fake.requestsTo(/documentsubmissions/).map((r) => r.status)).toEqual([429, 429, 202]);
  });

  it("gives up with einvoice.rate_limited when LHDN keeps throttling", async () => {
    await client.validateTin("IG12345678901", "NRIC", "900101145678");
    fake.throttleNext(100, 5);

    const error = await rejection(client.getDocument("NOPE"));

    expect(error.code).toBe("einvoice.rate_limited");
    expect(error.details).toMatchObject({ retryAfterSeconds: 5, lhdnCodes: ["TooManyRequests"] });
    expect(fake.requestsTo(/\/raw$/)).toHaveLength(4);
  });

  it("hands a long Retry-After back to the caller instead of blocking", async () => {
    await client.validateTin("IG12345678901", "NRIC", "900101145678");
    fake.throttleNext(1, 600);

    const error = await rejection(client.getDocument("NOPE"));

    expect(error.code).toBe("einvoice.rate_limited");
    expect(error.details).toMatchObject({ retryAfterSeconds: 600 });
    expect(slept).toEqual([]);
  });

  it("logs in again, once, when the token expires mid-run", async () => {
    const submitted = await client.submit([{ codeNumber: "INV-1", document: invoice("INV-1") }]);
    fake.expireTokens();

    const outcome = await client.pollSubmission(submitted.submissionUid!);

    expect(outcome.status).toBe("valid");
    expect(fake.logins).toBe(2);
    expect(fake.requests.filter((r) => r.status === 401)).toHaveLength(1);
  });

  it("renews the token shortly before it expires, without waiting for a 401", async () => {
    await client.validateTin("IG12345678901", "NRIC", "900101145678");
    clock.advance(3600 * 1000 - 30_000);

    await client.validateTin("IG12345678901", "NRIC", "900101145678");

    expect(fake.logins).toBe(2);
    expect(fake.requests.filter((r) => r.status === 401)).toHaveLength(0);
  });

  it("reports wrong credentials as einvoice.unauthorized without the secret", async () => {
    const wrong = makeClient({ clientSecret: "not-the-secret-s3cr3t" });

    const error = await rejection(wrong.validateTin("IG12345678901", "NRIC", "900101145678"));

    expect(error.code).toBe("einvoice.unauthorized");
    expect(error.status).not.toBe(401);
    expect(error.details).toMatchObject({ lhdnCodes: ["invalid_client"], httpStatus: 400 });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain("s3cr3t");
  });

  it("splits a 70-day search into windows of at most 31 days and collects every page", async () => {
    const from = new Date("2026-05-01T00:00:00Z");
    const to = new Date(from.getTime() + 70 * DAY);
    const seeded = fake.seed(
      Array.from({ length: 250 }, (_, i) => ({
        dateTimeReceived: new Date(from.getTime() + i * 6.7 * HOUR).toISOString().replace(/\.\d{3}Z$/, "Z"),
      })),
    );
    // On the boundary between the first two windows, so both return it.
    fake.seed([
      { dateTimeReceived: new Date(from.getTime() + 31 * DAY).toISOString().replace(/\.\d{3}Z$/, "Z") },
    ]);

    const found = await client.search({ from, to, by: "submission" });

    expect(found).toHaveLength(seeded.length + 1);
    expect(new Set(found.map((d) => d.uuid)).size).toBe(found.length);
    const windows = [...new Map(fake.searchWindows.map((w) => [w.from, w])).values()];
    expect(windows.map((w) => [w.from, w.to])).toEqual([
      ["2026-05-01T00:00:00.000Z", "2026-06-01T00:00:00.000Z"],
      ["2026-06-01T00:00:00.000Z", "2026-07-02T00:00:00.000Z"],
      ["2026-07-02T00:00:00.000Z", "2026-07-10T00:00:00.000Z"],
    ]);
    expect(fake.searchWindows.filter((w) => w.pageNo === 2).length).toBeGreaterThan(0);
    const searches = fake.requestsTo(/\/documents\/search$/);
    expect(searches.every((r) => r.query.pageSize === "100" && r.status === 200)).toBe(true);
    for (const [i, request] of searches.entries()) {
      const inSameMinute = searches.slice(i).filter((r) => r.at.getTime() - request.at.getTime() < 60_000);
      expect(inSameMinute.length).toBeLessThanOrEqual(12);
      if (i > 0) expect(request.at.getTime() - searches[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(5_000);
    }
  });

  it("refuses to cancel a document validated more than 72 hours ago without calling LHDN", async () => {
    const validatedAt = new Date(clock.now().getTime() - 73 * HOUR);

    const error = await rejection(client.cancel("ANYUUID", "Wrong buyer details", { validatedAt }));

    expect(error.code).toBe("einvoice.cancel_window_over");
    expect(error.details).toMatchObject({
      explanation: { en: EXPLANATIONS.OperationPeriodOver!.en, ms: EXPLANATIONS.OperationPeriodOver!.ms },
    });
    expect(fake.requestsTo(/\/state$/)).toHaveLength(0);
  });

  it("normalises LHDN's OperationPeriodOver on a late cancellation", async () => {
    const submitted = await client.submit([{ codeNumber: "INV-1", document: invoice("INV-1") }]);
    const { documents } = await client.pollSubmission(submitted.submissionUid!);
    clock.advance(73 * HOUR);

    const error = await rejection(client.cancel(documents[0]!.uuid, "Wrong buyer details"));

    expect(error.code).toBe("einvoice.cancel_window_over");
    expect(error.details).toMatchObject({
      httpStatus: 400,
      lhdnCodes: ["OperationPeriodOver"],
      correlationId: expect.any(String),
      explanation: { en: EXPLANATIONS.OperationPeriodOver!.en, ms: EXPLANATIONS.OperationPeriodOver!.ms },
    });
  });

  it("cancels a valid document inside the window", async () => {
    const submitted = await client.submit([{ codeNumber: "INV-1", document: invoice("INV-1") }]);
    const { documents } = await client.pollSubmission(submitted.submissionUid!);
    clock.advance(71 * HOUR);

    const result = await client.cancel(documents[0]!.uuid, "Wrong buyer details", {
      validatedAt: documents[0]!.validatedAt,
    });

    expect(result).toMatchObject({ uuid: documents[0]!.uuid, status: "Cancelled" });
    const [put] = fake.requestsTo(/\/state$/, "PUT");
    expect(put!.body).toEqual({ status: "cancelled", reason: "Wrong buyer details" });
    expect(put!.contentType).toBe("application/json");
  });

  it.each([
    ["more than 100 documents", "einvoice.too_many_documents", 101, 10],
    ["a document over 300 KB", "einvoice.document_too_large", 1, 301 * 1024],
    ["a submission over 5 MB", "einvoice.submission_too_large", 14, 290 * 1024],
  ])("refuses %s before sending anything", async (_, code, count, size) => {
    const documents = Array.from({ length: count }, (_, i) => ({
      codeNumber: `INV-${i}`,
      document: invoice(`INV-${i}`, "x".repeat(size)),
    }));

    const error = await rejection(client.submit(documents));

    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({ explanation: { en: expect.any(String), ms: expect.any(String) } });
    expect(fake.requests).toHaveLength(0);
  });

  it("spaces calls to one endpoint at LHDN's rate without slowing the others", async () => {
    const docs = fake.seed(Array.from({ length: 13 }, () => ({ dateTimeReceived: "2026-08-03T01:00:00Z" })));
    // The fake stamps requests when it handles them; the moment each left the client is what counts.
    const sent: { path: string; at: number }[] = [];
    const timed = makeClient({
      fetch: (url, init) => {
        sent.push({ path: new URL(String(url)).pathname, at: clock.now().getTime() });
        return fetch(url, init);
      },
    });

    await Promise.all(docs.map((doc) => timed.cancel(doc.uuid, "Customer cancelled the order")));

    const cancels = sent.filter((r) => r.path.endsWith("/state"));
    expect(fake.requestsTo(/\/state$/, "PUT").map((r) => r.status)).toEqual(Array(13).fill(200));
    expect(cancels.slice(0, 12).every((r) => r.at === cancels[0]!.at)).toBe(true);
    expect(cancels[12]!.at - cancels[0]!.at).toBe(60_000);
    expect(slept).toEqual([60_000]);

    await timed.getDocument(docs[0]!.uuid);
    expect(slept).toEqual([60_000]);
  });

  it("checks a TIN: true when known, false when not, einvoice.tin_invalid when malformed", async () => {
    expect(await client.validateTin("IG12345678901", "NRIC", "900101-14-5678")).toBe(true);
    expect(await client.validateTin("IG12345678901", "NRIC", "900101145679")).toBe(false);
    const error = await rejection(client.validateTin("XX1", "NRIC", "900101145678"));

    expect(error.code).toBe("einvoice.tin_invalid");
    expect(error.details).toMatchObject({ httpStatus: 400, lhdnCodes: ["BadArgument"] });
    expect(fake.requestsTo(/taxpayer\/validate/)[0]!.query).toEqual({
      idType: "NRIC",
      idValue: "900101145678",
    });
  });

  it("reads a document back raw and in detail", async () => {
    const text = invoice("INV-1");
    const submitted = await client.submit([{ codeNumber: "INV-1", document: text }]);
    const uuid = submitted.accepted[0]!.uuid;

    expect((await client.getDocument(uuid)).document).toBe(text);
    expect((await client.getDocumentDetails(uuid)).validationResults).toMatchObject({ status: "Valid" });
    const missing = await rejection(client.getDocument("NOSUCHDOCUMENT"));
    expect(missing.code).toBe("einvoice.not_found");
  });

  it("sends onbehalfof on every request for an intermediary", async () => {
    const intermediary = makeClient({ onBehalfOf: "C20880050010" });

    await intermediary.validateTin("IG12345678901", "NRIC", "900101145678");

    expect(fake.requests.map((r) => r.onBehalfOf)).toEqual(["C20880050010", "C20880050010"]);
  });

  it("times out a poll that LHDN never finishes", async () => {
    const submitted = await client.submit([{ codeNumber: "INV-1", document: invoice("INV-1") }]);

    const error = await rejection(client.pollSubmission(submitted.submissionUid!, { timeoutMs: 2_000 }));

    expect(error.code).toBe("einvoice.poll_timeout");
    expect(error.details).toMatchObject({
      submissionUid: submitted.submissionUid,
      lastStatus: "in_progress",
    });
  });
});

describe("cancellation window", () => {
  const validatedAt = new Date("2026-08-01T00:00:00Z");
  it.each([
    [0, true],
    [71 * HOUR + 59 * 60 * 1000, true],
    [72 * HOUR, false],
    [73 * HOUR, false],
  ])("%i ms after validation: can cancel = %s", (elapsed, expected) => {
    expect(canStillCancel(validatedAt, new Date(validatedAt.getTime() + elapsed))).toBe(expected);
  });
});

describe("search windows", () => {
  it.each([
    ["2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z", 1],
    ["2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", 1],
    ["2026-01-01T00:00:00Z", "2026-02-01T00:00:01Z", 2],
    ["2026-01-01T00:00:00Z", "2026-03-12T00:00:00Z", 3],
  ])("%s to %s takes %i window(s) of at most 31 days", (from, to, count) => {
    const windows = searchWindows(new Date(from), new Date(to));
    expect(windows).toHaveLength(count);
    expect(windows[0]!.from).toEqual(new Date(from));
    expect(windows.at(-1)!.to).toEqual(new Date(to));
    for (const w of windows) expect(w.to.getTime() - w.from.getTime()).toBeLessThanOrEqual(31 * DAY);
  });
});

describe("submission status", () => {
  it.each([
    ["InProgress", "inprogress"],
    ["in progress", "inprogress"],
    ["PartiallyValid", "partiallyvalid"],
    ["partially valid", "partiallyvalid"],
    ["Valid", "valid"],
    ["INVALID", "invalid"],
  ])("%s reads as %s", (status, expected) => {
    expect(normaliseStatus(status)).toBe(expected);
  });
});

describe("LHDN error shapes", () => {
  it.each([
    [
      "standard (errorCode, errorMS, innerError)",
      400,
      {
        error: {
          propertyName: null,
          propertyPath: null,
          errorCode: "ActiveReferencingDocuments",
          error: "Document is referenced",
          errorMS: "Dokumen dirujuk",
          target: "X",
          innerError: null,
        },
      },
      "einvoice.referenced_by_active_document",
      ["ActiveReferencingDocuments"],
    ],
    [
      "submission gateway (code, message, details)",
      400,
      {
        error: {
          code: "ValidationError",
          message: null,
          target: null,
          details: [{ code: "submission", message: "Invalid structured submission. Correlation Id: 1" }],
        },
      },
      "einvoice.bad_structure",
      ["submission", "ValidationError"],
    ],
    [
      "validation result (status, error.innerError)",
      400,
      {
        status: "Invalid",
        error: {
          errorCode: "Error21",
          error: "Document Signature Validator",
          innerError: [{ errorCode: "DS322", error: "Document digest value doesn't match" }],
        },
      },
      "einvoice.signature_invalid",
      ["DS322", "Error21"],
    ],
    [
      "DS302 inside the signature step",
      400,
      {
        error: {
          errorCode: "Error21",
          error: "Document Signature Validator",
          innerError: [{ errorCode: "DS302", error: "Signature count not equal to 1." }],
        },
      },
      "einvoice.signature_invalid",
      ["DS302", "Error21"],
    ],
    ["OAuth login", 400, { error: "invalid_client" }, "einvoice.unauthorized", ["invalid_client"]],
    [
      "403 IncorrectSubmitter",
      403,
      { error: { code: "IncorrectSubmitter" } },
      "einvoice.incorrect_submitter",
      ["IncorrectSubmitter"],
    ],
    [
      "422 DuplicateSubmission",
      422,
      { error: { code: "DuplicateSubmission" } },
      "einvoice.duplicate_submission",
      ["DuplicateSubmission"],
    ],
    ["empty 503", 503, undefined, "einvoice.unavailable", ["ServiceUnavailable"]],
    ["empty 401", 401, "", "einvoice.unauthorized", ["Unauthorized"]],
    [
      "unknown code",
      400,
      { error: { errorCode: "Whatever9", error: "LHDN's words" } },
      "einvoice.bad_request",
      ["Whatever9"],
    ],
  ])("%s becomes our code with LHDN's codes kept", (_, status, body, code, lhdnCodes) => {
    const error = errorFromResponse({ status, body });
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({
      lhdnCodes,
      explanation: { en: expect.any(String), ms: expect.any(String) },
    });
  });

  it("falls back to LHDN's own message for a code it does not know", () => {
    const error = errorFromResponse({
      status: 400,
      body: { error: { errorCode: "Whatever9", error: "LHDN's words", errorMS: "Kata-kata LHDN" } },
    });
    expect(error.details).toMatchObject({ explanation: { en: "LHDN's words", ms: "Kata-kata LHDN" } });
  });
});
