import type * as z from "zod";
import { VisibleError } from "../../error";
import { type Clock, useClock } from "../../util/clock";
import { EXPLANATIONS, errorFromResponse, refusal, validationProblems } from "./errors";
import { createTransport, facts, type Reply, unexpected } from "./http";
import {
  cancelDeadline,
  canStillCancel,
  type Endpoint,
  nextPollDelay,
  POLL_FIRST_DELAY_MS,
  RATE_LIMITS,
  realSleep,
  type Sleep,
  searchWindows,
} from "./limits";
import {
  DocumentDetails,
  type DocumentSummary,
  RawDocument,
  type SearchDocument,
  SearchInput,
  SearchResponse,
  StateChangeReason,
  StateResponse,
  SubmissionResponse,
  type SubmitDocument,
  SubmitResponse,
  type TinIdType,
  ValidateTinInput,
} from "./schema";
import {
  documentOutcome,
  overallStatusOf,
  prepareSubmission,
  type SubmissionOutcome,
  type SubmitResult,
  settled,
  submitResultOf,
} from "./submission";

export * as MyInvois from "./client";
export type { Explanation, Problem } from "./errors";
export { EXPLANATIONS, normaliseStatus } from "./errors";
export { cancelDeadline, canStillCancel, RATE_LIMITS, searchWindows } from "./limits";
export * from "./schema";
export type {
  DocumentOutcome,
  DocumentStatus,
  SubmissionOutcome,
  SubmissionStatus,
  SubmitResult,
} from "./submission";

export const ENVIRONMENTS = {
  sandbox: {
    api: "https://preprod-api.myinvois.hasil.gov.my",
    portal: "https://preprod.myinvois.hasil.gov.my",
  },
  production: { api: "https://api.myinvois.hasil.gov.my", portal: "https://myinvois.hasil.gov.my" },
} as const;

export type ClientOptions = {
  environment: keyof typeof ENVIRONMENTS;
  clientId: string;
  clientSecret: string;
  /** Overrides the API base URL (tests point it at the local fake). */
  baseUrl?: string;
  /** Intermediaries: the taxpayer's TIN, or `TIN:BRN`, sent as the `onbehalfof` header. */
  onBehalfOf?: string;
  fetch?: typeof fetch;
  clock?: Clock;
  sleep?: Sleep;
  /** Lower per-endpoint limits, e.g. for the sandbox, whose limits LHDN does not publish. */
  rateLimits?: Partial<Record<Endpoint, number>>;
  maxRetryAfterSeconds?: number;
};

const PAGE_SIZE = 100;
const DEFAULT_POLL_TIMEOUT_MS = 120_000;

/** LHDN wants UTC without fractions: 2022-11-25T01:59:10Z. */
const lhdnTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

function parse<S extends z.ZodType>(schema: S, reply: Reply, endpoint: Endpoint): z.output<S> {
  const parsed = schema.safeParse(reply.body);
  if (!parsed.success) throw unexpected(endpoint);
  return parsed.data;
}

/**
 * The MyInvois (LHDN e-Invoice) API for one taxpayer's client ID. Calls to each endpoint are
 * spaced to LHDN's published limits, so a busy caller waits rather than being throttled.
 * Hazard: keep one client per client ID for the life of the process; separate clients do not
 * share their rate limiters or token.
 */
export function createMyInvoisClient(options: ClientOptions) {
  const clock: Clock = options.clock ?? { now: () => useClock().now() };
  const sleep = options.sleep ?? realSleep;
  const portal = ENVIRONMENTS[options.environment].portal;
  const http = createTransport({
    baseUrl: options.baseUrl ?? ENVIRONMENTS[options.environment].api,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    onBehalfOf: options.onBehalfOf,
    fetch: options.fetch ?? globalThis.fetch,
    clock,
    sleep,
    rateLimits: { ...RATE_LIMITS, ...options.rateLimits },
    maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 60,
  });

  const validationLink = (uuid: string, longId: string) =>
    `${portal}/${encodeURIComponent(uuid)}/share/${encodeURIComponent(longId)}`;

  /**
   * Sends signed documents. `document` must be the exact signed text: its UTF-8 bytes are
   * what is base64-encoded and hashed. LHDN's size limits are checked before anything is sent.
   * Accepted documents are not yet valid: follow with pollSubmission.
   */
  async function submit(documents: SubmitDocument[]): Promise<SubmitResult> {
    const payload = prepareSubmission(documents);
    const reply = await http.call(
      "submit",
      { method: "POST", path: "/api/v1.0/documentsubmissions/", json: payload },
      [200, 202],
    );
    return submitResultOf(parse(SubmitResponse, reply, "submit"));
  }

  /** One look at a submission (every page), without fetching the reasons of invalid documents. */
  async function getSubmission(submissionUid: string): Promise<SubmissionOutcome> {
    const documents: DocumentSummary[] = [];
    let overallStatus = "";
    for (let pageNo = 1; ; pageNo++) {
      const reply = await http.call("getSubmission", {
        method: "GET",
        path: `/api/v1.0/documentsubmissions/${encodeURIComponent(submissionUid)}`,
        query: { pageNo, pageSize: PAGE_SIZE },
      });
      const page = parse(SubmissionResponse, reply, "getSubmission");
      overallStatus = page.overallStatus;
      const summaries = page.documentSummary ?? [];
      documents.push(...summaries);
      if (summaries.length < PAGE_SIZE || documents.length >= (page.documentCount ?? 0)) break;
    }
    return {
      submissionUid,
      status: overallStatusOf(overallStatus),
      documents: documents.map((summary) => documentOutcome(summary, validationLink)),
    };
  }

  /**
   * Polls until LHDN has validated every document of the submission, backing off from 3 s.
   * Invalid documents come back with LHDN's reasons (from Get Document Details). Throws
   * `einvoice.poll_timeout` when `timeoutMs` passes first; the submission still stands.
   */
  async function pollSubmission(
    submissionUid: string,
    { timeoutMs = DEFAULT_POLL_TIMEOUT_MS }: { timeoutMs?: number } = {},
  ): Promise<SubmissionOutcome> {
    const deadline = clock.now().getTime() + timeoutMs;
    let delay = POLL_FIRST_DELAY_MS;
    let outcome: SubmissionOutcome | undefined;
    for (;;) {
      try {
        outcome = await getSubmission(submissionUid);
      } catch (error) {
        // Worth waiting out: an outage, or a 404 from a submission LHDN has not registered yet.
        const transient = ["einvoice.unavailable", "einvoice.not_found"];
        if (!(error instanceof VisibleError && transient.includes(error.code))) throw error;
      }
      if (outcome && settled(outcome)) break;
      if (clock.now().getTime() + delay > deadline) {
        throw refusal(
          "einvoice.poll_timeout",
          {
            en: "LHDN has not finished validating the submission yet. Check it again later.",
            ms: "LHDN belum selesai mengesahkan penghantaran. Semak semula kemudian.",
          },
          { submissionUid, lastStatus: outcome?.status },
        );
      }
      await sleep(delay);
      delay = nextPollDelay(delay);
    }
    for (const doc of outcome.documents) {
      if (doc.status === "invalid") {
        doc.errors = validationProblems((await getDocumentDetails(doc.uuid)).validationResults);
      }
    }
    return outcome;
  }

  /** Get Document: the summary and the original document text (not for Invalid documents). */
  async function getDocument(uuid: string): Promise<RawDocument> {
    const reply = await http.call("getDocument", {
      method: "GET",
      path: `/api/v1.0/documents/${encodeURIComponent(uuid)}/raw`,
    });
    return parse(RawDocument, reply, "getDocument");
  }

  /** Get Document Details, with `validationResults`. LHDN asks that it be used only for Invalid documents. */
  async function getDocumentDetails(uuid: string): Promise<DocumentDetails> {
    const reply = await http.call("getDocumentDetails", {
      method: "GET",
      path: `/api/v1.0/documents/${encodeURIComponent(uuid)}/details`,
    });
    return parse(DocumentDetails, reply, "getDocumentDetails");
  }

  /**
   * Every document in the range, however long: LHDN takes at most 31 days and 100 results
   * per request, so the range is split and every page fetched. Search is limited to 12
   * requests a minute, so a long range takes minutes; it is meant for audits, not for
   * following submissions (use pollSubmission).
   */
  async function search(input: SearchInput): Promise<SearchDocument[]> {
    const query = SearchInput.parse(input);
    const [fromKey, toKey] =
      query.by === "submission"
        ? ["submissionDateFrom", "submissionDateTo"]
        : ["issueDateFrom", "issueDateTo"];
    const found = new Map<string, SearchDocument>();
    for (const window of searchWindows(query.from, query.to)) {
      for (let pageNo = 1; ; pageNo++) {
        const reply = await http.call("search", {
          method: "GET",
          path: "/api/v1.0/documents/search",
          query: {
            [fromKey]: lhdnTime(window.from),
            [toKey]: lhdnTime(window.to),
            pageNo,
            pageSize: PAGE_SIZE,
            invoiceDirection: query.direction,
            status: query.status,
            documentType: query.documentType,
            searchQuery: query.query,
          },
        });
        const page = parse(SearchResponse, reply, "search");
        const results = page.result ?? [];
        // Windows share their boundary second, so a document there may come twice.
        for (const doc of results) found.set(doc.uuid, doc);
        const totalPages = page.metadata?.totalPages ?? (results.length < PAGE_SIZE ? pageNo : pageNo + 1);
        if (results.length === 0 || pageNo >= totalPages) break;
      }
    }
    return [...found.values()];
  }

  async function changeState(
    status: "cancelled" | "rejected",
    uuid: string,
    reason: string,
    validatedAt: Date | undefined,
  ) {
    const why = StateChangeReason.parse(reason);
    if (validatedAt && !canStillCancel(validatedAt, clock.now())) {
      throw refusal("einvoice.cancel_window_over", EXPLANATIONS.OperationPeriodOver!, {
        uuid,
        validatedAt: validatedAt.toISOString(),
        deadline: cancelDeadline(validatedAt).toISOString(),
      });
    }
    const endpoint = status === "cancelled" ? "cancel" : "reject";
    const reply = await http.call(endpoint, {
      method: "PUT",
      path: `/api/v1.0/documents/state/${encodeURIComponent(uuid)}/state`,
      json: { status, reason: why },
    });
    return parse(StateResponse, reply, endpoint);
  }

  /**
   * Cancels a document we issued (at most 72 h after it became valid). Pass `validatedAt`
   * when known: a document past its window is then refused here without calling LHDN.
   */
  const cancel = (uuid: string, reason: string, known: { validatedAt?: Date } = {}) =>
    changeState("cancelled", uuid, reason, known.validatedAt);

  /** As buyer, asks the issuer to cancel a document (once, within 72 h of validation). */
  const reject = (uuid: string, reason: string, known: { validatedAt?: Date } = {}) =>
    changeState("rejected", uuid, reason, known.validatedAt);

  /**
   * Whether LHDN knows this TIN with this ID. A malformed TIN or ID throws `einvoice.tin_invalid`.
   * Results change rarely: keep them on the customer rather than checking before every submission.
   */
  async function validateTin(tin: string, idType: TinIdType, idValue: string): Promise<boolean> {
    const input = ValidateTinInput.parse({ tin, idType, idValue });
    const reply = await http.call(
      "validateTin",
      {
        method: "GET",
        path: `/api/v1.0/taxpayer/validate/${encodeURIComponent(input.tin)}`,
        // LHDN matches the bare number: "900101-14-5678" is "900101145678".
        query: { idType: input.idType, idValue: input.idValue.replace(/[^A-Za-z0-9]/g, "") },
      },
      [200, 400, 404],
    );
    if (reply.status === 200) return true;
    if (reply.status === 404) return false;
    const lhdn = errorFromResponse(facts(reply));
    const explanation = {
      en: "The TIN or the ID number is not in a valid format.",
      ms: "TIN atau nombor pengenalan tidak dalam format yang sah.",
    };
    throw new VisibleError("einvoice.tin_invalid", explanation.en, {
      ...(lhdn.details as object),
      explanation,
    });
  }

  return {
    submit,
    getSubmission,
    pollSubmission,
    getDocument,
    getDocumentDetails,
    search,
    cancel,
    reject,
    validateTin,
    validationLink,
  };
}

export type MyInvoisClient = ReturnType<typeof createMyInvoisClient>;
