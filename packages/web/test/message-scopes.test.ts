import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ROUTES, type Route, SHELL } from "@/i18n/scopes";

const WEB = fileURLToPath(new URL("..", import.meta.url));
const APP = path.join(WEB, "app/(app)");

function resolveImport(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith("@/")
    ? path.join(WEB, specifier.slice(2))
    : path.resolve(path.dirname(from), specifier);
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")].find(
    (candidate) => /\.tsx?$/.test(candidate) && fs.existsSync(candidate),
  );
}

const sourcesUnder = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? sourcesUnder(path.join(dir, entry.name))
        : /\.tsx?$/.test(entry.name)
          ? [path.join(dir, entry.name)]
          : [],
    );

/**
 * The namespaces that the files reachable from `entries` (our own static and dynamic imports)
 * translate with: `useTranslations("ns")`, `getTranslations("ns.sub")`, and in a file that
 * asks for all messages, the first segment of each `t("ns.key")`.
 */
function namespacesUsed(entries: string[]): string[] {
  const seen = new Set<string>();
  const used = new Set<string>();
  const queue = [...entries];
  for (let file = queue.pop(); file; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = fs.readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(/(?:from|import\()\s*"((?:\.{1,2}|@)\/[^"]+)"/g)) {
      const target = resolveImport(file, specifier!);
      if (target) queue.push(target);
    }
    for (const [, namespace] of source.matchAll(/(?:useTranslations|getTranslations)\(\s*"(\w+)/g))
      used.add(namespace!);
    if (/(?:useTranslations|getTranslations)\(\s*\)/.test(source))
      for (const [, namespace] of source.matchAll(/\bt\(\s*[`"](\w+)\./g)) used.add(namespace!);
  }
  return [...used].sort();
}

const ENTRIES: Record<Route, string[]> = {
  ...(Object.fromEntries(
    fs
      .readdirSync(APP, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => [entry.name, sourcesUnder(path.join(APP, entry.name))]),
  ) as Record<Route, string[]>),
  dashboard: [path.join(APP, "page.tsx")],
  login: sourcesUnder(path.join(WEB, "app/login")),
};

describe("the messages each page sends to the browser", () => {
  it("gives every route folder of the dashboard its own messages", () => {
    for (const route of Object.keys(ENTRIES) as Route[]) {
      expect(ROUTES, route).toHaveProperty([route]);
      const layout =
        route === "dashboard"
          ? path.join(APP, "page.tsx")
          : path.join(route === "login" ? path.join(WEB, "app") : APP, route, "layout.tsx");
      expect(fs.readFileSync(layout, "utf8"), route).toMatch(new RegExp(`(routeLayout\\(|route=)"${route}"`));
    }
  });

  it.each(Object.keys(ROUTES) as Route[])(
    "sends the %s route exactly the namespaces its code uses",
    (route) => {
      expect([...ROUTES[route]].sort()).toEqual(namespacesUsed(ENTRIES[route]));
    },
  );

  it("sends the shell exactly the namespaces the frame around the pages uses", () => {
    const frame = [
      path.join(WEB, "app/layout.tsx"),
      path.join(WEB, "app/not-found.tsx"),
      path.join(APP, "layout.tsx"),
      path.join(APP, "error.tsx"),
    ];
    expect([...SHELL].sort()).toEqual(namespacesUsed(frame));
  });
});
