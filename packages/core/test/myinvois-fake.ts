import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../src/util/clock";
import { appClock } from "./clock";

/**
 * A local MyInvois (LHDN e-Invoice API) on loopback, speaking the response shapes of the SDK
 * pages and of real payloads quoted in public issues (see BRIEF §2): login, submit, get
 * submission, get document (raw, details), search, state change and TIN validation. It keeps
 * time by the clock it is given (by default the app's, so LHDN and the shop agree on the time),
 * so a test can move past token lifetimes and the 72-hour cancellation window instantly.
 */

export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  onBehalfOf?: string;
  contentType?: string;
  body: unknown;
  at: Date;
  status: number;
};

/** How a document fails validation: the failing step and LHDN's inner errors. */
export type ValidationFailure = {
  step: string;
  errorCode: string;
  error: string;
  errorMs: string;
  inner: {
    errorCode: string;
    error: string;
    errorMs: string;
    propertyName?: string;
    propertyPath?: string;
  }[];
};

type Status = "Submitted" | "Valid" | "Invalid" | "Cancelled";

export type FakeDocument = {
  uuid: string;
  submissionUid: string;
  codeNumber: string;
  format: string;
  document: string;
  status: Status;
  longId?: string;
  dateTimeIssued: string;
  dateTimeReceived: string;
  dateTimeValidated?: string;
  cancelDateTime?: string;
  rejectRequestDateTime?: string;
  documentStatusReason?: string;
  failure?: ValidationFailure;
};

export type FakeOptions = {
  clock?: Clock;
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
  /** Which documents become Invalid; by default numbers starting BADPHONE, BAD or DUP (see defaultInvalidate). */
  invalidate?: (codeNumber: string) => ValidationFailure | undefined;
  /** Taxpayers Validate TIN knows. */
  tins?: { tin: string; idType: string; idValue: string }[];
};

export const SIGNATURE_FAILURE: ValidationFailure = {
  step: "Step08-Document Signature Validator",
  errorCode: "Error21",
  error: "Document Signature Validator",
  errorMs: "Document Signature Validator",
  inner: [
    {
      errorCode: "DS320",
      error:
        "Signed properties digest value doesn't match digest calculated value from provided signed properties section where ID is id-xades-signed-props.",
      errorMs:
        "Nilai pencernaan sifat yang ditandatangani tidak sepadan dengan nilai pencernaan yang dikira dari bahagian sifat yang ditandatangani yang diberikan di mana ID adalah id-xades-signed-props.",
      propertyName: "DigestValue",
      propertyPath: "Invoice.UBLExtensions.UBLExtensions.ExtensionContent.UBLDocumentSignatures",
    },
    {
      errorCode: "DS326",
      error:
        "Certificate X509IssuerName doesn't match the X509IssuerName value provided in the signed properties section.",
      errorMs:
        "X509IssuerName sijil tidak sepadan dengan nilai X509IssuerName dalam bahagian sifat yang ditandatangani.",
      propertyName: "X509IssuerName",
      propertyPath: "Invoice.UBLExtensions.UBLExtensions.ExtensionContent.UBLDocumentSignatures",
    },
  ],
};

/** A core-field error with a code our table does not know (CF codes are unpublished). */
export const PHONE_FAILURE: ValidationFailure = {
  step: "Step02-Core Fields Validator",
  errorCode: "Error02",
  error: "Core Fields Validator",
  errorMs: "Pengesah Medan Teras",
  inner: [
    {
      errorCode: "CF364",
      error: "Supplier's contact number is not in a valid format.",
      errorMs: "Nombor telefon pembekal tidak dalam format yang sah.",
      propertyName: "Telephone",
      propertyPath: "Invoice.AccountingSupplierParty.Party.Contact.Telephone",
    },
  ],
};

export const DUPLICATE_FAILURE: ValidationFailure = {
  step: "Step03-Duplicated Submission Validator",
  errorCode: "Error03",
  error: "Duplicated Submission Validator",
  errorMs: "Penduaan Submission Validator",
  inner: [
    {
      errorCode: "DS302",
      error:
        "Duplicated submitted document with UUID 132YBP1HE6GHJ0XSVNW0141J10 where the values of configured attributes match with values for the document with UUID: GJCGP9RWJF7961J8XNW0141J10",
      errorMs: "MS-Duplicated submitted document with UUID 132YBP1HE6GHJ0XSVNW0141J10",
      propertyName: "document",
      propertyPath: "document",
    },
  ],
};

function defaultInvalidate(codeNumber: string): ValidationFailure | undefined {
  if (codeNumber.startsWith("BADPHONE")) return PHONE_FAILURE;
  if (codeNumber.startsWith("BAD")) return SIGNATURE_FAILURE;
  if (codeNumber.startsWith("DUP")) return DUPLICATE_FAILURE;
  return undefined;
}

const STEPS = [
  "Step01-Structure Validator",
  "Step02-Core Fields Validator",
  "Step03-Duplicated Submission Validator",
  "Step08-Document Signature Validator",
];
const DAY_MS = 24 * 60 * 60 * 1000;
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const randomId = (length: number) =>
  Array.from(randomBytes(length), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join("");
const lhdnTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

/** The standard error shape (SDK standard-error-response). */
const standardError = (errorCode: string, error: string, errorMS: string, target?: string) => ({
  error: {
    propertyName: null,
    propertyPath: null,
    errorCode,
    error,
    errorMS,
    target: target ?? null,
    innerError: null,
  },
});
/** The submission/gateway shape (`code`, `message`, `details`). */
const gatewayError = (
  code: string | null,
  message: string,
  target: string | null,
  details: unknown[] = [],
) => ({
  code,
  message,
  target,
  propertyPath: null,
  details,
});

export async function startMyInvoisFake(options: FakeOptions = {}) {
  const clock = options.clock ?? appClock;
  const clientId = options.clientId ?? "test-client-id";
  const clientSecret = options.clientSecret ?? "test-client-secret";
  const ttlSeconds = options.tokenTtlSeconds ?? 3600;
  const tokens = new Map<string, number>();
  const submissions = new Map<string, { polls: number; uuids: string[] }>();
  const recentPayloads = new Map<string, number>();
  const documents = new Map<string, FakeDocument>();
  const requests: RecordedRequest[] = [];
  const searchWindows: { by: "submission" | "issue"; from: string; to: string; pageNo: number }[] = [];
  let throttle = { remaining: 0, retryAfterSeconds: 0 };
  let logins = 0;
  const fake = {
    invalidate: options.invalidate ?? defaultInvalidate,
    tins: options.tins ?? [],
  };
  const now = () => clock.now();

  function summary(doc: FakeDocument) {
    return {
      uuid: doc.uuid,
      submissionUid: doc.submissionUid,
      longId: doc.longId ?? "",
      internalId: doc.codeNumber,
      typeName: "invoice",
      typeVersionName: "1.1",
      issuerTin: "C20880050010",
      issuerName: "Kedai Baiki Fon Contoh Sdn Bhd",
      receiverId: "201901234567",
      receiverName: "Pelanggan Contoh",
      dateTimeIssued: doc.dateTimeIssued,
      dateTimeReceived: doc.dateTimeReceived,
      dateTimeValidated: doc.dateTimeValidated ?? null,
      totalExcludingTax: 100,
      totalDiscount: 0,
      totalNetAmount: 100,
      totalPayableAmount: 100,
      status: doc.status,
      cancelDateTime: doc.cancelDateTime ?? null,
      rejectRequestDateTime: doc.rejectRequestDateTime ?? null,
      documentStatusReason: doc.documentStatusReason ?? null,
      createdByUserId: "C20880050010:erp",
    };
  }

  function searchRow(doc: FakeDocument) {
    const { submissionUid, totalExcludingTax, totalNetAmount, totalPayableAmount, ...rest } = summary(doc);
    return {
      ...rest,
      submissionUID: submissionUid,
      totalSales: totalExcludingTax,
      netAmount: totalNetAmount,
      total: totalPayableAmount,
      supplierTIN: "C20880050010",
      supplierName: "Kedai Baiki Fon Contoh Sdn Bhd",
      buyerTIN: "IG12345678901",
      buyerName: "Pelanggan Contoh",
      submissionChannel: "ERP",
      intermediaryName: null,
      intermediaryTin: null,
      intermediaryRob: null,
    };
  }

  function validationResults(doc: FakeDocument) {
    const failingAt = doc.failure ? STEPS.indexOf(doc.failure.step) : -1;
    const steps = STEPS.map((name, index) => {
      if (index !== failingAt || !doc.failure) return { status: "Valid", name };
      const f = doc.failure;
      return {
        status: "Invalid",
        name,
        error: {
          propertyName: null,
          propertyPath: null,
          errorCode: f.errorCode,
          error: f.error,
          errorMs: f.errorMs,
          innerError: f.inner.map((inner) => ({
            propertyName: inner.propertyName ?? null,
            propertyPath: inner.propertyPath ?? null,
            errorCode: inner.errorCode,
            error: inner.error,
            errorMs: inner.errorMs,
            innerError: null,
          })),
        },
      };
    });
    return { status: doc.status === "Invalid" ? "Invalid" : "Valid", validationSteps: steps };
  }

  /** Validation finishes on the second poll: each document becomes Valid or Invalid then. */
  function settle(uuids: string[]) {
    for (const uuid of uuids) {
      const doc = documents.get(uuid)!;
      if (doc.status !== "Submitted") continue;
      doc.failure = fake.invalidate(doc.codeNumber);
      if (doc.failure) {
        doc.status = "Invalid";
      } else {
        doc.status = "Valid";
        doc.longId = randomId(40);
        doc.dateTimeValidated = lhdnTime(now());
      }
    }
  }

  type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

  function submit(raw: Buffer, body: unknown): Answer {
    const list = (body as { documents?: unknown })?.documents;
    if (!Array.isArray(list) || list.length === 0) {
      return {
        status: 400,
        body: { error: gatewayError("BadStructure", "Submission structure is not valid.", "documents") },
      };
    }
    if (raw.length > 5 * 1024 * 1024 || list.length > 100) {
      return {
        status: 400,
        body: {
          error: gatewayError(
            "MaximumSizeExceeded",
            "Submission exceeds 5 MB or 100 documents.",
            "documents",
          ),
        },
      };
    }
    const payloadHash = createHash("sha256").update(raw).digest("hex");
    const seenAt = recentPayloads.get(payloadHash);
    const tenMinutes = 10 * 60 * 1000;
    if (seenAt !== undefined && now().getTime() - seenAt < tenMinutes) {
      const retryAfter = Math.ceil((seenAt + tenMinutes - now().getTime()) / 1000);
      return {
        status: 422,
        headers: { "Retry-After": String(retryAfter) },
        body: { error: gatewayError("DuplicateSubmission", "Duplicated submission.", "submission") },
      };
    }
    recentPayloads.set(payloadHash, now().getTime());
    const submissionUid = randomId(26);
    const acceptedDocuments: { uuid: string; invoiceCodeNumber: string }[] = [];
    const rejectedDocuments: { invoiceCodeNumber: string; error: unknown }[] = [];
    for (const item of list as Record<string, unknown>[]) {
      const codeNumber = String(item.codeNumber ?? "");
      const encoded = String(item.document ?? "");
      const bytes = Buffer.from(encoded, "base64");
      const reject = (message: string, target: string, code: string | null = null) =>
        rejectedDocuments.push({
          invoiceCodeNumber: codeNumber,
          error: gatewayError(code, "Validation Error", codeNumber, [gatewayError(code, message, target)]),
        });
      if (bytes.toString("base64") !== encoded || bytes.length === 0) {
        reject("Document is not valid base64.", "document");
      } else if (bytes.length > 300 * 1024) {
        reject("Document exceeds 300 KB.", "document", "MaximumSizeExceeded");
      } else if (createHash("sha256").update(bytes).digest("hex") !== item.documentHash) {
        reject("Document hash is not valid.", "documentHash");
      } else {
        const uuid = randomId(26);
        const text = bytes.toString("utf8");
        documents.set(uuid, {
          uuid,
          submissionUid,
          codeNumber,
          format: String(item.format ?? "JSON"),
          document: text,
          status: "Submitted",
          dateTimeIssued: issuedAt(text) ?? lhdnTime(now()),
          dateTimeReceived: lhdnTime(now()),
        });
        acceptedDocuments.push({ uuid, invoiceCodeNumber: codeNumber });
      }
    }
    if (acceptedDocuments.length > 0) {
      submissions.set(submissionUid, { polls: 0, uuids: acceptedDocuments.map((d) => d.uuid) });
    }
    return {
      status: 202,
      body: {
        submissionUid: acceptedDocuments.length > 0 ? submissionUid : null,
        acceptedDocuments,
        rejectedDocuments,
      },
    };
  }

  function getSubmission(uid: string, query: Record<string, string>): Answer {
    const submission = submissions.get(uid);
    if (!submission) return { status: 404, body: standardError("NotFound", "Submission not found", "", uid) };
    const pageSize = Number(query.pageSize ?? 100);
    const pageNo = Number(query.pageNo ?? 1);
    if (!(pageSize >= 1 && pageSize <= 100) || !(pageNo >= 1)) {
      return { status: 400, body: standardError("BadArgument", "pageSize must be 1-100", "", "pageSize") };
    }
    submission.polls += 1;
    if (submission.polls > 1) settle(submission.uuids);
    const docs = submission.uuids.map((uuid) => documents.get(uuid)!);
    const statuses = new Set(docs.map((d) => d.status));
    const overallStatus = statuses.has("Submitted")
      ? "InProgress"
      : statuses.size === 1 && statuses.has("Invalid")
        ? "Invalid"
        : statuses.has("Invalid")
          ? "PartiallyValid"
          : "Valid";
    return {
      status: 200,
      body: {
        submissionUid: uid,
        documentCount: docs.length,
        dateTimeReceived: docs[0]?.dateTimeReceived,
        overallStatus,
        documentSummary: docs.slice((pageNo - 1) * pageSize, pageNo * pageSize).map(summary),
      },
    };
  }

  function search(query: Record<string, string>): Answer {
    const by = query.submissionDateFrom || query.submissionDateTo ? "submission" : "issue";
    const from = Date.parse(query[by === "submission" ? "submissionDateFrom" : "issueDateFrom"] ?? "");
    const to = Date.parse(query[by === "submission" ? "submissionDateTo" : "issueDateTo"] ?? "");
    const pageSize = Number(query.pageSize ?? 100);
    const pageNo = Number(query.pageNo ?? 1);
    const bad = (message: string, target: string) => ({
      status: 400,
      body: standardError("BadArgument", message, message, target),
    });
    if (Number.isNaN(from) || Number.isNaN(to)) return bad("A date range is required", "submissionDateFrom");
    if (from >= to) return bad("From must be before To", "submissionDateTo");
    if (to - from > 31 * DAY_MS) return bad("The date range cannot exceed 31 days", "submissionDateTo");
    if (!(pageSize >= 1 && pageSize <= 100)) return bad("pageSize must be 1-100", "pageSize");
    searchWindows.push({ by, from: new Date(from).toISOString(), to: new Date(to).toISOString(), pageNo });
    const matching = [...documents.values()]
      .filter((doc) => {
        const at = Date.parse(by === "submission" ? doc.dateTimeReceived : doc.dateTimeIssued);
        return at >= from && at <= to && (!query.status || doc.status === query.status);
      })
      .sort((a, b) => a.dateTimeReceived.localeCompare(b.dateTimeReceived));
    return {
      status: 200,
      body: {
        result: matching.slice((pageNo - 1) * pageSize, pageNo * pageSize).map(searchRow),
        metadata: { totalPages: Math.ceil(matching.length / pageSize), totalCount: matching.length },
      },
    };
  }

  function changeState(uuid: string, body: unknown): Answer {
    const doc = documents.get(uuid);
    if (!doc) return { status: 404, body: standardError("NotFound", "Document not found", "", uuid) };
    const { status, reason } = (body ?? {}) as { status?: string; reason?: string };
    if ((status !== "cancelled" && status !== "rejected") || !reason || reason.length > 300) {
      return { status: 400, body: standardError("BadArgument", "Invalid status or reason", "", "status") };
    }
    if (doc.status !== "Valid" || (status === "rejected" && doc.rejectRequestDateTime)) {
      return {
        status: 400,
        body: standardError(
          "IncorrectState",
          "The document is not in a state that allows this operation",
          "Dokumen tidak berada dalam keadaan yang membenarkan operasi ini",
          uuid,
        ),
      };
    }
    const validatedAt = Date.parse(doc.dateTimeValidated ?? "");
    if (now().getTime() - validatedAt >= 72 * 60 * 60 * 1000) {
      return {
        status: 400,
        body: standardError(
          "OperationPeriodOver",
          "The time limit for this operation has expired",
          "Had masa untuk operasi ini telah tamat",
          uuid,
        ),
      };
    }
    doc.documentStatusReason = reason;
    if (status === "cancelled") {
      doc.status = "Cancelled";
      doc.cancelDateTime = lhdnTime(now());
      return { status: 200, body: { uuid, status: "Cancelled" } };
    }
    doc.rejectRequestDateTime = lhdnTime(now());
    return { status: 200, body: { uuid, status: "Requested for Rejection" } };
  }

  function validateTin(tin: string, query: Record<string, string>): Answer {
    const known = /^(IG|C|CS|D|F|FA|PT|TA|TC|TN|TR|TP|J|LE|EI)\d{6,13}$/.test(tin);
    if (!known || !["NRIC", "PASSPORT", "BRN", "ARMY"].includes(query.idType ?? "") || !query.idValue) {
      return {
        status: 400,
        body: standardError("BadArgument", "Invalid TIN or ID", "TIN atau ID tidak sah", "tin"),
      };
    }
    const match = fake.tins.some(
      (t) => t.tin === tin && t.idType === query.idType && t.idValue === query.idValue,
    );
    return match ? { status: 200 } : { status: 404 };
  }

  function route(
    method: string,
    path: string,
    query: Record<string, string>,
    raw: Buffer,
    body: unknown,
  ): Answer {
    if (method === "POST" && path === "/connect/token") {
      const form = body as Record<string, string>;
      if (
        form.grant_type !== "client_credentials" ||
        form.client_id !== clientId ||
        form.client_secret !== clientSecret
      ) {
        return {
          status: 400,
          body: { error: "invalid_client", error_description: "Client authentication failed" },
        };
      }
      logins += 1;
      const accessToken = `eyJ.${randomId(32)}.sig`;
      tokens.set(accessToken, now().getTime() + ttlSeconds * 1000);
      return {
        status: 200,
        body: {
          access_token: accessToken,
          token_type: "Bearer",
          expires_in: ttlSeconds,
          scope: "InvoicingAPI",
        },
      };
    }
    if (method === "POST" && /^\/api\/v1\.0\/documentsubmissions\/?$/.test(path)) return submit(raw, body);
    let match = /^\/api\/v1\.0\/documentsubmissions\/([^/]+)$/.exec(path);
    if (method === "GET" && match) return getSubmission(match[1]!, query);
    match = /^\/api\/v1\.0\/documents\/([^/]+)\/(raw|details)$/.exec(path);
    if (method === "GET" && match) {
      const doc = documents.get(match[1]!);
      if (!doc) return { status: 404, body: standardError("NotFound", "Document not found", "", match[1]) };
      if (match[2] === "details")
        return { status: 200, body: { ...summary(doc), validationResults: validationResults(doc) } };
      return {
        status: 200,
        body: { ...summary(doc), document: doc.status === "Invalid" ? null : doc.document },
      };
    }
    if (method === "GET" && path === "/api/v1.0/documents/search") return search(query);
    match = /^\/api\/v1\.0\/documents\/state\/([^/]+)\/state$/.exec(path);
    if (method === "PUT" && match) return changeState(match[1]!, body);
    match = /^\/api\/v1\.0\/taxpayer\/validate\/([^/]+)$/.exec(path);
    if (method === "GET" && match) return validateTin(decodeURIComponent(match[1]!), query);
    return { status: 404, body: standardError("NotFound", `No route ${method} ${path}`, "") };
  }

  function authorised(header: string | undefined) {
    const token = header?.replace(/^Bearer\s+/i, "");
    const expiresAt = token ? tokens.get(token) : undefined;
    return expiresAt !== undefined && now().getTime() < expiresAt;
  }

  async function handle(req: http.IncomingMessage): Promise<Answer & { record: RecordedRequest }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://fake");
    const contentType = req.headers["content-type"];
    const text = raw.toString("utf8");
    let body: unknown;
    if (contentType?.startsWith("application/x-www-form-urlencoded")) {
      body = Object.fromEntries(new URLSearchParams(text));
    } else if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      onBehalfOf: req.headers.onbehalfof as string | undefined,
      contentType,
      body,
      at: now(),
      status: 0,
    };
    let answer: Answer;
    if (throttle.remaining > 0) {
      throttle.remaining -= 1;
      answer = {
        status: 429,
        headers: { "Retry-After": String(throttle.retryAfterSeconds) },
        body: standardError("TooManyRequests", "Too many requests", "Terlalu banyak permintaan"),
      };
    } else if (url.pathname !== "/connect/token" && !authorised(req.headers.authorization)) {
      answer = { status: 401 };
    } else {
      answer = route(record.method, url.pathname, record.query, raw, body);
    }
    record.status = answer.status;
    return { ...answer, record };
  }

  const server = http.createServer((req, res) => {
    handle(req).then(
      ({ status, body, headers, record }) => {
        requests.push(record);
        res.writeHead(status, {
          correlationId: randomId(12),
          ...(body !== undefined && { "Content-Type": "application/json" }),
          ...headers,
        });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      },
      (error: unknown) => {
        res.writeHead(500, { "Content-Type": "text/plain" });
        res.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    searchWindows,
    documents,
    get logins() {
      return logins;
    },
    /** Every request to paths matching `pattern`, in order. */
    requestsTo: (pattern: RegExp, method?: string) =>
      requests.filter((r) => pattern.test(r.path) && (!method || r.method === method)),
    /** Invalidates every token handed out so far, as if LHDN had restarted. */
    expireTokens: () => tokens.clear(),
    /** The next `count` requests, whatever they are, get 429 with `Retry-After`. */
    throttleNext: (count: number, retryAfterSeconds: number) => {
      throttle = { remaining: count, retryAfterSeconds };
    },
    setInvalidate: (rule: (codeNumber: string) => ValidationFailure | undefined) => {
      fake.invalidate = rule;
    },
    /** Documents that LHDN already holds, e.g. for searches or late cancellations. */
    seed: (docs: (Partial<FakeDocument> & { dateTimeReceived: string })[]) =>
      docs.map((partial) => {
        const doc: FakeDocument = {
          uuid: randomId(26),
          submissionUid: randomId(26),
          codeNumber: `INV-${randomId(6)}`,
          format: "JSON",
          document: "{}",
          status: "Valid",
          longId: randomId(40),
          dateTimeIssued: partial.dateTimeReceived,
          dateTimeValidated: partial.dateTimeReceived,
          ...partial,
        };
        documents.set(doc.uuid, doc);
        return doc;
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export type MyInvoisFake = Awaited<ReturnType<typeof startMyInvoisFake>>;

/** `Invoice[0].IssueDate` + `IssueTime` of a UBL JSON document, when it has them. */
function issuedAt(text: string): string | undefined {
  try {
    const invoice = JSON.parse(text)?.Invoice?.[0];
    const date = invoice?.IssueDate?.[0]?._;
    const time = invoice?.IssueTime?.[0]?._;
    return date && time ? `${date}T${time}` : undefined;
  } catch {
    return undefined;
  }
}
