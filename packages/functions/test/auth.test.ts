import { Auth } from "@wapos/core/auth/index";
import { policyIssues } from "@wapos/core/auth/password";
import { User } from "@wapos/core/user/index";
import { fixedClock, setClock } from "@wapos/core/util/clock";
import { createId } from "@wapos/core/util/id";
import { afterEach, describe, expect, it } from "vitest";
import { createApi } from "../src/api/index";

const api = createApi();

/** A fresh account and the temporary password it was given. */
async function account(role: "admin" | "tech" | "cashier" = "tech") {
  const email = `user-${createId()}@example.test`;
  const { temporaryPassword } = await User.create({ email, name: "Siti", role });
  return { email, password: temporaryPassword };
}

/** Each test its own client address, so the per-address limit is only met where a test means to. */
const address = () =>
  `203.0.113.${Math.floor(Math.random() * 250) + 1}, 10.0.0.${Math.floor(Math.random() * 250) + 1}`;

function login(body: object, headers: Record<string, string> = {}) {
  return api.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address(), ...headers },
    body: JSON.stringify(body),
  });
}

/** The cookies a response sets, by name, with their attributes. */
function cookies(response: Response) {
  return Object.fromEntries(
    response.headers.getSetCookie().map((line) => {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const [name, value] = pair!.split("=");
      return [name, { value, attributes: attributes.map((a) => a.toLowerCase()) }];
    }),
  );
}

afterEach(() => setClock(undefined));

describe("login", () => {
  it("opens a session: httpOnly Secure cookies for the browser, a bearer token for API clients", async () => {
    const user = await account();
    const response = await login(user);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      access_token: string;
      refresh_token?: string;
      user: { email: string };
    };
    expect(body.user.email).toBe(user.email);
    expect(body.refresh_token).toBeDefined();
    const set = cookies(response);
    expect(set.wapos_session!.attributes).toEqual(
      expect.arrayContaining(["httponly", "secure", "samesite=lax"]),
    );
    expect(set.wapos_refresh!.attributes).toEqual(
      expect.arrayContaining(["httponly", "secure", "path=/api/auth"]),
    );
    expect(set.wapos_csrf!.attributes).not.toContain("httponly");

    const me = await api.request("/api/auth/me", {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(await me.json()).toMatchObject({ user: { email: user.email } });
  });

  it("keeps the refresh token out of the body for a browser (it sends Origin)", async () => {
    const user = await account();
    const response = await login(user, { origin: "http://localhost:3000" });
    expect(((await response.json()) as { refresh_token?: string }).refresh_token).toBeUndefined();
  });

  it("says only 'wrong email or password', whether the email exists or not", async () => {
    const user = await account();
    const wrong = await login({ email: user.email, password: "not the password!!" });
    const unknown = await login({ email: `nobody-${createId()}@example.test`, password: "whatever-it-is!!" });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect((await wrong.json()) as object).toEqual(await unknown.json());
  });

  it("locks the account after five wrong passwords; the right one is refused until the lock ends", async () => {
    const clock = fixedClock("2026-12-01T02:00:00Z");
    setClock(clock);
    const user = await account();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await login({ email: user.email, password: `wrong-password-${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423, 423]);

    const refused = await login(user);
    expect(refused.status).toBe(423);
    expect(await refused.json()).toMatchObject({
      code: "auth.locked",
      details: { locked_until: "2026-12-01T02:15:00.000Z" },
    });

    clock.set("2026-12-01T02:15:01Z");
    expect((await login(user)).status).toBe(200);
  });

  it("limits attempts per client address with 429 and Retry-After", async () => {
    const from = { "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250)}` };
    const body = { email: `nobody-${createId()}@example.test`, password: "some-password-here" };
    const statuses: number[] = [];
    for (let i = 0; i < Auth.LOGIN_ATTEMPTS_PER_IP; i++) statuses.push((await login(body, from)).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    const limited = await login(body, from);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: "auth.rate_limited" });
  });

  it("refuses bad input with 400 naming the field", async () => {
    const response = await login({ email: "not-an-email", password: "" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path).sort()).toEqual(["email", "password"]);
  });
});

describe("sessions", () => {
  it("rotates the refresh token; reusing an old one ends every session of that user", async () => {
    const user = await account();
    const first = (await (await login(user)).json()) as { refresh_token: string };
    const refresh = (token: string) =>
      api.request("/api/auth/refresh", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refresh_token: token }),
      });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    const { refresh_token: next } = (await second.json()) as { refresh_token: string };
    expect(next).not.toBe(first.refresh_token);

    expect((await refresh(first.refresh_token)).status).toBe(401);
    expect((await refresh(next)).status).toBe(401);
  });

  it("logs out: the refresh token stops working and the cookies are cleared", async () => {
    const user = await account();
    const { refresh_token } = (await (await login(user)).json()) as { refresh_token: string };
    const out = await api.request("/api/auth/logout", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refresh_token }),
    });
    expect(out.status).toBe(204);
    expect(cookies(out).wapos_session!.attributes.join(";")).toMatch(/max-age=0|expires=thu, 01 jan 1970/);
    const again = await api.request("/api/auth/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refresh_token }),
    });
    expect(again.status).toBe(401);
  });

  it("needs the CSRF header for a write authenticated by cookie, not for a bearer token", async () => {
    const user = await account("admin");
    const response = await login(user);
    const set = cookies(response);
    const { access_token } = (await response.json()) as { access_token: string };
    const cookie = `wapos_session=${set.wapos_session!.value}; wapos_csrf=${set.wapos_csrf!.value}`;
    const put = (headers: Record<string, string>) =>
      api.request("/api/settings", {
        method: "PUT",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ backup: { enabled: true, time: "03:30", keep_days: 30 } }),
      });
    expect(await (await put({ cookie })).json()).toMatchObject({ code: "auth.csrf" });
    expect((await put({ cookie, "x-csrf-token": "guess" })).status).toBe(403);
    expect((await put({ cookie, "x-csrf-token": set.wapos_csrf!.value! })).status).toBe(200);
    expect((await put({ authorization: `Bearer ${access_token}` })).status).toBe(200);
    expect((await api.request("/api/settings", { headers: { cookie } })).status).toBe(200);
  });

  it("stops a disabled user's token at once", async () => {
    const user = await account("cashier");
    const { access_token, user: me } = (await (await login(user)).json()) as {
      access_token: string;
      user: { id: string };
    };
    const { user: admin } = await User.create({
      email: `a-${createId()}@example.test`,
      name: "Boss",
      role: "admin",
    });
    expect(admin.role).toBe("admin");
    await User.update(me.id, { status: "disabled" });
    const response = await api.request("/api/auth/me", {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(response.status).toBe(401);
  });
});

describe("changing one's own password", () => {
  async function signedIn() {
    const user = await account();
    const { access_token } = (await (await login(user)).json()) as { access_token: string };
    const change = (body: object) =>
      api.request("/api/auth/password", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${access_token}` },
        body: JSON.stringify(body),
      });
    return { ...user, change };
  }

  it("needs the current password, and then the new one works and the old one does not", async () => {
    const user = await signedIn();
    const wrong = await user.change({
      current_password: "not-it-at-all",
      new_password: "teh-tarik-kurang-manis",
    });
    expect(await wrong.json()).toMatchObject({ code: "auth.wrong_password" });
    const ok = await user.change({ current_password: user.password, new_password: "teh-tarik-kurang-manis" });
    expect(ok.status).toBe(200);
    expect((await login({ email: user.email, password: user.password })).status).toBe(401);
    expect((await login({ email: user.email, password: "teh-tarik-kurang-manis" })).status).toBe(200);
  });

  it("refuses a new password that breaks the policy, naming new_password", async () => {
    const user = await signedIn();
    const response = await user.change({ current_password: user.password, new_password: "password1234" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path)).toEqual(["new_password"]);
  });
});

describe("security headers", () => {
  it("are on every API response", async () => {
    const response = await api.request("/api/health");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("strict-transport-security")).toContain("max-age=31536000");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  });
});

describe("password policy", () => {
  it.each([
    { password: "short-pass", email: "a@b.co", ok: false },
    { password: "siti@shop.my", email: "siti@shop.my", ok: false },
    { password: "password1234", email: "a@b.co", ok: false },
    { password: "qwertyuiop123", email: "a@b.co", ok: false },
    { password: "kopi-o-kosong-tiga", email: "a@b.co", ok: true },
  ])("$password is ok: $ok", async ({ password, email, ok }) => {
    expect((await policyIssues(password, email)).length === 0).toBe(ok);
  });
});
