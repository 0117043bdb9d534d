import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Intake } from "@wapos/core/intake/index";
import { Link } from "@wapos/core/link/index";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

const Version = z
  .object({ version: z.number(), definition: Intake.Definition, created_at: z.string() })
  .openapi("IntakeFormVersion");
const Current = Version.extend({
  intake_url: z.string().describe("The public form's address (PUBLIC_BASE_URL), for the QR poster"),
}).openapi("IntakeFormCurrent");

// GET /api/intake-form – the form customers answer now
const get = secureRoute("/api", {
  method: "get",
  path: "/intake-form",
  tags: ["intake"],
  summary: "The current intake form",
  responses: {
    200: { description: "The newest version", content: { "application/json": { schema: Current } } },
    ...GUARDED_ERRORS,
  },
});

// PUT /api/intake-form – publish the next version (earlier submissions keep theirs)
const publish = secureRoute("/api", {
  method: "put",
  path: "/intake-form",
  tags: ["intake"],
  summary: "Publish a new version of the intake form",
  request: { body: { required: true, content: { "application/json": { schema: Intake.Definition } } } },
  responses: {
    200: { description: "Published", content: { "application/json": { schema: Version } } },
    400: errorResponse("request.invalid: e.g. consent_text must name the shop and WhatsApp"),
    ...GUARDED_ERRORS,
  },
});

export function intakeFormRoutes() {
  const app = new OpenAPIHono();
  app.openapi(get, async (c) =>
    c.json({ ...(await Intake.currentForm()), intake_url: Link.intakeUrl() }, 200),
  );
  app.openapi(publish, async (c) => c.json(await Intake.publishForm(c.req.valid("json")), 200));
  return app;
}
