import { createHash } from "node:crypto";
import { Env } from "../../env/index";
import { VisibleError } from "../../error";
import { Settings } from "../../settings/index";
import { useClock } from "../../util/clock";
import { createMyInvoisClient, type MyInvoisClient, type Problem } from "../client/client";
import { buildDocument, type UblDocument } from "../document/document";
import type { DocumentInput } from "../document/input";
import { EinvoiceEnv } from "../env";
import { type Credentials, loadCredentials, sign } from "../signature/signature";
import { validateDocument } from "../validation/validate";
import type { Reason } from "./request";

export type { Reason } from "./request";

/** How the shop reaches MyInvois: the API client when credentials are set, the signing certificate when one is. */
export type Connection = {
  client?: MyInvoisClient;
  credentials?: Credentials;
  /** 1.1 (signed) when there is a certificate; 1.0 (unsigned, still accepted by LHDN) otherwise. */
  version: "1.0" | "1.1";
};

/**
 * One client per credentials for the life of the process: its token and its per-endpoint
 * rate limiters then last across jobs (LHDN allows 12 logins a minute).
 */
const clients = new Map<string, MyInvoisClient>();
function cachedClient(environment: "sandbox" | "production", clientId: string, clientSecret: string) {
  const baseUrl = Env.read(EinvoiceEnv).MYINVOIS_API_URL;
  const key = createHash("sha256")
    .update(`${environment}\0${clientId}\0${clientSecret}\0${baseUrl ?? ""}`)
    .digest("hex");
  let client = clients.get(key);
  if (!client) {
    client = createMyInvoisClient({ environment, clientId, clientSecret, baseUrl });
    clients.set(key, client);
  }
  return client;
}

/** MYINVOIS_API_URL points the client at another server (tests use a local fake of MyInvois). */
export async function useConnection(): Promise<Connection> {
  const m = await Settings.section("myinvois");
  const [secret, certificate, password] = await Promise.all([
    Settings.secret("myinvois", "client_secret"),
    Settings.secret("myinvois", "certificate"),
    Settings.secret("myinvois", "certificate_password"),
  ]);
  const credentials = certificate ? await loadCredentials({ certificate, password }) : undefined;
  const client = m.client_id && secret ? cachedClient(m.environment, m.client_id, secret) : undefined;
  return { client, credentials, version: credentials ? "1.1" : "1.0" };
}

export type Prepared =
  | { ok: true; text: string; document: UblDocument }
  | { ok: false; reasons: Reason[]; document?: UblDocument };

/**
 * Builds, checks and signs. Nothing is sent when the pre-flight check finds an error: LHDN
 * would refuse it too, and its reasons are harder to read than ours.
 */
export async function prepare(input: DocumentInput, connection: Connection): Promise<Prepared> {
  const now = useClock().now();
  const document = buildDocument(input);
  const { issues } = validateDocument(document, { now, beforeSigning: true });
  const errors = issues.filter((issue) => issue.severity === "error");
  if (errors.length)
    return {
      ok: false,
      document,
      reasons: errors.map((issue) => ({
        source: "preflight",
        code: issue.code,
        message: issue.message,
        path: issue.path,
      })),
    };
  const text = connection.credentials
    ? sign(document, connection.credentials, now)
    : JSON.stringify(document);
  return { ok: true, text, document };
}

export const fromProblem = (problem: Problem): Reason => ({
  source: "lhdn",
  code: problem.code,
  message: problem.explanation,
  path: problem.propertyPath,
  lhdn_codes: problem.lhdnCodes,
});

export type Outcome =
  | { kind: "rejected"; reasons: Reason[]; submissionUid?: string; uuid?: string }
  | { kind: "invalid"; reasons: Reason[]; submissionUid: string; uuid: string }
  | { kind: "submitted"; submissionUid: string; uuid?: string }
  | { kind: "valid"; submissionUid: string; uuid: string; longId?: string; validatedAt?: Date };

/** How long one job waits for LHDN's validation before it schedules another look. */
const POLL_WITHIN_MS = 30_000;

/**
 * Hands one signed document to LHDN. Accepted is not yet valid: follow with `pollOne`. The
 * caller records the submission before polling, so a failure while waiting cannot make a
 * retry submit the same sale twice.
 */
export async function submitOne(
  client: MyInvoisClient,
  codeNumber: string,
  text: string,
): Promise<
  { kind: "rejected"; reasons: Reason[] } | { kind: "accepted"; submissionUid: string; uuid: string }
> {
  const result = await client.submit([{ codeNumber, document: text }]);
  const rejected = result.rejected.find((r) => r.codeNumber === codeNumber);
  const accepted = result.accepted.find((a) => a.codeNumber === codeNumber);
  if (rejected || !result.submissionUid || !accepted)
    return { kind: "rejected", reasons: rejected ? [fromProblem(rejected.error)] : [] };
  return { kind: "accepted", submissionUid: result.submissionUid, uuid: accepted.uuid };
}

/** Waits a while for LHDN's verdict on a submission. Still validating after that is "submitted", not an error. */
export async function pollOne(
  client: MyInvoisClient,
  codeNumber: string,
  submissionUid: string,
): Promise<Outcome> {
  try {
    const outcome = await client.pollSubmission(submissionUid, { timeoutMs: POLL_WITHIN_MS });
    const document = outcome.documents.find((d) => d.codeNumber === codeNumber) ?? outcome.documents[0];
    if (!document) return { kind: "rejected", reasons: [], submissionUid };
    if (document.status === "invalid")
      return {
        kind: "invalid",
        reasons: document.errors.map(fromProblem),
        submissionUid,
        uuid: document.uuid,
      };
    if (document.status === "valid")
      return {
        kind: "valid",
        submissionUid,
        uuid: document.uuid,
        longId: document.longId,
        validatedAt: document.validatedAt,
      };
    return { kind: "submitted", submissionUid, uuid: document.uuid };
  } catch (error) {
    if (error instanceof VisibleError && error.code === "einvoice.poll_timeout")
      return { kind: "submitted", submissionUid };
    throw error;
  }
}
