import * as z from "zod";
import { needs } from "../env/index";

const DatabaseUrl = needs(z.string().regex(/^postgres(ql)?:\/\/./, "must be a postgres:// URL"), {
  secret: true,
});

/** The database settings of `npm start` and the CLIs: unset DATABASE_URL means PGlite under DATA_DIR. */
export const DbEnv = z.object({
  DATABASE_URL: DatabaseUrl.optional(),
  DATABASE_DRIVER: z.enum(["neon"]).optional(),
  DATA_DIR: z.string().min(1).optional(),
  /** "host:port": Neon's WebSocket traffic through a local proxy (tests). */
  NEON_WS_PROXY: z.string().min(1).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().optional(),
});

/** A deployed process's database: a server's URL, always. */
export const ServerDbEnv = DbEnv.extend({ DATABASE_URL: DatabaseUrl });

/** Lambda ships Neon's driver only (infra/bundling.ts), so it must be told to use it whatever the host. */
export const LambdaDbEnv = ServerDbEnv.extend({ DATABASE_DRIVER: z.literal("neon") });
