import type { ErrorCode } from "../../error";

/** What a problem means, in plain words, in English and Bahasa Melayu. */
export type Explanation = { en: string; ms: string };

export type Entry = Explanation & { code?: ErrorCode };

const SIGNATURE_FIX = {
  en: "Check the signing certificate in settings and submit again.",
  ms: "Semak sijil tandatangan dalam tetapan dan hantar semula.",
};
const signature = (en: string, ms: string): Entry => ({
  code: "einvoice.signature_invalid",
  en: `${en} ${SIGNATURE_FIX.en}`,
  ms: `${ms} ${SIGNATURE_FIX.ms}`,
});

/**
 * The LHDN codes shop staff meet most, explained. Sources: SDK standard-error-response,
 * submit/cancel/reject pages, and the DS3xx table of the PosDigicert signature guide (via
 * the community cookbook). Codes not listed fall back to LHDN's own message.
 */
export const EXPLANATIONS: Record<string, Entry> = {
  DS302: {
    code: "einvoice.duplicate_document",
    en: "LHDN already has this document: one with the same number, type, issue time and supplier TIN was submitted in the last 2 hours.",
    ms: "LHDN sudah menerima dokumen ini: dokumen dengan nombor, jenis, masa dikeluarkan dan TIN pembekal yang sama telah dihantar dalam 2 jam yang lalu.",
  },
  // The PosDigicert table gives DS302 a second meaning inside the signature step.
  "DS302/signature": signature(
    "The document must carry exactly one digital signature.",
    "Dokumen mesti mempunyai tepat satu tandatangan digital.",
  ),
  DS304: signature(
    "The signing certificate had expired (or was not yet valid) at the signing time.",
    "Sijil tandatangan telah tamat tempoh (atau belum sah) pada masa tandatangan.",
  ),
  DS309: signature(
    "A personal certificate cannot sign documents sent through the API; an organisation certificate is needed.",
    "Sijil peribadi tidak boleh menandatangani dokumen yang dihantar melalui API; sijil organisasi diperlukan.",
  ),
  DS311: signature(
    "The TIN in the signing certificate does not match the TIN of the business submitting.",
    "TIN dalam sijil tandatangan tidak sepadan dengan TIN perniagaan yang menghantar.",
  ),
  DS312: signature(
    "The registration number (BRN) in the signing certificate does not match the business submitting.",
    "Nombor pendaftaran (BRN) dalam sijil tandatangan tidak sepadan dengan perniagaan yang menghantar.",
  ),
  DS320: signature(
    "The signature's signed details (signing time or certificate) do not match their digest.",
    "Butiran yang ditandatangani (masa tandatangan atau sijil) tidak sepadan dengan nilai cernaannya.",
  ),
  DS322: signature(
    "The document was changed after it was signed.",
    "Dokumen telah diubah selepas ditandatangani.",
  ),
  DS326: signature(
    "The certificate issuer name in the signature is not written the way the certificate has it.",
    "Nama pengeluar sijil dalam tandatangan tidak ditulis seperti dalam sijil.",
  ),
  DS329: signature(
    "The signing certificate is not from a certificate authority LHDN trusts.",
    "Sijil tandatangan bukan daripada pihak berkuasa pensijilan yang dipercayai LHDN.",
  ),
  DS330: {
    code: "einvoice.rejected",
    en: "The TIN was not found in LHDN's records. Check the TIN and try again.",
    ms: "TIN tidak dijumpai dalam rekod LHDN. Semak TIN dan cuba lagi.",
  },
  DS333: signature(
    "The signature cannot be verified with the certificate attached: a different key or certificate was used.",
    "Tandatangan tidak dapat disahkan dengan sijil yang dilampirkan: kunci atau sijil lain telah digunakan.",
  ),
  DS336: signature(
    "The signing time is not in the required format (UTC, like 2026-08-01T02:15:00Z).",
    "Masa tandatangan bukan dalam format yang dikehendaki (UTC, seperti 2026-08-01T02:15:00Z).",
  ),
  BadStructure: {
    code: "einvoice.bad_structure",
    en: "LHDN could not read the submission: its structure is not valid.",
    ms: "LHDN tidak dapat membaca penghantaran: strukturnya tidak sah.",
  },
  ValidationError: {
    code: "einvoice.bad_structure",
    en: "LHDN could not read the submission: its structure is not valid.",
    ms: "LHDN tidak dapat membaca penghantaran: strukturnya tidak sah.",
  },
  MaximumSizeExceeded: {
    code: "einvoice.submission_too_large",
    en: "The submission is too large for LHDN: at most 100 documents, 300 KB each and 5 MB in all.",
    ms: "Penghantaran terlalu besar untuk LHDN: maksimum 100 dokumen, 300 KB setiap satu dan 5 MB keseluruhannya.",
  },
  IncorrectSubmitter: {
    code: "einvoice.incorrect_submitter",
    en: "These MyInvois credentials may not submit for this supplier: the supplier TIN is not the shop's, or the shop has not given this permission.",
    ms: "Kelayakan MyInvois ini tidak boleh menghantar bagi pembekal ini: TIN pembekal bukan milik kedai, atau kebenaran ini belum diberi.",
  },
  DuplicateSubmission: {
    code: "einvoice.duplicate_submission",
    en: "The same submission was sent less than 10 minutes ago. Check the earlier submission instead of sending it again.",
    ms: "Penghantaran yang sama telah dihantar kurang daripada 10 minit yang lalu. Semak penghantaran terdahulu dan jangan hantar semula.",
  },
  OperationPeriodOver: {
    code: "einvoice.cancel_window_over",
    en: "The 72 hours to cancel or reject this document have passed. Issue a credit note instead.",
    ms: "Tempoh 72 jam untuk membatalkan atau menolak dokumen ini telah tamat. Keluarkan nota kredit sebagai ganti.",
  },
  IncorrectState: {
    code: "einvoice.incorrect_state",
    en: "The document's current status does not allow this (for example it is already cancelled, rejected or invalid).",
    ms: "Status semasa dokumen tidak membenarkan tindakan ini (contohnya sudah dibatalkan, ditolak atau tidak sah).",
  },
  ActiveReferencingDocuments: {
    code: "einvoice.referenced_by_active_document",
    en: "A valid credit, debit or refund note refers to this document. Cancel that note first.",
    ms: "Nota kredit, debit atau bayaran balik yang sah merujuk dokumen ini. Batalkan nota tersebut dahulu.",
  },
  BadRequest: {
    code: "einvoice.bad_request",
    en: "LHDN did not accept the request as sent.",
    ms: "LHDN tidak menerima permintaan seperti yang dihantar.",
  },
  BadArgument: {
    code: "einvoice.bad_request",
    en: "LHDN did not accept one of the values sent.",
    ms: "LHDN tidak menerima salah satu nilai yang dihantar.",
  },
  Unauthorized: {
    code: "einvoice.unauthorized",
    en: "MyInvois did not accept the shop's login. Check the client ID and secret in settings.",
    ms: "MyInvois tidak menerima log masuk kedai. Semak ID klien dan rahsia klien dalam tetapan.",
  },
  invalid_client: {
    code: "einvoice.unauthorized",
    en: "MyInvois did not accept the shop's client ID or secret. Check them in settings.",
    ms: "MyInvois tidak menerima ID klien atau rahsia klien kedai. Semaknya dalam tetapan.",
  },
  Forbidden: {
    code: "einvoice.forbidden",
    en: "MyInvois does not allow this for the shop's credentials (for example a document another business issued).",
    ms: "MyInvois tidak membenarkan tindakan ini bagi kelayakan kedai (contohnya dokumen yang dikeluarkan oleh perniagaan lain).",
  },
  NotFound: {
    code: "einvoice.not_found",
    en: "MyInvois has no such document or submission.",
    ms: "MyInvois tiada dokumen atau penghantaran tersebut.",
  },
  TooManyRequests: {
    code: "einvoice.rate_limited",
    en: "MyInvois is receiving too many requests from the shop. Try again in a few minutes.",
    ms: "MyInvois menerima terlalu banyak permintaan daripada kedai. Cuba lagi dalam beberapa minit.",
  },
  InternalServerError: {
    code: "einvoice.unavailable",
    en: "MyInvois had a problem on its side. Try again later.",
    ms: "MyInvois menghadapi masalah di pihaknya. Cuba lagi kemudian.",
  },
  ServiceUnavailable: {
    code: "einvoice.unavailable",
    en: "MyInvois is not available right now. Try again later.",
    ms: "MyInvois tidak tersedia sekarang. Cuba lagi kemudian.",
  },
};
