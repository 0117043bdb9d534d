import { createHash } from "node:crypto";
import { normaliseStatus, type Problem, refusal, rejectedDocumentProblem } from "./errors";
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_SUBMISSION, MAX_SUBMISSION_BYTES } from "./limits";
import { type DocumentSummary, type SubmitDocument, SubmitInput, type SubmitResponse } from "./schema";

export type SubmissionStatus = "in_progress" | "valid" | "partially_valid" | "invalid";
export type DocumentStatus = "submitted" | "valid" | "invalid" | "cancelled";

export type DocumentOutcome = {
  uuid: string;
  codeNumber?: string;
  status: DocumentStatus;
  longId?: string;
  validatedAt?: Date;
  /** The public validation link (for the QR code); valid documents only. */
  validationLink?: string;
  /** Why an Invalid document failed; filled by pollSubmission. */
  errors: Problem[];
};

export type SubmissionOutcome = {
  submissionUid: string;
  status: SubmissionStatus;
  documents: DocumentOutcome[];
};

export type SubmitResult = {
  /** Null when LHDN accepted none of the documents. */
  submissionUid: string | null;
  accepted: { uuid: string; codeNumber: string }[];
  rejected: { codeNumber: string; error: Problem }[];
};

const OVERALL: Record<string, SubmissionStatus> = {
  inprogress: "in_progress",
  valid: "valid",
  partiallyvalid: "partially_valid",
  invalid: "invalid",
};
const DOCUMENT: Record<string, DocumentStatus> = {
  submitted: "submitted",
  valid: "valid",
  invalid: "invalid",
  cancelled: "cancelled",
};

export const overallStatusOf = (status: string): SubmissionStatus =>
  OVERALL[normaliseStatus(status)] ?? "in_progress";

/** Done when LHDN says so overall and no document is still waiting (statuses are checked both ways). */
export const settled = (outcome: SubmissionOutcome) =>
  outcome.status !== "in_progress" && outcome.documents.every((doc) => doc.status !== "submitted");

export function documentOutcome(
  summary: DocumentSummary,
  validationLink: (uuid: string, longId: string) => string,
): DocumentOutcome {
  const status = DOCUMENT[normaliseStatus(summary.status)] ?? "submitted";
  const longId = summary.longId || undefined;
  return {
    uuid: summary.uuid,
    ...(summary.internalId && { codeNumber: summary.internalId }),
    status,
    ...(longId && { longId }),
    ...(summary.dateTimeValidated && { validatedAt: new Date(summary.dateTimeValidated) }),
    ...(longId && status === "valid" && { validationLink: validationLink(summary.uuid, longId) }),
    errors: [],
  };
}

const sha256Hex = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/**
 * The Submit Documents body: each document's UTF-8 bytes, base64 and their lowercase hex
 * SHA-256. Refuses, before anything is sent, what LHDN would refuse for size.
 */
export function prepareSubmission(documents: SubmitDocument[]) {
  const input = SubmitInput.parse(documents);
  if (input.length > MAX_DOCUMENTS_PER_SUBMISSION) {
    throw refusal(
      "einvoice.too_many_documents",
      {
        en: `A submission can hold at most ${MAX_DOCUMENTS_PER_SUBMISSION} documents; this one has ${input.length}. Send them in smaller batches.`,
        ms: `Satu penghantaran boleh mengandungi maksimum ${MAX_DOCUMENTS_PER_SUBMISSION} dokumen; yang ini ada ${input.length}. Hantar dalam kumpulan yang lebih kecil.`,
      },
      { count: input.length, max: MAX_DOCUMENTS_PER_SUBMISSION },
    );
  }
  const payload = {
    documents: input.map((doc) => {
      const bytes = Buffer.from(doc.document, "utf8");
      if (bytes.length > MAX_DOCUMENT_BYTES) {
        const kb = Math.ceil(bytes.length / 1024);
        throw refusal(
          "einvoice.document_too_large",
          {
            en: `Document ${doc.codeNumber} is ${kb} KB; LHDN accepts at most 300 KB per document.`,
            ms: `Dokumen ${doc.codeNumber} bersaiz ${kb} KB; LHDN menerima maksimum 300 KB bagi setiap dokumen.`,
          },
          { codeNumber: doc.codeNumber, bytes: bytes.length, max: MAX_DOCUMENT_BYTES },
        );
      }
      return {
        format: doc.format,
        document: bytes.toString("base64"),
        documentHash: sha256Hex(bytes),
        codeNumber: doc.codeNumber,
      };
    }),
  };
  const size = Buffer.byteLength(JSON.stringify(payload));
  if (size > MAX_SUBMISSION_BYTES) {
    const mb = (size / 1024 / 1024).toFixed(1);
    throw refusal(
      "einvoice.submission_too_large",
      {
        en: `This submission is ${mb} MB; LHDN accepts at most 5 MB at once. Send fewer documents at a time.`,
        ms: `Penghantaran ini bersaiz ${mb} MB; LHDN menerima maksimum 5 MB sekali gus. Hantar lebih sedikit dokumen pada satu masa.`,
      },
      { bytes: size, max: MAX_SUBMISSION_BYTES },
    );
  }
  return payload;
}

/** The 202 of Submit Documents, with each rejected document's error normalised. */
export function submitResultOf(body: SubmitResponse): SubmitResult {
  return {
    submissionUid: body.submissionUid ?? body.submissionUID ?? null,
    accepted: (body.acceptedDocuments ?? []).map((doc) => ({
      uuid: doc.uuid,
      codeNumber: doc.invoiceCodeNumber ?? "",
    })),
    rejected: (body.rejectedDocuments ?? []).map((doc) => ({
      codeNumber: doc.invoiceCodeNumber ?? "",
      error: rejectedDocumentProblem(doc.error),
    })),
  };
}
