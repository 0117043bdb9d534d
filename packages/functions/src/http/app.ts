import { OpenAPIHono } from "@hono/zod-openapi";
import { withActor } from "@wapos/core/actor";
import { useCorrelationId, withCorrelation } from "@wapos/core/log";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { trusted } from "./client-address";
import { invalid, notFound, onError } from "./errors";

const CORRELATION_HEADER = "x-correlation-id";
/** JSON bodies only: photos and documents go straight to S3 with presigned URLs. */
export const MAX_BODY_BYTES = 256 * 1024;
const CORRELATION_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Takes the caller's correlation id when it is well formed, else makes one, and echoes it back. */
const correlation: MiddlewareHandler = async (c, next) => {
  const given = c.req.header(CORRELATION_HEADER);
  await withCorrelation(given && CORRELATION_ID.test(given) ? given : undefined, async () => {
    c.header(CORRELATION_HEADER, useCorrelationId());
    await next();
  });
};

/** The default actor of a request, until a route's guard names the signed-in user. */
export const publicActor: MiddlewareHandler = (_c, next) =>
  withActor({ type: "public", properties: {} }, () => next());

/** An OpenAPI-aware Hono app with the project's error funnel, 404 and correlation ids. */
/**
 * @param largeBodies paths (under the base path) that take bigger bodies, in bytes: the intake
 * form posted without JavaScript carries its photos.
 */
export function createApp(basePath: string, largeBodies: Record<string, number> = {}) {
  trusted();
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return invalid(c, result.error.issues);
    },
  }).basePath(basePath);
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
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        c.json(
          { code: "request.too_large", message: `The body is over ${Math.round(maxSize / 1024)} KB.` },
          413,
        ),
    });
  const large = Object.entries(largeBodies).map(
    ([path, size]) => [`${basePath}${path}`, limit(size)] as const,
  );
  const small = limit(MAX_BODY_BYTES);
  app.use("*", (c, next) => (large.find(([path]) => c.req.path === path)?.[1] ?? small)(c, next));
  app.onError(onError);
  app.notFound(notFound);
  return app;
}
