import { inject } from "vitest";

// Each test file's modules read DATABASE_URL on first use; point them at the migrated test database.
process.env.DATABASE_URL = inject("databaseUrl");
