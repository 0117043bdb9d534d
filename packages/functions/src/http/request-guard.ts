import { VisibleError } from "@wapos/core/error";
import type { Context, MiddlewareHandler } from "hono";
import { type Issue, refuse } from "./errors";

/** JSON bodies only: photos and documents go straight to S3 with presigned URLs. */
export const MAX_BODY_BYTES = 256 * 1024;

const NUL = "\u0000";
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

type MediaType = { type: string; charset?: string; raw: string };

function mediaType(header: string): MediaType {
  const [type = "", ...parameters] = header.split(";");
  const charset = parameters
    .map((parameter) => parameter.trim().split("="))
    .find(([name]) => name?.trim().toLowerCase() === "charset")?.[1];
  return {
    type: type.trim().toLowerCase(),
    charset: charset?.trim().replace(/^"|"$/g, "").toLowerCase(),
    raw: header,
  };
}

const unsupported = (message: string) => new VisibleError("request.unsupported_media_type", message);
const tooLarge = (limit: number) =>
  new VisibleError("request.too_large", `The body is over ${Math.round(limit / 1024)} KB.`, {
    limit_bytes: limit,
  });

/**
 * Only JSON (`application/json`, UTF-8) and, for browsers posting a form without JavaScript,
 * the two form encodings. Anything else is refused before the body is read.
 */
function checkMediaType(media: MediaType) {
  if (media.type !== "application/json" && !FORM_TYPES.has(media.type))
    throw unsupported(
      `Send JSON with Content-Type: application/json (got ${JSON.stringify(media.raw.slice(0, 100))}).`,
    );
  if (media.charset !== undefined && media.charset !== "utf-8" && media.charset !== "utf8")
    throw unsupported(`Bodies are UTF-8 only (got charset=${media.charset.slice(0, 40)}).`);
}

/** Reads the body as it streams in and stops at `limit` bytes, with or without Content-Length. */
async function readLimited(
  body: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function utf8(bytes: Uint8Array): string {
  // UTF-16 JSON starts with its byte order mark, or has a zero byte beside every ASCII one.
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe))
    throw unsupported("The body is UTF-16; send UTF-8.");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw unsupported("The body is not valid UTF-8.");
  }
}

/** Where a NUL sits in a parsed JSON value, walked without recursion so deep nesting cannot overflow. */
function nulPaths(root: unknown): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[root, ""]];
  while (stack.length && found.length < 20) {
    const [value, path] = stack.pop()!;
    if (typeof value === "string") {
      if (value.includes(NUL)) found.push(path || "(root)");
    } else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (key.includes(NUL)) found.push(at);
        else stack.push([child, at]);
      }
    }
  }
  return found;
}

const nulIssues = (paths: string[]): Issue[] =>
  paths.map((path) => ({
    path,
    message: "Contains a NUL character (U+0000), which cannot be stored",
    code: "nul_character",
  }));

async function formNuls(bytes: Uint8Array<ArrayBuffer>, media: MediaType): Promise<string[]> {
  let entries: Iterable<[string, string | File]>;
  if (media.type === "multipart/form-data") {
    try {
      entries = await new Response(bytes, { headers: { "content-type": media.raw } }).formData();
    } catch {
      throw new VisibleError("request.invalid", "The form body cannot be read as multipart/form-data.");
    }
  } else entries = new URLSearchParams(utf8(bytes));
  const found: string[] = [];
  for (const [name, value] of entries) {
    const text = typeof value === "string" ? value : value.name;
    if (name.includes(NUL) || text.includes(NUL)) found.push(name.replaceAll(NUL, "\\0"));
  }
  return found;
}

/**
 * Runs before any route of either app: refuses a NUL in the path or query (PostgreSQL cannot
 * store one in text), a body over its limit (413, read as a stream, so a missing or false
 * Content-Length does not help), a media type or charset other than JSON in UTF-8 or a form
 * (415), malformed JSON (400) and a NUL in any JSON string or form field (400). The body it read
 * is handed on, so routes parse it as usual. Forms get the same limit: photos go straight to storage.
 */
export function requestGuard(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    if (url.includes(NUL) || /%00/i.test(url)) return refuse(c, nulIssues(["(url)"]));
    const raw = c.req.raw;
    const header = c.req.header("content-type");
    if (!raw.body && (!header || c.req.method === "GET" || c.req.method === "HEAD")) return next();
    const media = header ? mediaType(header) : undefined;
    if (media) checkMediaType(media);
    const limit = MAX_BODY_BYTES;
    const declared = Number(c.req.header("content-length"));
    if (declared > limit) throw tooLarge(limit);
    const bytes = raw.body ? await readLimited(raw.body, limit) : new Uint8Array(0);
    // Declared JSON must be JSON: an empty body is not, and a route reading it would throw.
    if (media?.type === "application/json" || bytes.byteLength > 0) {
      if (!media)
        throw unsupported("The body has no Content-Type; send JSON with Content-Type: application/json.");
      const nuls = media.type === "application/json" ? jsonNuls(utf8(bytes)) : await formNuls(bytes, media);
      if (nuls.length) return refuse(c, nulIssues(nuls));
    }
    replaceBody(c, bytes);
    return next();
  };
}

function jsonNuls(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VisibleError("request.malformed_json", "The request body is not valid JSON.");
  }
  return nulPaths(value);
}

/** The body was consumed here; routes get the same bytes in a fresh request. */
function replaceBody(c: Context, bytes: Uint8Array<ArrayBuffer>) {
  const raw = c.req.raw;
  c.req.raw = new Request(raw.url, {
    method: raw.method,
    headers: raw.headers,
    body: bytes.byteLength ? bytes : null,
    signal: raw.signal,
  });
}
