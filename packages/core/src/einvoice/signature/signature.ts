import type { KeyObject } from "node:crypto";
import { createHash, createPrivateKey, createSign, createVerify, X509Certificate } from "node:crypto";
import type forge from "node-forge";
import { z } from "zod";
import { VisibleError } from "../../error";
import { fn } from "../../util/fn";

export * as Signature from "./signature";

/**
 * The MyInvois v1.1 document signature for UBL JSON (SDK "signature-creation-json", Digital
 * Signature User Guide), as verified against LHDN's signed samples: a XAdES-shaped block whose
 * document digest and RSA signature cover the document itself, not a canonical SignedInfo.
 */

export interface Credentials {
  privateKey: KeyObject;
  certificate: X509Certificate;
}

export const CredentialsInput = z.object({
  /** PEM (certificate and private key), or base64 of a PKCS#12 file, as settings store it. */
  certificate: z.string().min(1),
  password: z.string().optional(),
});
export type CredentialsInput = z.infer<typeof CredentialsInput>;

/**
 * Throws `einvoice.certificate_invalid` when the certificate cannot be read, the password is
 * wrong, or no certificate fits the key.
 */
export const loadCredentials = fn(
  CredentialsInput,
  async ({ certificate, password }): Promise<Credentials> => {
    const invalid = (reason: string) =>
      new VisibleError("einvoice.certificate_invalid", `The signing certificate cannot be used: ${reason}.`);
    let read: { privateKey: KeyObject; certificates: X509Certificate[] };
    try {
      read = certificate.includes("-----BEGIN")
        ? fromPem(certificate, password)
        : await fromPkcs12(certificate, password ?? "");
    } catch (error) {
      throw invalid(error instanceof Error ? error.message : String(error));
    }
    const { privateKey, certificates } = read;
    if (privateKey.asymmetricKeyType !== "rsa")
      throw invalid("MyInvois signing needs an RSA key (SDK signature.md)");
    // A file may carry the CA chain too: the signing certificate is the one that fits the key.
    const own = certificates.find((cert) => cert.checkPrivateKey(privateKey));
    if (!own) throw invalid("no certificate in the file matches its private key");
    return { privateKey, certificate: own };
  },
);

function fromPem(pem: string, passphrase?: string) {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return {
    privateKey: createPrivateKey({ key: pem, format: "pem", passphrase }),
    certificates: blocks.map((block) => new X509Certificate(block)),
  };
}

/** node-forge is loaded only for PKCS#12 files: it is large, and PEM needs only Node's crypto. */
async function fromPkcs12(base64: string, password: string) {
  const { default: forge } = await import("node-forge");
  const der = forge.util.decode64(base64.replace(/\s+/g, ""));
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), password);
  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBag = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bags(forge.pki.oids.keyBag!)][0];
  if (!keyBag) throw new Error("The PKCS#12 file holds no private key");
  const toBuffer = (asn1: forge.asn1.Asn1) => Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");
  // forge decodes only RSA keys; others come back as raw PKCS#8 in bag.asn1.
  const privateKey = keyBag.key
    ? createPrivateKey(forge.pki.privateKeyToPem(keyBag.key))
    : createPrivateKey({ key: toBuffer(keyBag.asn1), format: "der", type: "pkcs8" });
  const certificates = bags(forge.pki.oids.certBag!).map(
    (bag) => new X509Certificate(toBuffer(bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1)),
  );
  return { privateKey, certificates };
}

const PROPS_ID = "id-xades-signed-props";
const XADES = "urn:oasis:names:specification:ubl:dsig:enveloped:xades";
const SHA256 = [{ _: "", Algorithm: "http://www.w3.org/2001/04/xmlenc#sha256" }];
const SIGNATURE_STUB = [
  { ID: leaf("urn:oasis:names:specification:ubl:signature:Invoice"), SignatureMethod: leaf(XADES) },
];

/**
 * Signs a UBL JSON document (`{_D, _A, _B, Invoice: [{…}]}`) and returns the signed text, which
 * is exactly what must be base64-encoded and hashed for submission: re-serialising it risks
 * DS322 "document changed after hashing". Hashed and signed are the UTF-8 bytes of
 * `JSON.stringify(document)` (any UBLExtensions/Signature of Invoice[0] left out); the signed
 * text is those bytes with UBLExtensions and the Signature stub spliced in as the last keys.
 */
export function sign(document: object, credentials: Credentials, signingTime: Date): string {
  const body = withoutSignature(JSON.stringify(document));
  const { certificate, privateKey } = credentials;
  const issuerSerial = one({
    X509IssuerName: leaf(rfc4514(certificate.issuer)),
    X509SerialNumber: leaf(BigInt(`0x${certificate.serialNumber}`).toString()),
  });
  const qualifyingProperties = {
    Target: "signature",
    SignedProperties: one({
      Id: PROPS_ID,
      SignedSignatureProperties: one({
        // DS336: seconds precision, UTC, no milliseconds.
        SigningTime: leaf(signingTime.toISOString().replace(/\.\d{3}Z$/, "Z")),
        SigningCertificate: one({
          Cert: one({
            CertDigest: one({ DigestMethod: SHA256, DigestValue: leaf(sha256(certificate.raw)) }),
            IssuerSerial: issuerSerial,
          }),
        }),
      }),
    }),
  };
  const signature = {
    Id: "signature",
    Object: one({ QualifyingProperties: [qualifyingProperties] }),
    KeyInfo: one({
      X509Data: one({
        X509Certificate: leaf(certificate.raw.toString("base64")),
        X509SubjectName: leaf(rfc4514(certificate.subject)),
        X509IssuerSerial: issuerSerial,
      }),
    }),
    SignatureValue: leaf(createSign("RSA-SHA256").update(body).sign(privateKey, "base64")),
    SignedInfo: one({
      SignatureMethod: [{ _: "", Algorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" }],
      Reference: [
        {
          Type: "http://uri.etsi.org/01903/v1.3.2#SignedProperties",
          URI: `#${PROPS_ID}`,
          DigestMethod: SHA256,
          // Verified on the samples: the digest covers the object including "Target".
          DigestValue: leaf(sha256(JSON.stringify(qualifyingProperties))),
        },
        { Type: "", URI: "", DigestMethod: SHA256, DigestValue: leaf(sha256(body)) },
      ],
    }),
  };
  const extensions = one({
    UBLExtension: one({
      ExtensionURI: leaf(XADES),
      ExtensionContent: one({
        UBLDocumentSignatures: one({
          SignatureInformation: one({
            ID: leaf("urn:oasis:names:specification:ubl:signature:1"),
            ReferencedSignatureID: leaf("urn:oasis:names:specification:ubl:signature:Invoice"),
            Signature: [signature],
          }),
        }),
      }),
    }),
  });
  const invoice = locate(body, `${rootKey(body)}.0`);
  const close = invoice.end - 1;
  const added = `"UBLExtensions":${JSON.stringify(extensions)},"Signature":${JSON.stringify(SIGNATURE_STUB)}`;
  return `${body.slice(0, close)}${close > invoice.start + 1 ? "," : ""}${added}${body.slice(close)}`;
}

export type CheckName =
  | "structure"
  | "document_digest"
  | "signed_properties_digest"
  | "certificate_digest"
  | "signature"
  | "issuer"
  | "serial"
  | "signing_time";
export interface Check {
  name: CheckName;
  ok: boolean;
  detail?: string;
}
export interface Verification {
  ok: boolean;
  checks: Check[];
}

const SIGNATURE = "0.UBLExtensions.0.UBLExtension.0.ExtensionContent.0.UBLDocumentSignatures.0";
const SIGNED = "Object.0.QualifyingProperties.0.SignedProperties.0.SignedSignatureProperties.0";

/**
 * Checks the v1.1 signature of a signed UBL JSON document, pretty-printed or minified, against
 * the points of LHDN's DS3xx errors. Works on the text, never on a re-serialised object, so
 * number literals such as `1436.50` are hashed exactly as sent.
 */
export function verify(text: string): Verification {
  const checks: Check[] = [];
  const add = (name: CheckName, problem?: string) =>
    checks.push(problem ? { name, ok: false, detail: problem } : { name, ok: true });
  const compare = (name: CheckName, stated: unknown, computed: string) =>
    add(name, stated === computed ? undefined : `document says ${String(stated)}, computed ${computed}`);
  let minified: string;
  let signature: unknown;
  let props: Span;
  let certificate: X509Certificate;
  try {
    minified = minify(text);
    const json: unknown = JSON.parse(minified);
    const path = `${rootKey(minified)}.${SIGNATURE}.SignatureInformation.0.Signature.0`;
    signature = at(json, path);
    if (!signature) throw new Error("Invoice[0] carries no UBLExtensions signature");
    props = locate(minified, `${path}.Object.0.QualifyingProperties.0`);
    const der = at(signature, "KeyInfo.0.X509Data.0.X509Certificate.0._");
    certificate = new X509Certificate(Buffer.from(String(der), "base64"));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, checks: [{ name: "structure", ok: false, detail }] };
  }
  const value = (path: string) => at(signature, `${path}.0._`);
  const references = (at(signature, "SignedInfo.0.Reference") ?? []) as { URI?: string }[];
  const digestOf = (uri: string) =>
    at(
      references.find((ref) => ref.URI === uri),
      "DigestValue.0._",
    );
  const body = withoutSignature(minified);
  const cert = `${SIGNED}.SigningCertificate.0.Cert.0`;

  compare("document_digest", digestOf(""), sha256(body));
  compare(
    "signed_properties_digest",
    digestOf(`#${PROPS_ID}`),
    sha256(minified.slice(props.start, props.end)),
  );
  compare("certificate_digest", value(`${cert}.CertDigest.0.DigestValue`), sha256(certificate.raw));
  const signatureValue = String(value("SignatureValue"));
  const valid = createVerify("RSA-SHA256")
    .update(body)
    .verify(certificate.publicKey, signatureValue, "base64");
  add("signature", valid ? undefined : "does not match the document with the certificate's key");
  for (const [name, field, actual] of [
    ["issuer", "X509IssuerName", rfc4514(certificate.issuer)],
    ["serial", "X509SerialNumber", BigInt(`0x${certificate.serialNumber}`).toString()],
  ] as const) {
    const signedValue = value(`${cert}.IssuerSerial.0.${field}`);
    const keyInfoValue = value(`KeyInfo.0.X509Data.0.X509IssuerSerial.0.${field}`);
    compare(name, signedValue === keyInfoValue ? signedValue : `${signedValue} / ${keyInfoValue}`, actual);
  }
  const signingTime = String(value(`${SIGNED}.SigningTime`));
  const when = new Date(signingTime);
  const problem = !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(signingTime)
    ? "is not YYYY-MM-DDTHH:MM:SSZ"
    : when < new Date(certificate.validFrom) || when > new Date(certificate.validTo)
      ? "is outside the certificate's validity"
      : undefined;
  add("signing_time", problem && `${signingTime} ${problem}`);
  return { ok: checks.every((c) => c.ok), checks };
}

/** LHDN's official minifier: drops whitespace outside strings and keeps everything else as written. */
export function minify(text: string): string {
  return text.replace(/("(?:\\.|[^"\\])*")|\s+/g, (_match, string?: string) => string ?? "");
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("base64");
function one<T>(value: T): T[] {
  return [value];
}
function leaf(value: string) {
  return [{ _: value }];
}

// Node prints a DN one RDN per line in DER order; RFC 4514 (and .NET's IssuerName.Name, which
// LHDN compares against, DS326) lists them in reverse.
const rfc4514 = (name: string) => name.split("\n").reverse().join(", ");

/** The value at a dotted path such as `Invoice.0.ID.0._`. */
function at(value: unknown, path: string): unknown {
  let current = value;
  for (const step of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** The document's root key: `Invoice` for all eight document types, after `_D`, `_A`, `_B`. */
function rootKey(minified: string): string {
  const root = children(minified, 0).find((m) => !String(m.key).startsWith("_"));
  if (!root) throw new Error("No document root key");
  return String(root.key);
}

/** The text with UBLExtensions and Signature cut out of Invoice[0], everything else byte for byte. */
function withoutSignature(minified: string): string {
  const { start, end } = locate(minified, `${rootKey(minified)}.0`);
  const kept = children(minified, start).filter((m) => m.key !== "UBLExtensions" && m.key !== "Signature");
  const object = `{${kept.map((m) => minified.slice(m.start, m.end)).join(",")}}`;
  return minified.slice(0, start) + object + minified.slice(end);
}

// A small scanner over valid minified JSON (callers parse it first), so that spans of the
// original text can be cut and spliced without re-serialising numbers or string escapes.
interface Span {
  start: number;
  end: number;
}

/** The span of the value at a dotted path such as `Invoice.0`. */
function locate(minified: string, path: string): Span {
  let span: Span = { start: 0, end: valueEnd(minified, 0) };
  for (const step of path.split(".")) {
    const found = children(minified, span.start).find((child) => String(child.key) === step);
    if (!found) throw new Error(`No ${step} in ${path}`);
    span = found.value;
  }
  return span;
}

/** Members of the object, or elements of the array, that starts at `start`. */
function children(minified: string, start: number) {
  const close = { "{": "}", "[": "]" }[minified[start] ?? ""];
  if (!close) throw new Error(`Expected an object or array at ${start}`);
  const found: (Span & { key: string | number; value: Span })[] = [];
  for (let i = start + 1; i < minified.length && minified[i] !== close; ) {
    const valueStart = close === "}" ? valueEnd(minified, i) + 1 : i;
    const end = valueEnd(minified, valueStart);
    const key = close === "}" ? JSON.parse(minified.slice(i, valueStart - 1)) : found.length;
    found.push({ key, start: i, end, value: { start: valueStart, end } });
    i = minified[end] === "," ? end + 1 : end;
  }
  return found;
}

/** Index just past the value (string, number, literal, object or array) that starts at `start`. */
function valueEnd(minified: string, start: number): number {
  let depth = 0;
  for (let i = start; i < minified.length; i++) {
    const c = minified[i];
    if (c === '"') {
      for (i++; i < minified.length && minified[i] !== '"'; i++) if (minified[i] === "\\") i++;
      if (depth === 0) return i + 1;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (c === "," && depth === 0) return i;
  }
  if (depth > 0) throw new Error("Unterminated JSON value");
  return minified.length;
}
