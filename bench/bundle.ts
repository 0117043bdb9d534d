import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Metafile } from "esbuild";
import { LAMBDA_NODEJS } from "../infra/bundling";

/** SST bundles with its own esbuild (0.18), so the bench does too: same tree-shaking, same output. */
const esbuild = createRequire(import.meta.resolve("sst/package.json"))("esbuild") as typeof import("esbuild");

/**
 * Bundles a handler the way SST v2 (2.49.6) deploys a nodejs22.x function, read from
 * node_modules/sst/runtime/handlers/node.js: ESM, platform node, target esnext, keepNames,
 * mainFields ["module", "main"], the createRequire/__dirname banner, `sharp` and `pg-native`
 * forced external, plus this project's settings from infra/bundling.ts (minify, externals,
 * plugins). The AWS SDK is bundled, as SST does for ESM. No source map: SST uploads it
 * separately and Node does not read it at init.
 */
export const SST_FORCE_EXTERNAL = ["sharp", "pg-native"];

/** SST v2's ESM banner, verbatim (it gives `require` and `__dirname`; it declares no `__filename`). */
const SST_ESM_BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
  "",
].join("\n");

export type Bundle = {
  file: string;
  bytes: number;
  gzipBytes: number;
  hash: string;
  /** Bytes in the output per npm package (or per source folder), largest first. */
  packages: [string, number][];
  analysisFile: string;
};

export async function bundle(entry: string, outfile: string): Promise<Bundle> {
  const { external = [], ...options } = LAMBDA_NODEJS.esbuild ?? {};
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "esnext",
    format: "esm",
    minify: LAMBDA_NODEJS.minify,
    keepNames: true,
    mainFields: ["module", "main"],
    banner: { js: SST_ESM_BANNER },
    external: [...SST_FORCE_EXTERNAL, ...external],
    metafile: true,
    logLevel: "error",
    ...(options as object),
  });
  const code = fs.readFileSync(outfile);
  const analysisFile = outfile.replace(/\.mjs$/, ".analysis.txt");
  fs.writeFileSync(analysisFile, await esbuild.analyzeMetafile(result.metafile, { verbose: true }));
  return {
    file: outfile,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    hash: createHash("sha256").update(code).digest("hex"),
    packages: byPackage(result.metafile),
    analysisFile,
  };
}

function byPackage(metafile: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? path.dirname(input);
      totals.set(pkg, (totals.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}
