// Bundles the gateway, the core workspace and their pure-JS dependencies into one ESM file
// for the container. Baileys stays external (it loads WebAssembly and, through sharp, a native
// binding from its own folders; pino starts worker threads by file name) and comes from the
// image's production node_modules, as do the database drivers the container never loads.
import { build } from "esbuild";

const external = [
  "@whiskeysockets/baileys",
  "sharp",
  "pino",
  "@electric-sql/pglite",
  "drizzle-orm/pglite",
  "pg-native",
];

await build({
  entryPoints: [new URL("../src/main.ts", import.meta.url).pathname],
  outfile: process.argv[2] ?? "dist/main.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  external,
  sourcemap: true,
  // CommonJS dependencies (the AWS SDK) require Node's built-ins; an ESM bundle needs a require for them.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: "warning",
});
