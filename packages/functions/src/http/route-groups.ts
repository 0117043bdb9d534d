import type { OpenAPIHono } from "@hono/zod-openapi";
import { loadOnce } from "@wapos/core/util/lazy";
import type { Handler } from "hono";

/**
 * A concern's routes under some first path segments, built on the first request that needs
 * them. An app mounts its groups this way so that starting it (a Lambda's cold start) neither
 * parses nor builds any of them: their contracts, schemas and core modules load with the first
 * request to one of their paths, and only that group's.
 */
export type RouteGroup = {
  /** First path segments below the app's base path: "tickets" serves /tickets and all under it. */
  segments: readonly string[];
  /** The group's route apps, in mounting order, each module behind an `import()`. */
  load: () => Promise<OpenAPIHono[]>;
};

/** A frame to mount a group on: the app's answers without its middleware (http/app.ts createFrame). */
type Frame = () => OpenAPIHono;

/** Mounts the groups' routes onto `app` now: the whole app, for the OpenAPI document. */
export async function mountNow(app: OpenAPIHono, groups: readonly RouteGroup[]) {
  for (const routes of await Promise.all(groups.map((group) => group.load())))
    for (const route of routes) app.route("/", route);
}

/**
 * Serves each group's segments from `app` by handing the request, after the app's middleware
 * has run (correlation id, headers, request guard, actor), to the group's own frame, built
 * once on the group's first request. A failed load is tried again by the next request.
 */
export function mountLazily(app: OpenAPIHono, groups: readonly RouteGroup[], frame: Frame) {
  for (const group of groups) {
    const built = loadOnce(async () => {
      const sub = frame();
      await mountNow(sub, [group]);
      return sub;
    });
    const serve: Handler = async (c) => (await built()).fetch(c.req.raw, c.env);
    for (const segment of group.segments) app.all(`/${segment}`, serve).all(`/${segment}/*`, serve);
  }
}
