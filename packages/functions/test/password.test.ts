import { createId } from "@wapos/core/util/id";
import { beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../src/api/index";
import { requestLogin, staff } from "./harness";

const api = createApi();
let admin: Awaited<ReturnType<typeof staff>>;
beforeAll(async () => {
  admin = await staff("admin");
});

const login = (email: string, password: string) => requestLogin(api, email, password);

async function signIn(email: string, password: string) {
  const response = await login(email, password);
  expect(response.status).toBe(200);
  const { access_token } = (await response.json()) as { access_token: string };
  const headers = { "content-type": "application/json", authorization: `Bearer ${access_token}` };
  return {
    token: access_token,
    get: (path: string) => api.request(path, { headers }),
    post: (path: string, body: object) =>
      api.request(path, { method: "POST", headers, body: JSON.stringify(body) }),
  };
}

/** An account made by the admin through the API, with the temporary password it was given. */
async function created(role: "admin" | "tech" | "cashier") {
  const response = await api.request("/api/users", {
    method: "POST",
    headers: { "content-type": "application/json", ...admin.auth },
    body: JSON.stringify({ email: `new-${createId()}@example.test`, name: "Aminah", role }),
  });
  const body = (await response.json()) as { user: { id: string; email: string }; temporary_password: string };
  return { id: body.user.id, email: body.user.email, password: body.temporary_password };
}

describe("a temporary password", () => {
  it("allows only /me, changing it and logging out; everything else is 403 until it is changed", async () => {
    const user = await created("admin");
    const session = await signIn(user.email, user.password);
    expect(await (await session.get("/api/auth/me")).json()).toMatchObject({
      user: { email: user.email, must_change_password: true },
    });
    for (const path of ["/api/tickets/kanban", "/api/users", "/api/settings"]) {
      const refused = await session.get(path);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: "auth.password_change_required" });
    }

    const changed = await session.post("/api/auth/password", {
      current_password: user.password,
      new_password: "nasi-lemak-sambal-pedas",
    });
    expect(changed.status).toBe(200);
    const { access_token, user: after } = (await changed.json()) as {
      access_token: string;
      user: { must_change_password: boolean };
    };
    expect(after.must_change_password).toBe(false);
    const kanban = await api.request("/api/tickets/kanban", {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(kanban.status).toBe(200);
  });

  it("may not be kept: choosing the same password again is refused", async () => {
    const user = await created("tech");
    const session = await signIn(user.email, user.password);
    const response = await session.post("/api/auth/password", {
      current_password: user.password,
      new_password: user.password,
    });
    expect(response.status).toBe(400);
    const { issues } = (await response.json()) as { issues: { path: string; code: string }[] };
    expect(issues).toEqual([expect.objectContaining({ path: "new_password", code: "password.unchanged" })]);
  });

  it("comes back with an admin's reset, and the account is shown as waiting for a new password", async () => {
    const user = await created("cashier");
    const first = await signIn(user.email, user.password);
    await first.post("/api/auth/password", {
      current_password: user.password,
      new_password: "roti-canai-banjir-dua",
    });
    const reset = await api.request(`/api/users/${user.id}/reset-password`, {
      method: "POST",
      headers: admin.auth,
    });
    const { temporary_password } = (await reset.json()) as { temporary_password: string };
    const listed = (await (await api.request("/api/users", { headers: admin.auth })).json()) as {
      users: { id: string; must_change_password: boolean }[];
    };
    expect(listed.users.find((u) => u.id === user.id)?.must_change_password).toBe(true);

    const again = await signIn(user.email, temporary_password);
    expect((await again.get("/api/tickets/kanban")).status).toBe(403);
  });
});

describe("changing one's own password", () => {
  it("needs the current password, and then the new one works and the old one does not", async () => {
    const user = await created("tech");
    const session = await signIn(user.email, user.password);
    const wrong = await session.post("/api/auth/password", {
      current_password: "not-it-at-all",
      new_password: "teh-tarik-kurang-manis",
    });
    expect(await wrong.json()).toMatchObject({ code: "auth.wrong_password" });
    const ok = await session.post("/api/auth/password", {
      current_password: user.password,
      new_password: "teh-tarik-kurang-manis",
    });
    expect(ok.status).toBe(200);
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, "teh-tarik-kurang-manis")).status).toBe(200);
  });

  it.each([
    ["password1234", "password.common"],
    ["🔒🔒🔒🔒🔒🔒", "password.too_short"],
    ["1qaz2wsx3edc", "password.keyboard_walk"],
  ])("refuses %s with 400, naming new_password and the reason %s", async (password, reason) => {
    const user = await created("tech");
    const session = await signIn(user.email, user.password);
    const response = await session.post("/api/auth/password", {
      current_password: user.password,
      new_password: password,
    });
    expect(response.status).toBe(400);
    const { issues } = (await response.json()) as { issues: { path: string; code: string }[] };
    expect(issues.map((i) => i.path)).toEqual(issues.map(() => "new_password"));
    expect(issues[0]!.code).toBe(reason);
  });
});
