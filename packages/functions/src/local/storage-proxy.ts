import http from "node:http";

/**
 * /storage/<bucket>/<key> → the local S3 endpoint, as a CDN path would be in front of a
 * bucket: presigned URLs are signed for this origin, so a customer's phone reaches photos
 * through the address it already uses. Everything served is marked nosniff and sandboxed,
 * so no stored file can ever run as a page on this origin.
 */
export function storageProxy(upstream: string) {
  const target = new URL(upstream);
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? "/").slice("/storage".length);
    const forward = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          ...answer.headers,
          "x-content-type-options": "nosniff",
          "content-security-policy": "default-src 'none'; img-src 'self'; sandbox",
        });
        answer.pipe(res);
      },
    );
    forward.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("Storage is not reachable.");
    });
    req.pipe(forward);
  };
}
