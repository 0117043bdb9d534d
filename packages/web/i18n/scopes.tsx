import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";

/**
 * The message namespaces each part of the dashboard sends to the browser. Messages travel in
 * every page's HTML (the RSC payload), and sending all of them made ~56 KB of a 71 KB page;
 * now the root layout sends the shell's, and each route's layout its own. A provider replaces
 * its parent's messages rather than adding to them, so a route lists what its components use
 * from the shell's namespaces too. test/message-scopes.test.ts checks every list against the code.
 */
export const SHELL = [
  "access",
  "common",
  "language",
  "nav",
  "not_found",
  "roles",
  "shell",
  "theme",
  "whatsapp_banner",
] as const;

const SHARED = ["access", "common", "errors", "issues", "nav"] as const;

export const ROUTES = {
  dashboard: [...SHARED, "dashboard", "einvoice", "health", "kpi", "reports", "stock", "ticket"],
  login: ["common", "errors", "issues", "language", "login", "shell", "theme"],
  account: ["account", "common", "errors", "issues"],
  audit: [...SHARED, "audit"],
  customers: [...SHARED, "customers", "ticket"],
  "e-invoice": [...SHARED, "einvoice", "einvoice_buyer"],
  "intake-form": ["access", "common", "errors", "issues", "intakeBuilder", "poster"],
  invoices: [...SHARED, "invoices", "pos", "stock"],
  pos: [...SHARED, "pos", "shift", "stock"],
  appointments: [...SHARED, "appointments"],
  quotes: [...SHARED, "quotes"],
  reports: [...SHARED, "einvoice", "reports"],
  settings: [...SHARED, "settings"],
  stock: [...SHARED, "stock"],
  tickets: [...SHARED, "kanban", "ticket", "pos", "stock"],
  updates: ["nav", "not_built"],
  users: [...SHARED, "roles", "users"],
  whatsapp: [...SHARED, "campaigns", "connection", "inbox", "ticket"],
} as const satisfies Record<string, readonly string[]>;

export type Route = keyof typeof ROUTES;

async function pick(namespaces: readonly string[]) {
  const messages = await getMessages();
  return Object.fromEntries(namespaces.map((namespace) => [namespace, messages[namespace]]));
}

/** The root layout's provider: the frame every page is drawn in. */
export async function ShellMessages({ children }: { children: ReactNode }) {
  return <NextIntlClientProvider messages={await pick(SHELL)}>{children}</NextIntlClientProvider>;
}

/** One route's provider, inside the shell's. */
export async function RouteMessages({ route, children }: { route: Route; children: ReactNode }) {
  return <NextIntlClientProvider messages={await pick(ROUTES[route])}>{children}</NextIntlClientProvider>;
}

/** A route folder's layout.tsx: `export default routeLayout("tickets")`. */
export function routeLayout(route: Route) {
  // Called once, at a layout module's top level: the component is made once per route, not per render.
  // biome-ignore lint/correctness/noComponentHookFactories: see the line above.
  return function RouteLayout({ children }: { children: ReactNode }) {
    return <RouteMessages route={route}>{children}</RouteMessages>;
  };
}
