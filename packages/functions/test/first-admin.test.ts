import { User } from "@wapos/core/user/index";
import { describe, expect, it } from "vitest";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { fromAddress, randomAddress } from "./harness";

// The first admin is made only while there is no account at all: a database of its own.
useIsolatedDatabase();
const api = createApi();

describe("the first admin", () => {
  it("refuses an ADMIN_PASSWORD that breaks the policy, creating nothing", async () => {
    const refused = await User.ensureFirstAdmin({
      email: "boss@example.test",
      password: "qwertyuiop12",
    }).then(
      () => undefined,
      (error: { issues?: { path: PropertyKey[]; params?: { reason?: string } }[] }) => error,
    );
    expect(refused?.issues?.[0]).toMatchObject({
      path: ["password"],
      params: { reason: "password.keyboard_walk" },
    });
    expect(await User.list()).toEqual([]);
  });

  it("gets a generated password that must be changed at first login", async () => {
    const created = await User.ensureFirstAdmin({ email: "boss@example.test" });
    expect(created?.generatedPassword).toBeDefined();
    const login = await api.request(
      "/api/auth/login",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "boss@example.test", password: created!.generatedPassword }),
      },
      fromAddress(randomAddress()),
    );
    const { access_token, user } = (await login.json()) as {
      access_token: string;
      user: { must_change_password: boolean };
    };
    expect(user.must_change_password).toBe(true);
    const settings = await api.request("/api/settings", {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(await settings.json()).toMatchObject({ code: "auth.password_change_required" });

    expect(await User.ensureFirstAdmin({ email: "other@example.test" })).toBeUndefined();
  });
});
