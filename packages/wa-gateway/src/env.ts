import { BlobEnv } from "@wapos/core/blob/env";
import { ServerDbEnv } from "@wapos/core/db/env";
import { loadProcessEnv } from "@wapos/core/env/process";
import { queueEnv } from "@wapos/core/queue/env";
import { SettingsKeyEnv } from "@wapos/core/util/keys";
import { SessionEnv, WaModeEnv } from "@wapos/core/whatsapp/env";
import * as z from "zod";

const Ms = z.coerce.number().int().min(0);

/** Sending pace and Baileys' own log level; unset keeps DEFAULT_PACING (pacing.ts) and "warn". */
export const GatewayTuningEnv = z.object({
  WA_MIN_GAP_MS: Ms.optional(),
  WA_JITTER_MS: Ms.optional(),
  WA_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("warn"),
});

/**
 * The gateway's container (infra/gateway.ts). It consumes both outbound queues, reports to
 * wa-inbound and sends to wa-outbound-tx itself when it tells the owner the connection dropped
 * or came back. SETTINGS_KEY opens the WhatsApp session's keys sealed in the database.
 */
export const GatewayEnv = z.object({
  ...ServerDbEnv.shape,
  ...SettingsKeyEnv.shape,
  ...BlobEnv.shape,
  ...queueEnv(["wa-inbound", "wa-outbound-tx"], ["wa-outbound-tx", "wa-outbound-bulk"]).shape,
  ...SessionEnv.shape,
  ...WaModeEnv.shape,
  ...GatewayTuningEnv.shape,
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** The control endpoint's bearer token (simulated mode); unset, the endpoint is closed. */
  GATEWAY_TOKEN: z.string().min(16).optional(),
});

export const loadGatewayEnv = () => loadProcessEnv("wa-gateway", GatewayEnv);
