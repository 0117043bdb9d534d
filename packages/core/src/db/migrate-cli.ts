import { loadProcessEnv } from "../env/process";
import { DbEnv } from "./env";
import { configFromEnv, createDb } from "./index";
import { migrate } from "./migrate";

// `npm run db:migrate`: applies migrations to DATABASE_URL (the deploy step runs this).
loadProcessEnv("db:migrate", DbEnv);
const handle = await createDb(configFromEnv());
try {
  await migrate(handle);
  console.log(`migrations applied (${handle.config.driver})`);
} finally {
  await handle.close();
}
