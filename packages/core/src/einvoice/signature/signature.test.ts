import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { P12_PASSWORD, testCredentials } from "../../../test/certificates";
import { loadCredentials, minify, sign, verify } from "./signature";

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/myinvois/${name}`, import.meta.url), "utf8");
const SIGNED_SAMPLES = ["1.1-Invoice-Sample.json", "1.1-Credit-Note-Sample.json"];
const SIGNING_TIME = new Date("2026-11-26T08:15:30.123Z");

const failed = (text: string) =>
  verify(text)
    .checks.filter((check) => !check.ok)
    .map((check) => check.name);

/** An unsigned v1.1 body: the official 1.0 sample with the 1.1 version code. */
function unsignedDocument() {
  const document = JSON.parse(fixture("1.0-Invoice-Sample.json"));
  document.Invoice[0].InvoiceTypeCode[0].listVersionID = "1.1";
  return document as { Invoice: [Record<string, unknown>] };
}

/** Where a signature keeps its values, for reading them back in assertions. */
function signatureOf(signed: string) {
  const invoice = JSON.parse(signed).Invoice[0];
  return invoice.UBLExtensions[0].UBLExtension[0].ExtensionContent[0].UBLDocumentSignatures[0]
    .SignatureInformation[0].Signature[0];
}

const credentials = testCredentials();
const fromPem = await loadCredentials({ certificate: credentials.pem });

describe("verify", () => {
  it.each(SIGNED_SAMPLES)("accepts the official signed sample %s, pretty-printed or minified", (name) => {
    const text = fixture(name);
    for (const form of [text, minify(text)]) {
      const result = verify(form);
      expect(result.checks.map((check) => check.name)).toEqual([
        "document_digest",
        "signed_properties_digest",
        "certificate_digest",
        "signature",
        "issuer",
        "serial",
        "signing_time",
      ]);
      expect(result).toMatchObject({ ok: true });
      expect(result.checks.every((check) => check.ok)).toBe(true);
    }
  });

  it("rejects a sample whose payable amount was changed after signing", () => {
    const text = fixture("1.1-Invoice-Sample.json");
    const tampered = text.replace(
      /("PayableAmount": \[\s*\{\s*"_": )1436\.5/,
      (_, start) => `${start}1436.6`,
    );
    expect(tampered).not.toBe(text);
    expect(failed(tampered)).toEqual(["document_digest", "signature"]);
  });

  it("hashes the number literals as written, so 1436.50 for 1436.5 is a changed document", () => {
    const text = fixture("1.1-Invoice-Sample.json");
    const rewritten = text.replace(/("PayableAmount": \[\s*\{\s*"_": 1436\.5)/, (amount) => `${amount}0`);
    expect(JSON.parse(rewritten)).toEqual(JSON.parse(text));
    expect(failed(rewritten)).toEqual(["document_digest", "signature"]);
  });

  it("rejects a sample whose signing time was changed", () => {
    const text = fixture("1.1-Credit-Note-Sample.json");
    const time = /"SigningTime": \[\s*\{\s*"_": "([^"]+)"/.exec(text)![1]!;
    const tampered = text.replace(time, time.replace(/:\d\dZ$/, ":59Z"));
    expect(tampered).not.toBe(text);
    expect(failed(tampered)).toEqual(["signed_properties_digest"]);
  });

  it("reports an unsigned document as a structure failure", () => {
    expect(verify(fixture("1.0-Invoice-Sample.json"))).toMatchObject({
      ok: false,
      checks: [{ name: "structure", ok: false }],
    });
    expect(failed("not json")).toEqual(["structure"]);
  });
});

describe("sign", () => {
  it("signs with a PEM certificate and key so that verify accepts the result", () => {
    const document = unsignedDocument();
    document.Invoice[0].Note = [{ _: "陈记手机维修 · Kedai Baiki Telefon Ah Chen" }];
    const signed = sign(document, fromPem, SIGNING_TIME);
    expect(verify(signed)).toMatchObject({ ok: true });
    expect(verify(JSON.stringify(JSON.parse(signed), null, 4))).toMatchObject({ ok: true });
  });

  it("signs with a password-protected PKCS#12 given as base64, the way settings store it", async () => {
    const fromP12 = await loadCredentials({ certificate: credentials.pkcs12, password: P12_PASSWORD });
    expect(fromP12.certificate.fingerprint256).toBe(fromPem.certificate.fingerprint256);
    expect(verify(sign(unsignedDocument(), fromP12, SIGNING_TIME))).toMatchObject({ ok: true });
  });

  it("refuses a PKCS#12 with the wrong password", async () => {
    await expect(
      loadCredentials({ certificate: credentials.pkcs12, password: "wrong" }),
    ).rejects.toMatchObject({
      code: "einvoice.certificate_invalid",
    });
  });

  it("gives identical output when the same body is signed twice at the same time", () => {
    expect(sign(unsignedDocument(), fromPem, SIGNING_TIME)).toBe(
      sign(unsignedDocument(), fromPem, SIGNING_TIME),
    );
  });

  it("hashes exactly JSON.stringify(document) and appends the signature as the last keys", () => {
    const document = unsignedDocument();
    const body = JSON.stringify(document);
    const signed = sign(document, fromPem, SIGNING_TIME);
    const reference = signatureOf(signed).SignedInfo[0].Reference.find(
      (ref: { URI: string }) => ref.URI === "",
    );
    expect(reference.DigestValue[0]._).toBe(createHash("sha256").update(body).digest("base64"));
    expect(signed.startsWith(body.slice(0, -"}]}".length))).toBe(true);
    expect(Object.keys(JSON.parse(signed).Invoice[0]).slice(-2)).toEqual(["UBLExtensions", "Signature"]);
    expect(document.Invoice[0]).not.toHaveProperty("UBLExtensions");
  });

  it("names the issuer in RFC 4514 order, the serial in decimal and the time to the second", () => {
    const properties = signatureOf(sign(unsignedDocument(), fromPem, SIGNING_TIME)).Object[0]
      .QualifyingProperties[0].SignedProperties[0].SignedSignatureProperties[0];
    expect(properties.SigningTime[0]._).toBe("2026-11-26T08:15:30Z");
    expect(properties.SigningCertificate[0].Cert[0].IssuerSerial[0]).toEqual({
      X509IssuerName: [{ _: "CN=Test Issuing CA, O=Test CA Sdn Bhd, C=MY" }],
      X509SerialNumber: [{ _: BigInt("0x1f2e3d4c5b6a7988").toString() }],
    });
  });

  it("replaces an existing signature instead of signing it", () => {
    const resigned = sign(JSON.parse(fixture("1.1-Invoice-Sample.json")), fromPem, SIGNING_TIME);
    expect(verify(resigned)).toMatchObject({ ok: true });
    expect(resigned.match(/"UBLExtensions"/g)).toHaveLength(1);
  });
});
