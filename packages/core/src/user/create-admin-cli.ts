import { configFromEnv, createDb, setDb } from "../db/index";
import { User } from "./index";

// `npm run admin:create`: the first admin of a deployed stage, from ADMIN_EMAIL and
// ADMIN_PASSWORD, against DATABASE_URL. Does nothing when the stage already has accounts.
const handle = await createDb(configFromEnv());
setDb(handle);
try {
  const created = await User.ensureFirstAdmin({
    email: process.env.ADMIN_EMAIL,
    password: process.env.ADMIN_PASSWORD,
  });
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
