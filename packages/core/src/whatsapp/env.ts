import * as z from "zod";

export const SessionEnv = z.object({
  /** The WhatsApp session (one shop number) this deployment runs. */
  WA_SESSION_NAME: z.string().min(1).default("default"),
});

/** How messages leave: the simulated transport (local default) or Baileys (the shop's real number). */
export const WaModeEnv = z.object({ WA_MODE: z.enum(["simulated", "baileys"]).default("simulated") });
