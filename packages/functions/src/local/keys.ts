import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const NAMES = ["AUTH_SECRET", "SETTINGS_KEY"] as const;

/**
 * The application keys for `npm start`: taken from the environment when set, otherwise made
 * once and kept in DATA_DIR/keys.json (readable by the owner only), so sessions and stored
 * secrets survive a restart. In AWS they come from Secrets Manager.
 */
export function ensureLocalKeys(dataDir: string, env: NodeJS.ProcessEnv = process.env) {
  const file = path.join(dataDir, "keys.json");
  const stored: Partial<Record<(typeof NAMES)[number], string>> = fs.existsSync(file)
    ? JSON.parse(fs.readFileSync(file, "utf8"))
    : {};
  let changed = false;
  for (const name of NAMES) {
    if (env[name]) continue;
    if (!stored[name]) {
      stored[name] = randomBytes(32).toString("base64url");
      changed = true;
    }
    env[name] = stored[name];
  }
  if (changed) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
}
