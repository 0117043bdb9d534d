/*
 * WA-POS-CRM service worker.
 *
 * THE RULE: only the app shell's static files are ever cached, because they can never hold
 * anyone's personal data:
 *   - /_next/static/*        build output, content-hashed (a name never changes meaning)
 *   - /icons/*               the app icons
 *   - /manifest.webmanifest  the install manifest
 * Everything else is network-only and never stored: every /api/* response (customers,
 * tickets, invoices, settings, users, audit) and every HTML page or RSC payload, since a page
 * may carry personal data. There is deliberately no offline fallback page for the same reason.
 * Add a path to SHELL only if it can never contain personal data, and bump CACHE when you do.
 */
const CACHE = "wapos-shell-v1";
const PRECACHE = ["/manifest.webmanifest", "/icons/icon.svg", "/icons/icon-192.png", "/icons/icon-512.png"];
// Old builds' hashed files are never requested again; keep the cache from growing without bound.
const MAX_ENTRIES = 300;

function isShell(url) {
  if (url.origin !== self.location.origin) return false;
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return false;
  return (
    url.pathname.startsWith("/_next/static/") ||
    url.pathname.startsWith("/icons/") ||
    url.pathname === "/manifest.webmanifest"
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

async function trim(cache) {
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES)).map((key) => cache.delete(key)));
}

async function store(request, response) {
  if (!response.ok || response.type !== "basic") return;
  const cache = await caches.open(CACHE);
  await cache.put(request, response);
  await trim(cache);
}

/** Hashed build files: the cached copy is always right. */
async function cacheFirst(event) {
  const hit = await caches.match(event.request);
  if (hit) return hit;
  const response = await fetch(event.request);
  event.waitUntil(store(event.request, response.clone()));
  return response;
}

/** Icons and manifest: answer from the cache at once, refresh it in the background. */
async function staleWhileRevalidate(event) {
  const hit = await caches.match(event.request);
  const fresh = fetch(event.request).then((response) => {
    event.waitUntil(store(event.request, response.clone()));
    return response;
  });
  if (hit) {
    event.waitUntil(fresh.catch(() => undefined));
    return hit;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // Not calling respondWith leaves the request to the browser as if no worker existed: network only.
  if (!isShell(url)) return;
  event.respondWith(
    url.pathname.startsWith("/_next/static/") ? cacheFirst(event) : staleWhileRevalidate(event),
  );
});
