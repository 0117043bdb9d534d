import { Message } from "@wapos/core/message/index";
import { sessionName } from "@wapos/core/whatsapp/session";
import { usePostgresAuthState } from "./baileys/auth-state";
import { BaileysTransport } from "./baileys/transport";
import type { GatewayOptions } from "./gateway";
import { NO_PACING } from "./pacing";
import { SimulatedTransport } from "./simulated";

/**
 * The transport WA_MODE asks for, with the pacing that suits it. Simulated (the local
 * default) sends without gaps, so local runs and tests are quick; Baileys keeps the
 * realistic gaps of DEFAULT_PACING unless WA_MIN_GAP_MS / WA_JITTER_MS say otherwise.
 */
export function gatewayOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayOptions {
  const mode = env.WA_MODE ?? "simulated";
  const tuned = {
    ...(env.WA_MIN_GAP_MS ? { minGapMs: Number(env.WA_MIN_GAP_MS) } : {}),
    ...(env.WA_JITTER_MS ? { jitterMs: Number(env.WA_JITTER_MS) } : {}),
  };
  if (mode === "simulated")
    return {
      transport: new SimulatedTransport(),
      pacing: { ...NO_PACING, ...tuned },
    };
  if (mode === "baileys")
    return {
      transport: new BaileysTransport({
        session: sessionName(),
        loadAuth: usePostgresAuthState,
        sentText: Message.sentText,
      }),
      pacing: tuned,
    };
  throw new Error(`WA_MODE must be "simulated" or "baileys", not "${mode}"`);
}
