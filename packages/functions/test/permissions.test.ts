import { signAccess } from "@wapos/core/auth/token";
import { beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../src/api/index";
import { type Access, PERMISSIONS } from "../src/api/permissions";
import { staff } from "./harness";

type Operation = { method: string; path: string; key: string };

const api = createApi();
let operations: Operation[] = [];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const doc = (await (await api.request("/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({
      method: method.toUpperCase(),
      path,
      key: `${method.toUpperCase()} ${path}`,
    })),
  );
  for (const role of ["admin", "tech", "cashier"] as const) tokens[role] = (await staff(role)).token;
  const { user } = await staff("admin");
  tokens.expired = (await signAccess(user, new Date(Date.now() - 60 * 60 * 1000))).token;
  const valid = tokens.admin!;
  tokens.tampered = `${valid.slice(0, -4)}${valid.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
});

/** A concrete URL for a documented path: a syntactically valid id where the path has one. */
const urlFor = (path: string) => path.replace(/\{[^}]+\}/g, "01a21644-485d-7141-b0d8-7f4c84d8e21a");

async function call(op: Operation, token?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const body = op.method === "GET" || op.method === "HEAD" ? undefined : "{}";
  return api.request(urlFor(op.path), { method: op.method, headers, body });
}

/** Routes a role may reach; a refresh-token route refuses everyone who brings no refresh token. */
const allowed = (access: Access, role: string) => {
  if (access === "public" || access === "authenticated") return true;
  if (access === "refresh_token") return false;
  return access.includes(role as never);
};

describe("the permission table", () => {
  it("lists exactly the routes of the OpenAPI document", () => {
    expect(operations.map((op) => op.key).sort()).toEqual(
      Object.keys(PERMISSIONS)
        .filter((key) => key !== "GET /api/openapi.json")
        .sort(),
    );
  });

  it("is enforced on every route for no token, a tampered token, an expired token and each role", async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const access = (PERMISSIONS as Record<string, Access>)[op.key]!;
      const expect401 = access !== "public";
      const refusedAs = access === "refresh_token" ? 401 : 403;
      for (const [who, token] of [
        ["no token", undefined],
        ["tampered token", tokens.tampered],
        ["expired token", tokens.expired],
      ] as const) {
        const status = (await call(op, token)).status;
        if (expect401 ? status !== 401 : status === 401 || status === 403)
          failures.push(`${op.key} with ${who}: ${status}`);
      }
      for (const role of ["admin", "tech", "cashier"]) {
        const status = (await call(op, tokens[role])).status;
        const ok = allowed(access, role);
        if (ok ? status === 401 || status === 403 : status !== refusedAs)
          failures.push(`${op.key} as ${role}: ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("keeps Settings, Users and Audit for admins only", () => {
    for (const key of ["GET /api/settings", "PUT /api/settings", "GET /api/users", "GET /api/audit"] as const)
      expect(PERMISSIONS[key]).toEqual(["admin"]);
  });
});
