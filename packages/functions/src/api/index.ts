import { createStaffApp, serveDocument } from "./app";
import { STAFF_GROUPS } from "./groups";

/** The whole staff API in one app, served under /api: the local runtime, tests and the document. */
export function createApi() {
  const app = createStaffApp(STAFF_GROUPS);
  serveDocument(app, STAFF_GROUPS);
  return app;
}
