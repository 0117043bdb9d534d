import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { settingsKey } from "../util/keys";

export type Sealed = { v: 1; iv: string; tag: string; data: string };

/** AES-256-GCM with a fresh 96-bit nonce per value; the tag makes any tampering fail to open. */
export function seal(plaintext: string, key = settingsKey()): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return {
    v: 1,
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64"),
  };
}

export function open(sealed: Sealed, key = settingsKey()): string {
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"));
  decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, "base64")), decipher.final()]).toString(
    "utf8",
  );
}
