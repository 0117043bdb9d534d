import { createStaffApp, serveDocument } from "./app";
import { authRoutes } from "./auth";
import { mountCore } from "./core";
import { einvoiceRoutes } from "./einvoice";
import { mountPos } from "./pos";

/** The whole staff API in one app, served under /api: the local runtime, tests and the document. */
export function createApi() {
  const app = createStaffApp((app) => {
    app.route("/", authRoutes());
    mountCore(app);
    mountPos(app);
    app.route("/", einvoiceRoutes());
  });
  serveDocument(app);
  return app;
}
