// `npx tsx packages/core/scripts/phone-metadata.ts`: rewrites src/template/phone-metadata.json
// from the installed libphonenumber-js (run it after upgrading that package; a test checks).
import fs from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { subset } from "../src/template/phone-metadata";

const full = createRequire(import.meta.url)("libphonenumber-js/metadata.min.json");
const out = fileURLToPath(new URL("../src/template/phone-metadata.json", import.meta.url));
fs.writeFileSync(out, `${JSON.stringify(subset(full))}\n`);
