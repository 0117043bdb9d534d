import { OpenAPIHono, z } from "@hono/zod-openapi";
import { User } from "@wapos/core/user/index";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const UserView = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["admin", "tech", "cashier"]),
    status: z.enum(["invited", "active", "disabled"]),
    last_login_at: z.string().nullable(),
    locked_until: z.string().nullable(),
    created_at: z.string(),
    must_change_password: z.boolean().describe("Still on the temporary password an admin handed over"),
  })
  .openapi("User");
const IdParam = z.object({ id: z.uuid() });
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

// GET /api/users – every staff account
const list = secureRoute("/api", {
  method: "get",
  path: "/users",
  tags: ["users"],
  summary: "List staff accounts",
  responses: { 200: json(z.object({ users: z.array(UserView) }), "Accounts"), ...GUARDED_ERRORS },
});

// POST /api/users – create an account with a temporary password, shown once
const create = secureRoute("/api", {
  method: "post",
  path: "/users",
  tags: ["users"],
  summary: "Create a staff account",
  request: { body: { required: true, content: { "application/json": { schema: User.CreateInput } } } },
  responses: {
    201: json(z.object({ user: UserView, temporary_password: z.string() }), "Created"),
    400: errorResponse("Invalid input"),
    409: errorResponse("users.email_taken"),
    ...GUARDED_ERRORS,
  },
});

// PATCH /api/users/:id – change role, status or name
const update = secureRoute("/api", {
  method: "patch",
  path: "/users/{id}",
  tags: ["users"],
  summary: "Change a staff account",
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: User.UpdateInput } } },
  },
  responses: {
    200: json(z.object({ user: UserView }), "Changed"),
    400: errorResponse("Invalid input"),
    404: errorResponse("users.not_found"),
    409: errorResponse("users.last_admin"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/users/:id/reset-password – a new temporary password, shown once
const reset = secureRoute("/api", {
  method: "post",
  path: "/users/{id}/reset-password",
  tags: ["users"],
  summary: "Reset a password",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ temporary_password: z.string() }), "Reset"),
    404: errorResponse("users.not_found"),
    ...GUARDED_ERRORS,
  },
});

export function userRoutes() {
  const app = new OpenAPIHono();
  app.openapi(list, async (c) => c.json({ users: (await User.list()).map(User.toPublic) }, 200));
  app.openapi(create, async (c) => {
    const { user, temporaryPassword } = await User.create(c.req.valid("json"));
    return c.json({ user: User.toPublic(user), temporary_password: temporaryPassword }, 201);
  });
  app.openapi(update, async (c) => {
    const user = await User.update(c.req.valid("param").id, c.req.valid("json"));
    return c.json({ user: User.toPublic(user) }, 200);
  });
  app.openapi(reset, async (c) => {
    const { temporaryPassword } = await User.resetPassword(c.req.valid("param").id);
    return c.json({ temporary_password: temporaryPassword }, 200);
  });
  return app;
}
