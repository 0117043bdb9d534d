import { preload } from "react-dom";

/**
 * Starts `GET /api<path>` from the page's HTML, while its scripts are still loading, instead
 * of after the shell has hydrated and asked /auth/me (a waterfall of two round trips behind
 * ~300 KB of scripts). The view's own request (lib/api: credentials "include") is then served
 * from this response: the browser matches a preload by URL and credentials mode, hence
 * "use-credentials". Server components only. The path must be exactly the view's first GET,
 * or the browser asks twice (and warns that the preload went unused).
 */
export function preloadApi(path: string) {
  preload(`/api${path}`, { as: "fetch", crossOrigin: "use-credentials" });
}
