import { createHash } from "node:crypto";
import * as z from "zod";
import { Env, needs } from "../env/index";

/**
 * The two application keys (Secrets Manager in AWS, a file under DATA_DIR for `npm start`):
 * AUTH_SECRET signs session tokens and links, SETTINGS_KEY encrypts the secrets stored in
 * settings. Each is any long random string; it is hashed to 32 bytes.
 */
const Key = needs(z.string().min(32, "must be at least 32 characters"), { secret: true });
export const AuthSecretEnv = z.object({ AUTH_SECRET: Key });
export const SettingsKeyEnv = z.object({ SETTINGS_KEY: Key });

const hashed = (value: string) => createHash("sha256").update(value).digest();

export const authSecret = (): Uint8Array => hashed(Env.read(AuthSecretEnv).AUTH_SECRET);
export const settingsKey = (): Uint8Array => hashed(Env.read(SettingsKeyEnv).SETTINGS_KEY);
