import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_DEPLOYED_ENV } from "../src/env/example";

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
