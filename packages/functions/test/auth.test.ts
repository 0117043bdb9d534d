import { Auth } from "@wapos/core/auth/index";
import { User } from "@wapos/core/user/index";
import { fixedClock, setClock } from "@wapos/core/util/clock";
import { createId } from "@wapos/core/util/id";
import { authSecret } from "@wapos/core/util/keys";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { useFixedClock } from "../../core/test/clock";
import { createApi } from "../src/api/index";
import { fromAddress, randomAddress } from "./harness";

const api = createApi();

/** A fresh account and the temporary password it was given. */
async function account(role: "admin" | "tech" | "cashier" = "tech") {
  const email = `user-${createId()}@example.test`;
  const { user, temporaryPassword } = await User.create({ email, name: "Siti", role });
  return { id: user.id, email, password: temporaryPassword };
}

/** A fresh account whose owner has replaced the temporary password, as on every day after the first. */
async function settled(role: "admin" | "tech" | "cashier" = "tech") {
  const user = await account(role);
  const first = await body<{ access_token: string }>(login(user));
  const password = `kopi-o-kosong-${createId().slice(-6)}`;
  const changed = await api.request("/api/auth/password", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${first.access_token}` },
    body: JSON.stringify({ current_password: user.password, new_password: password }),
  });
  expect(changed.status).toBe(200);
  return { ...user, password };
}

/** Each call its own client address, so the per-address limit is only met where a test means to. */
function login(credentials: object, headers: Record<string, string> = {}, from = randomAddress()) {
  return api.request(
    "/api/auth/login",
    {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(credentials),
    },
    fromAddress(from),
  );
}

async function body<T>(response: Response | Promise<Response>): Promise<T> {
  const r = await response;
  expect(r.status).toBe(200);
  return (await r.json()) as T;
}

type Session = { access_token: string; refresh_token: string; user: { id: string; email: string } };

const me = (accessToken: string) =>
  api.request("/api/auth/me", { headers: { authorization: `Bearer ${accessToken}` } });
const refresh = (token: string) =>
  api.request("/api/auth/refresh", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refresh_token: token }),
  });

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

useFixedClock();

describe("login", () => {
  it("opens a session: httpOnly Secure cookies for the browser, a bearer token for API clients", async () => {
    const user = await account();
    const response = await login(user);
    expect(response.status).toBe(200);
    const session = (await response.json()) as Session;
    expect(session.user.email).toBe(user.email);
    expect(session.refresh_token).toBeDefined();
    const set = cookies(response);
    expect(set.wapos_session!.attributes).toEqual(
      expect.arrayContaining(["httponly", "secure", "samesite=lax"]),
    );
    expect(set.wapos_refresh!.attributes).toEqual(
      expect.arrayContaining(["httponly", "secure", "path=/api/auth"]),
    );
    expect(set.wapos_csrf!.attributes).not.toContain("httponly");
    expect(await (await me(session.access_token)).json()).toMatchObject({ user: { email: user.email } });
  });

  it("keeps the refresh token out of the body for a browser (it sends Origin)", async () => {
    const user = await account();
    const response = await login(user, { origin: "http://localhost:3000" });
    expect(((await response.json()) as { refresh_token?: string }).refresh_token).toBeUndefined();
  });

  it("answers a wrong password, an unknown email, a disabled and a locked account exactly alike", async () => {
    setClock(fixedClock(`2031-03-0${1 + Math.floor(Math.random() * 8)}T02:01:00Z`));
    const wrong = await account();
    const disabled = await account();
    await User.update(disabled.id, { status: "disabled" });
    const locked = await account();
    for (let i = 0; i < Auth.MAX_FAILED_LOGINS; i++)
      expect((await login({ email: locked.email, password: `wrong-${i}` })).status).toBe(401);

    const answers = await Promise.all(
      [
        { email: wrong.email, password: "not the password!!" },
        { email: `nobody-${createId()}@example.test`, password: "whatever-it-is!!" },
        disabled,
        locked,
        { email: locked.email, password: "still not the password" },
      ].map(async (credentials) => {
        const response = await login(credentials);
        return { status: response.status, body: await response.json() };
      }),
    );
    for (const answer of answers)
      expect(answer).toEqual({
        status: 401,
        body: { code: "auth.invalid_credentials", message: "Wrong email or password." },
      });
  });

  it("takes as long for an unknown email or a locked account as for a wrong password", async () => {
    // A 15-minute window of its own for the per-address limit, and the lock made in the one before.
    const day = `2032-0${1 + Math.floor(Math.random() * 9)}-11`;
    const clock = fixedClock(`${day}T05:13:00Z`);
    setClock(clock);
    const wrong = [await account(), await account()];
    const locked = await account();
    for (let i = 0; i < Auth.MAX_FAILED_LOGINS; i++)
      await login({ email: locked.email, password: `wrong-${i}` });
    await login({ email: `warm-${createId()}@example.test`, password: "warming-up-here" });
    clock.set(`${day}T05:16:00Z`);

    const kinds = {
      wrong: (i: number) => ({ email: wrong[i % 2]!.email, password: `not-the-password-${i}` }),
      unknown: (i: number) => ({
        email: `nobody-${createId()}-${i}@example.test`,
        password: "not-the-password",
      }),
      locked: () => ({ email: locked.email, password: locked.password }),
    };
    const times: Record<keyof typeof kinds, number[]> = { wrong: [], unknown: [], locked: [] };
    for (let i = 0; i < 6; i++)
      for (const [kind, credentials] of Object.entries(kinds) as [
        keyof typeof kinds,
        (i: number) => object,
      ][]) {
        const start = performance.now();
        const response = await login(credentials(i));
        times[kind].push(performance.now() - start);
        expect(response.status).toBe(401);
      }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    // A skipped hash answers in a few milliseconds against argon2's tens: half is a wide margin.
    expect(median(times.unknown)).toBeGreaterThan(median(times.wrong) * 0.5);
    expect(median(times.locked)).toBeGreaterThan(median(times.wrong) * 0.5);
  }, 180_000);

  it("locks the account after five wrong passwords until the lock ends, and shows the lock to admins only", async () => {
    const clock = fixedClock("2026-12-01T02:00:00Z");
    setClock(clock);
    const user = await account();
    for (let i = 0; i < 5; i++)
      expect((await login({ email: user.email, password: `wrong-password-${i}` })).status).toBe(401);
    expect((await login(user)).status).toBe(401);
    const row = (await User.list()).find((u) => u.id === user.id)!;
    expect(User.toPublic(row).locked_until).toBe("2026-12-01T02:15:00.000Z");

    clock.set("2026-12-01T02:15:01Z");
    expect((await login(user)).status).toBe(200);
  });

  it("limits attempts per client address with 429 and Retry-After", async () => {
    const from = randomAddress();
    const credentials = { email: `nobody-${createId()}@example.test`, password: "some-password-here" };
    const statuses: number[] = [];
    for (let i = 0; i < Auth.LOGIN_ATTEMPTS_PER_IP; i++)
      statuses.push((await login(credentials, {}, from)).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    const limited = await login(credentials, {}, from);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: "auth.rate_limited" });
  });

  it("refuses bad input with 400 naming the field", async () => {
    const response = await login({ email: "not-an-email", password: "" });
    expect(response.status).toBe(400);
    const issues = ((await response.json()) as { issues: { path: string }[] }).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(["email", "password"]);
  });
});

describe("sessions end when they should", () => {
  it("rotates the refresh token; reusing an old one ends every session of that user, access tokens included", async () => {
    const user = await account();
    const first = await body<Session>(login(user));
    const other = await body<Session>(login(user));
    const second = await body<Session>(refresh(first.refresh_token));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await me(second.access_token)).status).toBe(200);

    expect((await refresh(first.refresh_token)).status).toBe(401);
    expect((await refresh(second.refresh_token)).status).toBe(401);
    for (const token of [first.access_token, second.access_token, other.access_token])
      expect(await (await me(token)).json()).toMatchObject({ code: "auth.invalid_token" });
  });

  it("refuses the access token at once after logout, and the refresh token too", async () => {
    const user = await account();
    const session = await body<Session>(login(user));
    const out = await api.request("/api/auth/logout", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refresh_token: session.refresh_token }),
    });
    expect(out.status).toBe(204);
    expect(cookies(out).wapos_session!.attributes.join(";")).toMatch(/max-age=0|expires=thu, 01 jan 1970/);
    expect((await me(session.access_token)).status).toBe(401);
    expect((await refresh(session.refresh_token)).status).toBe(401);
  });

  it("logs out the dashboard by its cookies and an API client by its bearer token alone", async () => {
    const user = await account();
    const browser = await login(user, { origin: "http://localhost:3000" });
    const set = cookies(browser);
    const cookie = `wapos_session=${set.wapos_session!.value}; wapos_refresh=${set.wapos_refresh!.value}`;
    expect((await api.request("/api/auth/logout", { method: "POST", headers: { cookie } })).status).toBe(204);
    expect((await api.request("/api/auth/me", { headers: { cookie } })).status).toBe(401);

    const client = await body<Session>(login(user));
    const headers = { authorization: `Bearer ${client.access_token}` };
    expect((await api.request("/api/auth/logout", { method: "POST", headers })).status).toBe(204);
    expect((await me(client.access_token)).status).toBe(401);
  });

  it("ends every other session on a password change; the device that changed it stays signed in", async () => {
    const user = await account();
    const here = await body<Session>(login(user));
    const elsewhere = await body<Session>(login(user));
    const changed = await body<Session>(
      api.request("/api/auth/password", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${here.access_token}` },
        body: JSON.stringify({ current_password: user.password, new_password: "teh-tarik-kurang-manis" }),
      }),
    );
    expect((await me(changed.access_token)).status).toBe(200);
    expect((await refresh(changed.refresh_token)).status).toBe(200);
    expect((await me(elsewhere.access_token)).status).toBe(401);
    expect((await refresh(elsewhere.refresh_token)).status).toBe(401);
    // The old tokens of the changing device too: it carries on with the fresh session only.
    expect((await me(here.access_token)).status).toBe(401);
  });

  it("stops a disabled user's token at once", async () => {
    const user = await account("cashier");
    const session = await body<Session>(login(user));
    await User.update(session.user.id, { status: "disabled" });
    expect((await me(session.access_token)).status).toBe(401);
  });

  it("refuses a validly signed access token that names no live session", async () => {
    const user = await account();
    const session = await body<Session>(login(user));
    const sign = (claims: object) =>
      new SignJWT({ role: "tech", ...claims })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(session.user.id)
        .setIssuer("wa-pos-crm")
        .setAudience("wa-pos-crm:staff")
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(authSecret());
    expect((await me(await sign({}))).status).toBe(401);
    expect((await me(await sign({ sid: createId() }))).status).toBe(401);
    expect((await me(await sign({ sid: "not-a-uuid" }))).status).toBe(401);
  });

  it("needs the CSRF header for a write authenticated by cookie, not for a bearer token", async () => {
    const user = await settled("admin");
    const response = await login(user);
    const set = cookies(response);
    const { access_token } = (await response.json()) as Session;
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
