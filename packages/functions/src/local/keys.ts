import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const NAMES = ["AUTH_SECRET", "SETTINGS_KEY"] as const;
type Keys = Record<(typeof NAMES)[number], string>;

/**
 * The application keys for `npm start`: those given in the environment, the rest made once
 * and kept in DATA_DIR/keys.json (readable by the owner only), so sessions and stored secrets
 * survive a restart. In AWS they come from Secrets Manager.
 */
export function ensureLocalKeys(dataDir: string, given: Partial<Keys>): Keys {
  const file = path.join(dataDir, "keys.json");
  const stored: Partial<Keys> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  let changed = false;
  const keys: Partial<Keys> = {};
  for (const name of NAMES) {
    const value = given[name];
    if (value) {
      keys[name] = value;
      continue;
    }
    if (!stored[name]) {
      stored[name] = randomBytes(32).toString("base64url");
      changed = true;
    }
    keys[name] = stored[name];
  }
  if (changed) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return keys as Keys;
}
