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
  /** The entry chunk (what Lambda imports). */
  file: string;
  /** Bytes Node loads at init: the entry chunk and every chunk it imports statically. */
  bytes: number;
  gzipBytes: number;
  /** Chunks only loaded by `import()`, when a request first needs them. */
  lazy: { chunks: number; bytes: number; largest: [string, number][] };
  hash: string;
  /** Bytes loaded at init per npm package (or per source folder), largest first. */
  packages: [string, number][];
  analysisFile: string;
};

/**
 * Bundles `entry` into `outdir` with code splitting, as SST does with `nodejs.splitting`
 * (infra/bundling.ts): the entry becomes `<name>.mjs`, shared and lazily imported code
 * `chunk-*.mjs` beside it. Sizes count what is loaded at init separately from the chunks only
 * a dynamic `import()` reaches.
 */
export async function bundle(entry: string, outdir: string): Promise<Bundle> {
  const { external = [], ...options } = LAMBDA_NODEJS.esbuild ?? {};
  const result = await esbuild.build({
    entryPoints: [entry],
    outdir,
    outExtension: { ".js": ".mjs" },
    splitting: LAMBDA_NODEJS.splitting,
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
  const outputs = result.metafile.outputs;
  // Chunks behind import() are entry points to esbuild too: find the handler's own by name.
  const entryFile = path.join(outdir, `${path.basename(entry, path.extname(entry))}.mjs`);
  const entryOut = Object.keys(outputs).find((out) => path.resolve(out) === path.resolve(entryFile))!;
  // Follow static imports from the entry: that is what `import(entry)` evaluates at init.
  const atInit = new Set<string>();
  const visit = (out: string) => {
    if (atInit.has(out)) return;
    atInit.add(out);
    for (const imported of outputs[out]!.imports)
      if (imported.kind === "import-statement" && outputs[imported.path]) visit(imported.path);
  };
  visit(entryOut);
  const lazy = Object.keys(outputs).filter((out) => out.endsWith(".mjs") && !atInit.has(out));
  const initCode = Buffer.concat([...atInit].map((out) => fs.readFileSync(out)));
  const file = path.resolve(entryOut);
  const analysisFile = file.replace(/\.mjs$/, ".analysis.txt");
  fs.writeFileSync(analysisFile, await esbuild.analyzeMetafile(result.metafile, { verbose: true }));
  return {
    file,
    bytes: initCode.length,
    gzipBytes: gzipSync(initCode).length,
    lazy: {
      chunks: lazy.length,
      bytes: lazy.reduce((sum, out) => sum + outputs[out]!.bytes, 0),
      largest: lazy
        .map((out): [string, number] => [topPackage(outputs[out]!), outputs[out]!.bytes])
        .sort((x, y) => y[1] - x[1])
        .slice(0, 4),
    },
    hash: createHash("sha256").update(initCode).digest("hex"),
    packages: byPackage(result.metafile, atInit),
    analysisFile,
  };
}

const packageOf = (input: string) =>
  input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? path.dirname(input);

/** The package contributing most bytes to a chunk, to name it in the report. */
function topPackage(output: Metafile["outputs"][string]): string {
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
    totals.set(packageOf(input), (totals.get(packageOf(input)) ?? 0) + bytesInOutput);
  return [...totals].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "?";
}

function byPackage(metafile: Metafile, only: Set<string>): [string, number][] {
  const totals = new Map<string, number>();
  for (const [out, output] of Object.entries(metafile.outputs)) {
    if (!only.has(out)) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = packageOf(input);
      totals.set(pkg, (totals.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}
