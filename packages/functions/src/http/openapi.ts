import type { OpenAPIHono } from "@hono/zod-openapi";

type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
};
type Document = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/**
 * The operationId of every route, derived from its method and path so a generated client's
 * names change only when the route does: `GET /api/tickets/{id}/passcode` →
 * `getTicketsByIdPasscode`, `POST /api/public/intake` → `postPublicIntake`.
 */
export function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api(?=\/|$)/, "")
    .split("/")
    .filter(Boolean)
    .flatMap((segment) => {
      const parameter = /^\{(.+)\}$/.exec(segment);
      return parameter ? ["by", ...parameter[1]!.split(/[^A-Za-z0-9]+/)] : segment.split(/[^A-Za-z0-9]+/);
    })
    .filter(Boolean);
  return method.toLowerCase() + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
}

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/**
 * What the request guard (request-guard.ts) may answer on any route, before the route runs:
 * a NUL in the path or query on every operation; size and media type where there is a body.
 */
const GUARD_RESPONSES = {
  400: error(
    "request.invalid (a NUL in the path, query or body, or input failing its schema) or request.malformed_json",
  ),
  413: error("request.too_large: the body is over its limit"),
  415: error("request.unsupported_media_type: not JSON in UTF-8"),
};

/**
 * Completes a generated document where the route definitions are silent, so every route of
 * either app, present and future, is documented alike: an operationId; `security: []` on an
 * operation that needs no credentials (secureRoute declares the rest); the guard's error
 * answers; and the origin serving the document as its server.
 */
export function completeDocument(document: Document): Document {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      operation.operationId ??= operationId(method, path);
      operation.security ??= [];
      operation.responses ??= {};
      const responses = operation.responses;
      responses["400"] ??= GUARD_RESPONSES[400];
      if (operation.requestBody) {
        responses["413"] ??= GUARD_RESPONSES[413];
        responses["415"] ??= GUARD_RESPONSES[415];
      }
    }
  }
  if (!document.servers?.length)
    document.servers = [{ url: "/", description: "The origin serving this document" }];
  return document;
}

/** Makes the app's generated OpenAPI 3.1 document go through completeDocument. */
export function completeDocuments(app: OpenAPIHono) {
  const generate = app.getOpenAPI31Document;
  app.getOpenAPI31Document = (...args) => completeDocument(generate(...args));
}
