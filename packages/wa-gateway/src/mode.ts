import { Message } from "@wapos/core/message/index";
import { sessionName } from "@wapos/core/whatsapp/session";
import type * as z from "zod";
import { usePostgresAuthState } from "./baileys/auth-state";
import { BaileysTransport } from "./baileys/transport";
import type { GatewayTuningEnv } from "./env";
import type { GatewayOptions } from "./gateway";
import { NO_PACING } from "./pacing";
import { SimulatedTransport } from "./simulated";

/**
 * The transport WA_MODE asks for, with the pacing that suits it. Simulated (the local
 * default) sends without gaps, so local runs and tests are quick; Baileys keeps the
 * realistic gaps of DEFAULT_PACING unless WA_MIN_GAP_MS / WA_JITTER_MS say otherwise.
 */
export function gatewayOptions(
  env: { WA_MODE: "simulated" | "baileys" } & Partial<z.output<typeof GatewayTuningEnv>>,
): GatewayOptions {
  const tuned = {
    ...(env.WA_MIN_GAP_MS !== undefined ? { minGapMs: env.WA_MIN_GAP_MS } : {}),
    ...(env.WA_JITTER_MS !== undefined ? { jitterMs: env.WA_JITTER_MS } : {}),
  };
  if (env.WA_MODE === "simulated")
    return {
      transport: new SimulatedTransport(),
      pacing: { ...NO_PACING, ...tuned },
    };
  return {
    transport: new BaileysTransport({
      session: sessionName(),
      loadAuth: usePostgresAuthState,
      sentText: Message.sentText,
    }),
    pacing: tuned,
  };
}
