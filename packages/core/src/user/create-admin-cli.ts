import * as z from "zod";
import { ServerDbEnv } from "../db/env";
import { configFromEnv, createDb, setDb } from "../db/index";
import { loadProcessEnv } from "../env/process";
import { User } from "./index";

// `npm run admin:create`: the first admin of a deployed stage, from ADMIN_EMAIL and
// ADMIN_PASSWORD, against DATABASE_URL. Does nothing when the stage already has accounts.
const env = loadProcessEnv(
  "admin:create",
  ServerDbEnv.extend({ ADMIN_EMAIL: z.email().optional(), ADMIN_PASSWORD: z.string().optional() }),
);
const handle = await createDb(configFromEnv());
setDb(handle);
try {
  const created = await User.ensureFirstAdmin({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  if (!created) console.log("accounts exist already; nothing created");
  else
    console.log(
      created.generatedPassword
        ? `admin ${created.user.email} created; temporary password (shown once; choose your own at first login): ${created.generatedPassword}`
        : `admin ${created.user.email} created with ADMIN_PASSWORD`,
    );
} finally {
  await handle.close();
}
