import { OpenAPIHono } from "@hono/zod-openapi";
import { withActor } from "@wapos/core/actor";
import { log, useCorrelationId, withCorrelation } from "@wapos/core/log";
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { trusted } from "./client-address";
import { invalid, notFound, onError } from "./errors";
import { completeDocuments } from "./openapi";
import { requestGuard } from "./request-guard";
import { ErrorBody } from "./schemas";

const CORRELATION_HEADER = "x-correlation-id";
const CORRELATION_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Takes the caller's correlation id when it is well formed, else makes one, and echoes it back. */
const correlation: MiddlewareHandler = async (c, next) => {
  const given = c.req.header(CORRELATION_HEADER);
  await withCorrelation(given && CORRELATION_ID.test(given) ? given : undefined, async () => {
    c.header(CORRELATION_HEADER, useCorrelationId());
    const started = performance.now();
    await next();
    // Again on the response itself: a lazily loaded route group answers with a Response of its
    // own (http/route-groups.ts), which does not carry headers set before it was made.
    c.res.headers.set(CORRELATION_HEADER, useCorrelationId()!);
    // The path goes through the log's redaction: link tokens in it are cut.
    log.debug("request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
};

/** The default actor of a request, until a route's guard names the signed-in user. */
export const publicActor: MiddlewareHandler = (_c, next) =>
  withActor({ type: "public", properties: {} }, () => next());

/**
 * An OpenAPI-aware Hono app with the project's error funnel, 404, correlation ids and the
 * request guard (size, media type, NUL) in front of every route.
 */
export function createApp(basePath: string) {
  trusted();
  const app = createFrame(basePath);
  app.use("*", correlation);
  // JSON APIs: nothing may frame, sniff or render them; HSTS for a year.
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      strictTransportSecurity: "max-age=31536000; includeSubDomains",
      referrerPolicy: "no-referrer",
      xFrameOptions: "DENY",
    }),
  );
  app.use("*", requestGuard());
  return app;
}

/**
 * What answers inside an app, without the middleware in front: invalid input as 400
 * request.invalid, the error funnel, the 404 and the document's finishing. A route group loaded
 * on first use (route-groups.ts) is mounted on a frame of its own behind the app's middleware.
 */
export function createFrame(basePath: string) {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return invalid(c, result.error.issues);
    },
  }).basePath(basePath);
  app.onError(onError);
  app.openAPIRegistry.register("Error", ErrorBody);
  completeDocuments(app);
  app.notFound(notFound);
  return app;
}
