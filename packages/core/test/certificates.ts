import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";

export const P12_PASSWORD = "kedai-test-p12";

function rsaKey() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    private: forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
    public: forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString()),
  };
}

/**
 * A test CA and a company certificate with the profile LHDN checks (SDK signature.md):
 * C=MY, O and CN the company, organizationIdentifier (2.5.4.97) the TIN, serialNumber (2.5.4.5) the BRN.
 */
export function testCredentials(tin = "C12345678901", brn = "202301012345") {
  const caKey = rsaKey();
  const companyKey = rsaKey();
  const issue = (
    serial: string,
    subject: forge.pki.CertificateField[],
    issuer: forge.pki.CertificateField[],
    key: typeof caKey,
  ) => {
    const cert = forge.pki.createCertificate();
    cert.publicKey = key.public;
    cert.serialNumber = serial;
    cert.validity.notBefore = new Date("2026-01-01T00:00:00Z");
    cert.validity.notAfter = new Date("2036-01-01T00:00:00Z");
    cert.setSubject(subject);
    cert.setIssuer(issuer);
    cert.sign(caKey.private, forge.md.sha256.create());
    return cert;
  };
  const caName = [
    { shortName: "C", value: "MY" },
    { shortName: "O", value: "Test CA Sdn Bhd" },
    { shortName: "CN", value: "Test Issuing CA" },
  ];
  const ca = issue("01", caName, caName, caKey);
  const company = issue(
    "1f2e3d4c5b6a7988",
    [
      { shortName: "C", value: "MY" },
      { shortName: "O", value: "Kedai Baiki Telefon Sdn Bhd" },
      { type: "2.5.4.97", value: tin },
      { type: "2.5.4.5", value: brn },
      { shortName: "CN", value: "Kedai Baiki Telefon Sdn Bhd" },
    ],
    caName,
    companyKey,
  );
  // The CA certificate comes first, as in many CA downloads: the loader must pick by key.
  const pem =
    [ca, company].map((cert) => forge.pki.certificateToPem(cert)).join("") +
    forge.pki.privateKeyToPem(companyKey.private);
  const p12 = forge.pkcs12.toPkcs12Asn1(companyKey.private, [company, ca], P12_PASSWORD, {
    algorithm: "3des",
  });
  return { pem, pkcs12: forge.util.encode64(forge.asn1.toDer(p12).getBytes()) };
}
