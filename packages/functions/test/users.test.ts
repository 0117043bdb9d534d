import { User } from "@wapos/core/user/index";
import { createId } from "@wapos/core/util/id";
import { beforeAll, describe, expect, it } from "vitest";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { requestLogin, staff } from "./harness";

// "The last admin" counts every account, so this file has a database of its own.
useIsolatedDatabase();
const api = createApi();
let admin: Awaited<ReturnType<typeof staff>>;
const headers = () => ({ "content-type": "application/json", ...admin.auth });
beforeAll(async () => {
  admin = await staff("admin");
});

async function create(role = "cashier") {
  const response = await api.request("/api/users", {
    method: "POST",
    headers: headers(),
    body: JSON.stringify({ email: `new-${createId()}@example.test`, name: "Aminah", role }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { user: { id: string; email: string }; temporary_password: string },
  };
}

const login = (email: string, password: string) => requestLogin(api, email, password);

describe("user management", () => {
  it("creates an account whose temporary password works once handed over", async () => {
    const { status, body } = await create();
    expect(status).toBe(201);
    expect((await login(body.user.email, body.temporary_password)).status).toBe(200);
  });

  it("refuses a second account with the same email, whatever its case", async () => {
    const { body } = await create();
    const again = await api.request("/api/users", {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ email: body.user.email.toUpperCase(), name: "Copy", role: "tech" }),
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "users.email_taken" });
  });

  it("changes a role and audits it", async () => {
    const { body } = await create("cashier");
    const response = await api.request(`/api/users/${body.user.id}`, {
      method: "PATCH",
      headers: headers(),
      body: JSON.stringify({ role: "tech" }),
    });
    expect(await response.json()).toMatchObject({ user: { role: "tech" } });
    const audit = await api.request(`/api/audit?entity=user&entity_id=${body.user.id}`, {
      headers: admin.auth,
    });
    const { entries } = (await audit.json()) as {
      entries: { action: string; diff: object; actor_name: string }[];
    };
    expect(entries[0]).toMatchObject({
      action: "update",
      diff: { role: { from: "cashier", to: "tech" } },
      actor_name: "Test admin",
    });
  });

  it("resets a password: the old one stops working, the new one works", async () => {
    const { body } = await create();
    const reset = await api.request(`/api/users/${body.user.id}/reset-password`, {
      method: "POST",
      headers: admin.auth,
    });
    expect(reset.status).toBe(200);
    const { temporary_password } = (await reset.json()) as { temporary_password: string };
    expect((await login(body.user.email, body.temporary_password)).status).toBe(401);
    expect((await login(body.user.email, temporary_password)).status).toBe(200);
  });

  it("answers an unknown user with 404", async () => {
    const response = await api.request(`/api/users/${createId()}`, {
      method: "PATCH",
      headers: headers(),
      body: JSON.stringify({ role: "tech" }),
    });
    expect(response.status).toBe(404);
  });

  // Last: it leaves this file's admin demoted or not, whichever of the two won.
  it("never leaves the shop without an active admin, even when two admins demote each other at once", async () => {
    // This file's database holds only its own accounts, and `admin` is its only admin.
    await expect(User.update(admin.user.id, { role: "cashier" })).rejects.toMatchObject({
      code: "users.last_admin",
    });
    await expect(User.update(admin.user.id, { status: "disabled" })).rejects.toMatchObject({
      code: "users.last_admin",
    });

    const { user: second } = await User.create({
      email: `second-${createId()}@example.test`,
      name: "Second",
      role: "admin",
    });
    const outcomes = await Promise.allSettled([
      User.update(admin.user.id, { role: "tech" }),
      User.update(second.id, { role: "tech" }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
  });
});
