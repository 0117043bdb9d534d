import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_DEPLOYED_ENV } from "../src/env/example";
import { HANDLERS, type HandlerName } from "../src/lambda/handlers";

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<{ statusCode: number; body: string }>;

/** An HTTP API (payload 2.0) event, as API Gateway hands it to the route's Lambda. */
function event(method: string, path: string): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { host: "api.example" },
    isBase64Encoded: false,
    requestContext: {
      accountId: "1",
      apiId: "x",
      domainName: "api.example",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.9", userAgent: "test" },
      requestId: "r",
      routeKey: "$default",
      stage: "$default",
      time: "",
      timeEpoch: 0,
    },
  };
}

const call = (handler: Handler, method: string, path: string) => handler(event(method, path), {} as Context);

describe("the staff API split into Lambdas by concern", () => {
  let api: Handler;
  let auth: Handler;
  let einvoice: Handler;
  beforeAll(async () => {
    // Each handler module checks the deployed environment at import; none of these requests
    // reaches the database or AWS.
    Object.assign(process.env, EXAMPLE_DEPLOYED_ENV);
    api = (await import("../src/lambda/api")).handler as unknown as Handler;
    auth = (await import("../src/lambda/auth")).handler as unknown as Handler;
    einvoice = (await import("../src/lambda/einvoice-api")).handler as unknown as Handler;
  });

  it("serves each concern's routes from its own function only", async () => {
    expect((await call(auth, "GET", "/api/auth/me")).statusCode).toBe(401);
    expect((await call(api, "GET", "/api/auth/me")).statusCode).toBe(404);
    expect((await call(einvoice, "GET", "/api/einvoice/readiness")).statusCode).toBe(401);
    expect((await call(api, "GET", "/api/einvoice/readiness")).statusCode).toBe(404);
    expect((await call(api, "GET", "/api/tickets/kanban")).statusCode).toBe(401);
    expect((await call(auth, "GET", "/api/tickets/kanban")).statusCode).toBe(404);
  });

  it("still documents every staff route from the day-to-day function", async () => {
    const response = await call(api, "GET", "/api/openapi.json");
    expect(response.statusCode).toBe(200);
    const paths = Object.keys((JSON.parse(response.body) as { paths: object }).paths);
    expect(paths).toEqual(
      expect.arrayContaining(["/api/auth/login", "/api/einvoice/readiness", "/api/tickets/kanban"]),
    );
  });
});

type Operation = { method: string; path: string };

/** A response as status and error code: "404 route.not_found" is a route no group has. */
const answer = (response: { statusCode: number; body: string }) =>
  `${response.statusCode} ${(JSON.parse(response.body || "{}") as { code?: string }).code ?? ""}`;

/** The Lambda API Gateway hands a request to: the matching route with the longest literal prefix. */
function routedTo(path: string): HandlerName {
  const matches = Object.entries(HANDLERS).flatMap(([name, handler]) =>
    "routes" in handler.trigger
      ? handler.trigger.routes.flatMap((route) => {
          const pattern = route.replace(/^ANY /, "");
          const literal = pattern.replace(/\/\{proxy\+\}$/, "");
          const hit = pattern.endsWith("{proxy+}") ? path.startsWith(`${literal}/`) : path === literal;
          return hit ? [{ name: name as HandlerName, weight: literal.length }] : [];
        })
      : [],
  );
  const best = matches.sort((a, b) => b.weight - a.weight)[0];
  if (!best) throw new Error(`no Lambda serves ${path}`);
  return best.name;
}

describe("every documented route, as API Gateway routes it", () => {
  it("reaches a Lambda that has the route and answers as the local app does", async () => {
    const { createApi } = await import("../src/api/index");
    const { createPublicApi } = await import("../src/public/index");
    const local = { staff: createApi(), public: createPublicApi() };
    const handlers = Object.fromEntries(
      await Promise.all(
        Object.entries(HANDLERS)
          .filter(([, handler]) => "routes" in handler.trigger)
          .map(async ([name, handler]) => [
            name,
            (await import(/* @vite-ignore */ `../../../${handler.entry}`)).handler as Handler,
          ]),
      ),
    ) as Record<HandlerName, Handler>;
    const operations: Operation[] = [];
    for (const [app, base] of [
      [local.staff, "/api"],
      [local.public, "/api/public"],
    ] as const) {
      const doc = (await (await app.request(`${base}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      for (const [path, methods] of Object.entries(doc.paths))
        for (const method of Object.keys(methods)) operations.push({ method: method.toUpperCase(), path });
    }
    // Without credentials every route answers before the database (the deployed handlers have
    // a placeholder one): 401, 400 for a bad body, 404 for a link token that cannot be.
    const url = (path: string) => path.replace(/\{[^}]+\}/g, "01a21644-485d-7141-b0d8-7f4c84d8e21a");
    const answers = await Promise.all(
      operations.map(async ({ method, path }) => {
        const lambda = routedTo(url(path));
        const app = url(path).startsWith("/api/public/") ? local.public : local.staff;
        const [deployed, here] = await Promise.all([
          call(handlers[lambda], method, url(path)).then(answer),
          Promise.resolve(app.request(url(path), { method })).then(async (response) =>
            answer({ statusCode: response.status, body: await response.text() }),
          ),
        ]);
        return { route: `${method} ${path}`, lambda, deployed, local: here };
      }),
    );
    expect(operations.length).toBeGreaterThan(100);
    expect(answers.filter((a) => a.deployed !== a.local || a.local.endsWith("route.not_found"))).toEqual([]);
  });
});
