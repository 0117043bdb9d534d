import { Env } from "@wapos/core/env/index";
import { WaModeEnv } from "@wapos/core/whatsapp/env";
import * as z from "zod";

/** The gateway's control endpoint (simulated mode, local only): the dev routes drive it. */
export const GatewayControlEnv = z.object({
  /** Shared by the API and the gateway's control endpoint; the local runtime makes one. */
  GATEWAY_TOKEN: z.string().min(16).optional(),
  WA_GATEWAY_URL: z.url().default("http://127.0.0.1:3001"),
});

/** Settings the HTTP entry points read; core reads its own through each domain's env.ts. */
export const config = {
  /** "simulated" (the local default) or "baileys". */
  waMode: () => Env.read(WaModeEnv).WA_MODE,
  gatewayToken: () => Env.read(GatewayControlEnv).GATEWAY_TOKEN,
  gatewayUrl: () => Env.read(GatewayControlEnv).WA_GATEWAY_URL,
};
