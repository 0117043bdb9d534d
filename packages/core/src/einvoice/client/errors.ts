import { type ErrorCode, VisibleError } from "../../error";
import { type Entry, EXPLANATIONS, type Explanation } from "./explanations";

export type { Explanation } from "./explanations";
export { EXPLANATIONS } from "./explanations";

/** One problem LHDN reported about a request or a document, in our terms. */
export type Problem = {
  code: ErrorCode;
  /** LHDN's own codes, the most specific first (e.g. ["DS320", "Error21"]). */
  lhdnCodes: string[];
  explanation: Explanation;
  /** LHDN's own message, kept for support tickets. */
  lhdnMessage?: string;
  /** The validation step that failed, e.g. "Step08-Document Signature Validator". */
  step?: string;
  target?: string;
  propertyPath?: string;
};

/** The standard code LHDN means by each HTTP status when a body carries none (SDK standard-error-response). */
const STATUS_NAMES: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  429: "TooManyRequests",
  500: "InternalServerError",
  501: "InternalServerError",
  502: "ServiceUnavailable",
  503: "ServiceUnavailable",
  504: "ServiceUnavailable",
};

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return "einvoice.unauthorized";
  if (status === 403) return "einvoice.forbidden";
  if (status === 404) return "einvoice.not_found";
  if (status === 413) return "einvoice.submission_too_large";
  if (status === 429) return "einvoice.rate_limited";
  if (status >= 400 && status < 500) return "einvoice.bad_request";
  return "einvoice.unavailable";
}

/** An LHDN error, whichever of its shapes it came in. */
type Node = {
  code?: string;
  message?: string;
  messageMs?: string;
  target?: string;
  propertyPath?: string;
  children: Node[];
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/**
 * Reads both error objects LHDN uses: the standard one (`errorCode`, `error`, `errorMS` or
 * `errorMs`, `innerError`) and the submission one (`code`, `message`, `details`).
 */
function toNode(raw: unknown): Node | undefined {
  if (!isRecord(raw)) return undefined;
  const children = [raw.innerError, raw.details].flatMap((list) => (Array.isArray(list) ? list : []));
  return {
    code: text(raw.errorCode) ?? text(raw.code),
    message: text(raw.error) ?? text(raw.message),
    messageMs: text(raw.errorMS) ?? text(raw.errorMs),
    target: text(raw.target),
    propertyPath: text(raw.propertyPath),
    children: children.map(toNode).filter((node): node is Node => node !== undefined),
  };
}

/** The error inside a response body: `{error: {...}}`, an OAuth `{error, error_description}`, or a bare error. */
function rootOf(body: unknown): Node | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.error === "string") {
    return { code: body.error, message: text(body.error_description), children: [] };
  }
  return toNode(isRecord(body.error) ? body.error : body);
}

function leavesOf(node: Node, ancestors: Node[] = []): Node[][] {
  if (node.children.length === 0) return [[node, ...ancestors]];
  return node.children.flatMap((child) => leavesOf(child, [node, ...ancestors]));
}

function entryFor(code: string, chain: Node[], step: string | undefined): Entry | undefined {
  const inSignatureStep = [step, ...chain.map((node) => node.message)].some((s) => s && /signature/i.test(s));
  if (code === "DS302" && inSignatureStep) return EXPLANATIONS["DS302/signature"];
  return Object.hasOwn(EXPLANATIONS, code) ? EXPLANATIONS[code] : undefined;
}

/** One problem per innermost error: that is where LHDN says what to fix. */
function problemsOf(root: Node, fallback: ErrorCode, step?: string): Problem[] {
  return leavesOf(root).map((chain) => {
    const leaf = chain[0]!;
    const lhdnCodes = [...new Set(chain.map((node) => node.code).filter((c): c is string => !!c))];
    const known = lhdnCodes.map((code) => entryFor(code, chain, step)).find((entry) => entry !== undefined);
    const withMessage = chain.find((node) => node.message);
    const lhdnMessage = withMessage?.message;
    const explanation = known
      ? { en: known.en, ms: known.ms }
      : {
          en: lhdnMessage ?? "MyInvois reported a problem without saying what it was.",
          ms:
            withMessage?.messageMs ?? lhdnMessage ?? "MyInvois melaporkan masalah tanpa menyatakan puncanya.",
        };
    return {
      code: known?.code ?? fallback,
      lhdnCodes,
      explanation,
      ...(lhdnMessage && { lhdnMessage }),
      ...(step && { step }),
      ...(leaf.target && { target: leaf.target }),
      ...(leaf.propertyPath && { propertyPath: leaf.propertyPath }),
    };
  });
}

/** Normalises the error of one document LHDN did not accept at submission (`rejectedDocuments[].error`). */
export function rejectedDocumentProblem(error: unknown): Problem {
  const problems = problemsOf(toNode(error) ?? { children: [] }, "einvoice.rejected");
  return combine(problems, "einvoice.rejected");
}

/**
 * The problems of an Invalid document, one per failing validation step's innermost error
 * (`validationResults.validationSteps[].error`, SDK get-document-details).
 */
export function validationProblems(validationResults: unknown): Problem[] {
  if (!isRecord(validationResults) || !Array.isArray(validationResults.validationSteps)) return [];
  return validationResults.validationSteps.flatMap((step) => {
    if (!isRecord(step) || !isRecord(step.error)) return [];
    if (typeof step.status === "string" && normaliseStatus(step.status) === "valid") return [];
    const root = toNode(step.error)!;
    return problemsOf(root, "einvoice.rejected", text(step.name));
  });
}

function combine(problems: Problem[], fallback: ErrorCode): Problem {
  const primary = problems.find((p) => p.code !== fallback) ?? problems[0];
  if (!primary) {
    return {
      code: fallback,
      lhdnCodes: [],
      explanation: {
        en: "MyInvois reported a problem without saying what it was.",
        ms: "MyInvois melaporkan masalah tanpa menyatakan puncanya.",
      },
    };
  }
  if (problems.length === 1) return primary;
  return {
    ...primary,
    lhdnCodes: [...new Set(problems.flatMap((p) => p.lhdnCodes))],
    explanation: {
      en: [...new Set(problems.map((p) => p.explanation.en))].join(" "),
      ms: [...new Set(problems.map((p) => p.explanation.ms))].join(" "),
    },
  };
}

/** "In progress", "InProgress" and "in_progress" all read as "inprogress". */
export const normaliseStatus = (status: string) => status.toLowerCase().replace(/[\s_-]+/g, "");

export type ResponseFacts = {
  status: number;
  body: unknown;
  correlationId?: string;
  retryAfterSeconds?: number;
};

/**
 * Turns an LHDN error response into our VisibleError: our code from LHDN's most specific
 * known code (else from the HTTP status), LHDN's codes and message in `details`, and the
 * plain-language explanation as the message (English) and in `details.explanation`.
 */
export function errorFromResponse(response: ResponseFacts, fallback?: ErrorCode): VisibleError {
  const statusName = STATUS_NAMES[response.status];
  const root = rootOf(response.body) ?? { code: statusName, children: [] };
  if (!root.code && root.children.length === 0 && statusName) root.code = statusName;
  const problems = problemsOf(root, fallback ?? codeForStatus(response.status));
  const problem = combine(problems, fallback ?? codeForStatus(response.status));
  return new VisibleError(problem.code, problem.explanation.en, {
    httpStatus: response.status,
    lhdnCodes: problem.lhdnCodes,
    explanation: problem.explanation,
    ...(problem.lhdnMessage && { lhdnMessage: problem.lhdnMessage }),
    ...(problem.target && { target: problem.target }),
    ...(problem.propertyPath && { propertyPath: problem.propertyPath }),
    ...(problems.length > 1 && { problems }),
    ...(response.correlationId && { correlationId: response.correlationId }),
    ...(response.retryAfterSeconds !== undefined && { retryAfterSeconds: response.retryAfterSeconds }),
  });
}

/** Our own refusal before anything reaches LHDN, with the same detail shape. */
export function refusal(code: ErrorCode, explanation: Explanation, extra?: Record<string, unknown>) {
  return new VisibleError(code, explanation.en, {
    lhdnCodes: [],
    explanation: { en: explanation.en, ms: explanation.ms },
    ...extra,
  });
}
