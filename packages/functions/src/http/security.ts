import { createRoute } from "@hono/zod-openapi";
import { withActor } from "@wapos/core/actor";
import { Auth, type StaffUser } from "@wapos/core/auth/index";
import { VisibleError } from "@wapos/core/error";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { type Access, PERMISSIONS } from "../api/permissions";

export const COOKIE = { session: "wapos_session", refresh: "wapos_refresh", csrf: "wapos_csrf" } as const;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/**
 * What a user signed in with a temporary password may do until they choose their own: see who
 * they are and change it (logging out and refreshing need no access token).
 */
const WHILE_PASSWORD_TEMPORARY = new Set(["GET /api/auth/me", "POST /api/auth/password"]);

/** The client's address: the connection's peer, X-Forwarded-For only from TRUSTED_PROXIES. */
export { clientIp } from "./client-address";

/** The access token from `Authorization: Bearer` (API clients) or the session cookie (dashboard). */
export function credentials(c: Context): { token: string; viaCookie: boolean } | undefined {
  const header = c.req.header("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) return { token: header.slice(7).trim(), viaCookie: false };
  const cookie = getCookie(c, COOKIE.session);
  return cookie ? { token: cookie, viaCookie: true } : undefined;
}

/**
 * A cookie-authenticated write must echo the readable csrf cookie in `x-csrf-token`: a page on
 * another site can make the browser send our cookies, but cannot read them to copy.
 */
function checkCsrf(c: Context) {
  const cookie = getCookie(c, COOKIE.csrf);
  const header = c.req.header("x-csrf-token");
  if (!cookie || !header || cookie !== header)
    throw new VisibleError(
      "auth.csrf",
      "Missing or wrong x-csrf-token header for a cookie-authenticated write.",
    );
}

/**
 * Enforces one route's access: authenticates (the session must be live), holds a temporary
 * password to changing it, checks the role and CSRF, then runs as that user.
 */
export function guard(access: Access, route: string): MiddlewareHandler {
  return async (c, next) => {
    if (access === "public" || access === "refresh_token") return next();
    const given = credentials(c);
    if (!given) throw new VisibleError("auth.required", "Log in first.");
    const user = await Auth.authenticate(given.token);
    if (user.must_change_password && !WHILE_PASSWORD_TEMPORARY.has(route))
      throw new VisibleError(
        "auth.password_change_required",
        "You signed in with a temporary password: choose your own first (POST /api/auth/password).",
      );
    if (access !== "authenticated" && !access.includes(user.role))
      throw new VisibleError("auth.forbidden", "Your role does not allow this.");
    if (given.viaCookie && !SAFE_METHODS.has(c.req.method)) checkCsrf(c);
    c.set("user", user);
    await withActor({ type: "user", properties: { userId: user.id, role: user.role } }, () => next());
  };
}

declare module "hono" {
  interface ContextVariableMap {
    user: StaffUser;
  }
}

/** The signed-in user of a guarded route. */
export const useUser = (c: Context): StaffUser => c.get("user");

type RouteConfig = Parameters<typeof createRoute>[0];

/**
 * createRoute plus the route's entry in the permission table: its guard runs before the
 * body is read, and a route missing from the table cannot be defined.
 */
export function secureRoute<R extends RouteConfig>(basePath: string, config: R) {
  const key = `${config.method.toUpperCase()} ${basePath}${config.path}`;
  const access = (PERMISSIONS as Record<string, Access>)[key];
  if (!access) throw new Error(`${key} is not in the permission table (api/permissions.ts)`);
  return createRoute({
    ...config,
    middleware: [guard(access, key)],
    ...(access === "public" || access === "refresh_token"
      ? {}
      : // A customer's link token in the body stands in for a session: credentials are optional.
        {
          security: [
            { session: [] },
            { bearer: [] },
            ...(typeof access === "object" && "orCustomerLink" in access ? [{}] : []),
          ],
        }),
  } as R);
}

/** Sets the session cookies after login or refresh. Secure always: browsers accept it on localhost too. */
export function setSessionCookies(
  c: Context,
  session: { accessToken: string; accessExpiresAt: Date; refreshToken: string },
  csrfToken: string,
) {
  const common = { httpOnly: true, secure: true, sameSite: "Lax" as const, path: "/" };
  setCookie(c, COOKIE.session, session.accessToken, { ...common, expires: session.accessExpiresAt });
  setCookie(c, COOKIE.refresh, session.refreshToken, {
    ...common,
    sameSite: "Strict",
    path: "/api/auth",
    maxAge: Auth.REFRESH_TTL_SECONDS,
  });
  setCookie(c, COOKIE.csrf, csrfToken, {
    secure: true,
    sameSite: "Strict",
    path: "/",
    maxAge: Auth.REFRESH_TTL_SECONDS,
  });
}

export function clearSessionCookies(c: Context) {
  deleteCookie(c, COOKIE.session, { path: "/", secure: true });
  deleteCookie(c, COOKIE.refresh, { path: "/api/auth", secure: true });
  deleteCookie(c, COOKIE.csrf, { path: "/", secure: true });
}

export const refreshCookie = (c: Context) => getCookie(c, COOKIE.refresh);
