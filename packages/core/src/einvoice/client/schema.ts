import * as z from "zod";

/** One signed document to submit: `document` is the exact text that was signed, sent byte for byte. */
export const SubmitDocument = z.object({
  /** The document's own number (`Invoice.ID`), max 50 characters. */
  codeNumber: z.string().min(1).max(50),
  document: z.string().min(1),
  format: z.enum(["JSON", "XML"]).default("JSON"),
});
export type SubmitDocument = z.input<typeof SubmitDocument>;

/** LHDN wants every document of a submission in the same format (SDK submit-documents). */
export const SubmitInput = z
  .array(SubmitDocument)
  .min(1)
  .refine((documents) => new Set(documents.map((d) => d.format)).size <= 1, {
    message: "All documents of one submission must have the same format",
  });

export const SearchInput = z
  .object({
    from: z.coerce.date(),
    to: z.coerce.date(),
    /** Which date the range applies to: when LHDN received the document, or its issue date. */
    by: z.enum(["submission", "issue"]),
    status: z.enum(["Valid", "Invalid", "Cancelled", "Submitted"]).optional(),
    documentType: z
      .string()
      .regex(/^\d{2}$/)
      .optional(),
    direction: z.enum(["Sent", "Received"]).optional(),
    /** Free text over uuid, TINs, names, internal ID and total; LHDN refuses special characters. */
    query: z
      .string()
      .regex(/^[\p{L}\p{N} .-]+$/u, "Letters, digits, spaces, dots and dashes only")
      .optional(),
  })
  .refine((input) => input.from < input.to, { message: "`from` must be before `to`", path: ["to"] });
export type SearchInput = z.input<typeof SearchInput>;

/** Cancellation or rejection reason; LHDN keeps at most 300 characters. */
export const StateChangeReason = z.string().trim().min(1).max(300);

export const TinIdType = z.enum(["NRIC", "PASSPORT", "BRN", "ARMY"]);
export type TinIdType = z.infer<typeof TinIdType>;

export const ValidateTinInput = z.object({
  tin: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{1,20}$/, "A TIN is letters and digits only"),
  idType: TinIdType,
  idValue: z.string().trim().min(1).max(30),
});

// Responses: only the fields we rely on are checked; LHDN adds fields over time.

const AcceptedDocument = z.looseObject({ uuid: z.string(), invoiceCodeNumber: z.string().nullish() });
const RejectedDocument = z.looseObject({ invoiceCodeNumber: z.string().nullish(), error: z.unknown() });

export const SubmitResponse = z.looseObject({
  submissionUid: z.string().nullish(),
  // The SDK's table spells it this way; real payloads use submissionUid.
  submissionUID: z.string().nullish(),
  acceptedDocuments: z.array(AcceptedDocument).nullish(),
  rejectedDocuments: z.array(RejectedDocument).nullish(),
});
export type SubmitResponse = z.infer<typeof SubmitResponse>;

/** A document as Get Submission, Get Document and Get Document Details describe it. */
export const DocumentSummary = z.looseObject({
  uuid: z.string(),
  submissionUid: z.string().nullish(),
  longId: z.string().nullish(),
  internalId: z.string().nullish(),
  typeName: z.string().nullish(),
  typeVersionName: z.string().nullish(),
  issuerTin: z.string().nullish(),
  receiverId: z.string().nullish(),
  dateTimeIssued: z.string().nullish(),
  dateTimeReceived: z.string().nullish(),
  dateTimeValidated: z.string().nullish(),
  status: z.string(),
  cancelDateTime: z.string().nullish(),
  rejectRequestDateTime: z.string().nullish(),
  documentStatusReason: z.string().nullish(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const SubmissionResponse = z.looseObject({
  submissionUid: z.string(),
  documentCount: z.coerce.number().nullish(),
  overallStatus: z.string(),
  documentSummary: z.array(DocumentSummary).nullish(),
});

/** Get Document: the summary plus the original document text (absent for Invalid documents). */
export const RawDocument = DocumentSummary.extend({ document: z.string().nullish() });
export type RawDocument = z.infer<typeof RawDocument>;

export const DocumentDetails = DocumentSummary.extend({ validationResults: z.unknown() });
export type DocumentDetails = z.infer<typeof DocumentDetails>;

export const SearchDocument = z.looseObject({
  uuid: z.string(),
  submissionUID: z.string().nullish(),
  longId: z.string().nullish(),
  internalId: z.string().nullish(),
  typeName: z.string().nullish(),
  dateTimeIssued: z.string().nullish(),
  dateTimeReceived: z.string().nullish(),
  dateTimeValidated: z.string().nullish(),
  status: z.string().nullish(),
  total: z.coerce.number().nullish(),
  supplierTIN: z.string().nullish(),
  buyerTIN: z.string().nullish(),
  buyerName: z.string().nullish(),
});
export type SearchDocument = z.infer<typeof SearchDocument>;

export const SearchResponse = z.looseObject({
  result: z.array(SearchDocument).nullish(),
  metadata: z.looseObject({ totalPages: z.coerce.number(), totalCount: z.coerce.number() }).nullish(),
});

export const StateResponse = z.looseObject({ uuid: z.string(), status: z.string() });
