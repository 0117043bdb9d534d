import { createHash } from "node:crypto";

/**
 * The two application keys, from the environment (Secrets Manager in AWS, a file under
 * DATA_DIR for `npm start`): AUTH_SECRET signs session tokens, SETTINGS_KEY encrypts the
 * secrets stored in settings. Each is any long random string; it is hashed to 32 bytes.
 */
function key(name: "AUTH_SECRET" | "SETTINGS_KEY"): Uint8Array {
  const value = process.env[name];
  if (!value || value.length < 32) throw new Error(`${name} must be set to at least 32 characters`);
  return createHash("sha256").update(value).digest();
}

export const authSecret = () => key("AUTH_SECRET");
export const settingsKey = () => key("SETTINGS_KEY");
