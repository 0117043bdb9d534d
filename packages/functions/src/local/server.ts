import http from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { storageProxy } from "./storage-proxy";

type App = { fetch: (request: Request, env?: object) => Response | Promise<Response> };
type Handle = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/**
 * One origin for everything, as CloudFront gives in AWS: /api/public → the public function,
 * /api → the staff function, everything else → the dashboard.
 */
export function startHttpServer(options: {
  host: string;
  port: number;
  api: App;
  publicApi: App;
  web?: Handle;
  /** The local S3 endpoint, served under /storage/ so browsers and phones use this one origin. */
  storage?: string;
}) {
  const storage = options.storage ? storageProxy(options.storage) : undefined;
  // The Node request rides along as the app's env, so clientIp reads the socket's address.
  const apiListener = getRequestListener((request, env) => options.api.fetch(request, env));
  const publicListener = getRequestListener((request, env) => options.publicApi.fetch(request, env));
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    if (storage && url.startsWith("/storage/")) return storage(req, res);
    if (url === "/api/public" || url.startsWith("/api/public/") || url.startsWith("/api/public?"))
      return publicListener(req, res);
    if (url === "/api" || url.startsWith("/api/") || url.startsWith("/api?")) return apiListener(req, res);
    if (options.web) return options.web(req, res);
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
  });
  return new Promise<{ port: number; close: () => Promise<void> }>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
