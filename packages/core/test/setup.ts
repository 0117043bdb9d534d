import { inject } from "vitest";
import { Env } from "../src/env/index";

// Each test file's modules read DATABASE_URL on first use; point them at the migrated test database.
process.env.DATABASE_URL = inject("databaseUrl");
// No entry point loads the environment in a test: core reads the test process's own, live.
Env.set(process.env);
