import { randomBytes } from "node:crypto";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Auth } from "@wapos/core/auth/index";
import { errorResponse } from "../http/schemas";
import {
  clearSessionCookies,
  clientIp,
  credentials,
  refreshCookie,
  secureRoute,
  setSessionCookies,
  useUser,
} from "../http/security";

const StaffUser = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["admin", "tech", "cashier"]),
    must_change_password: z.boolean().openapi({
      description:
        "Signed in with a temporary password: until it is changed (POST /api/auth/password), other routes answer 403 auth.password_change_required",
    }),
  })
  .openapi("StaffUser");

const Session = z
  .object({
    user: StaffUser,
    access_token: z.string().openapi({ description: "Send as Authorization: Bearer <token>" }),
    expires_at: z.string(),
    refresh_token: z
      .string()
      .optional()
      .openapi({ description: "For API clients only; browsers get it as an httpOnly cookie" }),
  })
  .openapi("Session");

const RefreshBody = z.object({ refresh_token: z.string().optional() });

// POST /api/auth/login – email and password → session (cookies for the dashboard, tokens in the body)
const login = secureRoute("/api", {
  method: "post",
  path: "/auth/login",
  tags: ["auth"],
  summary: "Log in",
  request: { body: { required: true, content: { "application/json": { schema: Auth.LoginInput } } } },
  responses: {
    200: { description: "Logged in", content: { "application/json": { schema: Session } } },
    400: errorResponse("Invalid input"),
    401: errorResponse(
      "auth.invalid_credentials: a wrong password, an unknown email, a disabled or a locked account alike",
    ),
    429: errorResponse("auth.rate_limited: Retry-After says when to try again"),
  },
});

// POST /api/auth/refresh – a new access token for a refresh token (rotated)
const refresh = secureRoute("/api", {
  method: "post",
  path: "/auth/refresh",
  tags: ["auth"],
  summary: "Renew the session",
  request: { body: { required: false, content: { "application/json": { schema: RefreshBody } } } },
  responses: {
    200: { description: "Renewed", content: { "application/json": { schema: Session } } },
    401: errorResponse("auth.invalid_token"),
  },
});

// POST /api/auth/logout – ends the session (by refresh or access token) and clears the cookies
const logout = secureRoute("/api", {
  method: "post",
  path: "/auth/logout",
  tags: ["auth"],
  summary: "Log out",
  request: { body: { required: false, content: { "application/json": { schema: RefreshBody } } } },
  responses: { 204: { description: "Logged out" } },
});

// GET /api/auth/me – the signed-in user
const me = secureRoute("/api", {
  method: "get",
  path: "/auth/me",
  tags: ["auth"],
  summary: "The signed-in user",
  responses: {
    200: {
      description: "The user",
      content: { "application/json": { schema: z.object({ user: StaffUser }) } },
    },
    401: errorResponse("Not logged in"),
  },
});

// POST /api/auth/password – change one's own password (policy applies); every other session ends
const password = secureRoute("/api", {
  method: "post",
  path: "/auth/password",
  tags: ["auth"],
  summary: "Change your password",
  request: {
    body: { required: true, content: { "application/json": { schema: Auth.ChangePasswordInput } } },
  },
  responses: {
    200: { description: "Changed; a fresh session", content: { "application/json": { schema: Session } } },
    400: errorResponse(
      "auth.wrong_password, or request.invalid with issues on new_password whose code is the reason (password.too_short, password.weak…)",
    ),
    401: errorResponse("Not logged in"),
  },
});

/**
 * Browsers (they send Origin) keep the refresh token only in an httpOnly cookie, where page
 * scripts cannot read it; API clients get it in the body.
 */
function sessionBody(c: { req: { header(name: string): string | undefined } }, session: Auth.Issued) {
  return {
    user: session.user,
    access_token: session.accessToken,
    expires_at: session.accessExpiresAt.toISOString(),
    ...(c.req.header("origin") ? {} : { refresh_token: session.refreshToken }),
  };
}

async function optionalBody(c: { req: { json(): Promise<unknown> } }) {
  const body = await c.req.json().catch(() => ({}));
  return RefreshBody.parse(body ?? {});
}

export function authRoutes() {
  const app = new OpenAPIHono();
  app.openapi(login, async (c) => {
    const meta = { ip: clientIp(c), userAgent: c.req.header("user-agent") };
    const session = await Auth.login(c.req.valid("json"), meta);
    setSessionCookies(c, session, randomBytes(24).toString("base64url"));
    return c.json(sessionBody(c, session), 200);
  });
  app.openapi(refresh, async (c) => {
    const token = refreshCookie(c) ?? (await optionalBody(c)).refresh_token;
    const session = await Auth.refresh(token ?? "", {
      ip: clientIp(c),
      userAgent: c.req.header("user-agent"),
    });
    setSessionCookies(c, session, randomBytes(24).toString("base64url"));
    return c.json(sessionBody(c, session), 200);
  });
  app.openapi(logout, async (c) => {
    await Auth.logout({
      refreshToken: refreshCookie(c) ?? (await optionalBody(c)).refresh_token,
      accessToken: credentials(c)?.token,
    });
    clearSessionCookies(c);
    return c.body(null, 204);
  });
  app.openapi(me, (c) => c.json({ user: useUser(c) }, 200));
  app.openapi(password, async (c) => {
    const meta = { ip: clientIp(c), userAgent: c.req.header("user-agent") };
    const session = await Auth.changePassword(useUser(c).id, c.req.valid("json"), meta);
    setSessionCookies(c, session, randomBytes(24).toString("base64url"));
    return c.json(sessionBody(c, session), 200);
  });
  return app;
}
