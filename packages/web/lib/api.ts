/**
 * The dashboard's one client for /api. The session is an httpOnly cookie the browser sends by
 * itself; every write also echoes the readable `wapos_csrf` cookie in `x-csrf-token`
 * (double submit), which a page on another origin cannot read.
 */
export type Issue = { path: string; message: string; code: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
    readonly details: Record<string, unknown> = {},
    /** Seconds from the Retry-After header (429), if any. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const CSRF_COOKIE = "wapos_csrf";
export const CSRF_HEADER = "x-csrf-token";

// These answer 401 as their result (wrong password, no session), so a refresh would be pointless.
const NO_REFRESH = new Set(["/auth/login", "/auth/refresh", "/auth/logout"]);

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function toError(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  const body = (await response.json().catch(() => undefined)) as
    | { code?: string; message?: string; issues?: Issue[]; details?: Record<string, unknown> }
    | undefined;
  return new ApiError(
    response.status,
    body?.code ?? `http.${response.status}`,
    body?.message ?? response.statusText,
    Array.isArray(body?.issues) ? body.issues : [],
    body?.details ?? {},
    retryAfter,
  );
}

/** Only a path on this site, so `?next=` can never send someone elsewhere. */
export function safeNext(next: string | null | undefined): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

function goToLogin(): Promise<never> {
  const here = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(here)}`);
  // Left pending on purpose: the page is being replaced, and callers should show nothing more.
  return new Promise<never>(() => {});
}

let refreshing: Promise<boolean> | undefined;

/** One refresh at a time, however many requests hit an expired session together. */
function refresh(): Promise<boolean> {
  refreshing ??= request("POST", "/auth/refresh", undefined, true)
    .then(() => true)
    .catch(() => false)
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

/** The response to a request, with the session renewed once on a 401; errors are thrown as {@link ApiError}. */
async function send(
  method: Method,
  path: string,
  body: unknown,
  retried: boolean,
  accept = "application/json",
): Promise<Response> {
  const headers = new Headers({ accept });
  if (body !== undefined) headers.set("content-type", "application/json");
  if (method !== "GET") {
    const token = readCookie(CSRF_COOKIE);
    if (token) headers.set(CSRF_HEADER, token);
  }
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "include",
      cache: "no-store",
    });
  } catch (error) {
    throw new ApiError(0, "network", error instanceof Error ? error.message : String(error));
  }
  const route = path.split("?")[0] ?? path;
  if (response.status === 401 && !NO_REFRESH.has(route)) {
    if (!retried && (await refresh())) return send(method, path, body, true, accept);
    return goToLogin();
  }
  if (!response.ok) throw await toError(response);
  return response;
}

async function request<T>(method: Method, path: string, body: unknown, retried: boolean): Promise<T> {
  const response = await send(method, path, body, retried);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The file name a response suggests in Content-Disposition, if any. */
function fileNameOf(response: Response): string | undefined {
  const header = response.headers.get("content-disposition") ?? "";
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      // A malformed encoded name: fall back to the plain one below.
    }
  }
  return /filename\s*=\s*"?([^";]+)"?/i.exec(header)?.[1]?.trim() || undefined;
}

/**
 * A file from the API (an export, a document) with the session handling of every other call,
 * so an expired session is renewed instead of the browser saving an error as the file.
 */
async function download(path: string): Promise<{ blob: Blob; fileName: string | undefined }> {
  const response = await send("GET", path, undefined, false, "*/*");
  return { blob: await response.blob(), fileName: fileNameOf(response) };
}

/** A file a POST answers (printable labels), with the same session handling as `download`. */
async function postFile(path: string, body: unknown): Promise<Blob> {
  return (await send("POST", path, body, false, "*/*")).blob();
}

/** Paths are relative to /api: `api.get("/auth/me")`. Errors are thrown as {@link ApiError}. */
export const api = {
  get: <T>(path: string) => request<T>("GET", path, undefined, false),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? {}, false),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body, false),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body, false),
  delete: <T>(path: string) => request<T>("DELETE", path, undefined, false),
  download,
  postFile,
};

/** Hands a file to the browser to save under `name`. */
export function saveFile(blob: Blob, name: string) {
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

/**
 * Opens a file the API makes (a PDF, a labels page) in a new tab. The tab is opened before the
 * request, since a tab opened after an await is a popup to the browser; it is closed again if the
 * request fails, and the error is thrown on.
 */
export async function openFile(fetchFile: () => Promise<Blob>, type: string) {
  const tab = window.open("", "_blank");
  try {
    const href = URL.createObjectURL(new Blob([await fetchFile()], { type }));
    if (tab) tab.location.href = href;
    else window.open(href, "_blank");
  } catch (error) {
    tab?.close();
    throw error;
  }
}

/** A query string from the values that are set. */
export function query(params: Record<string, string | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}
