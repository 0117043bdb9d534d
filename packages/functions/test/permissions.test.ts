import { signAccess } from "@wapos/core/auth/token";
import { User } from "@wapos/core/user/index";
import { createId } from "@wapos/core/util/id";
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_NOW, useFixedClock } from "../../core/test/clock";
import { createApi } from "../src/api/index";
import { type Access, PERMISSIONS } from "../src/api/permissions";
import { fromAddress, randomAddress, staff } from "./harness";

type Operation = { method: string; path: string; key: string };

useFixedClock();
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
  const { user, sessionId } = await staff("admin");
  tokens.expired = (await signAccess(user, sessionId, new Date(TEST_NOW.getTime() - 60 * 60 * 1000))).token;
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
      for (const role of ["admin", "tech", "cashier"] as const) {
        // Logging out ends the session its token names: a throwaway one, so the others live on.
        const token = op.key === "POST /api/auth/logout" ? (await staff(role)).token : tokens[role];
        const status = (await call(op, token)).status;
        const ok = allowed(access, role);
        if (ok ? status === 401 || status === 403 : status !== refusedAs)
          failures.push(`${op.key} as ${role}: ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("holds a temporary password to /me and changing it on every route, with auth.password_change_required", async () => {
    const { temporaryPassword, user } = await User.create({
      email: `temporary-${createId()}@example.test`,
      name: "New admin",
      role: "admin",
    });
    const login = await api.request(
      "/api/auth/login",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: user.email, password: temporaryPassword }),
      },
      fromAddress(randomAddress()),
    );
    const { access_token } = (await login.json()) as { access_token: string };
    const open = new Set(["GET /api/auth/me", "POST /api/auth/password"]);
    const failures: string[] = [];
    for (const op of operations) {
      const access = (PERMISSIONS as Record<string, Access>)[op.key]!;
      if (access === "public" || access === "refresh_token") continue;
      const response = await call(op, access_token);
      const code = ((await response.json().catch(() => ({}))) as { code?: string }).code;
      const held = response.status === 403 && code === "auth.password_change_required";
      if (held === open.has(op.key)) failures.push(`${op.key}: ${response.status} ${code}`);
    }
    expect(failures).toEqual([]);
  });

  it("keeps Settings, Users and Audit for admins only", () => {
    for (const key of ["GET /api/settings", "PUT /api/settings", "GET /api/users", "GET /api/audit"] as const)
      expect(PERMISSIONS[key]).toEqual(["admin"]);
  });
});
