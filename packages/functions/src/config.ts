/** Settings the entry points read from the environment; core reads its own in one module per resource. */
export const config = {
  /** "simulated" (the local default) or "baileys". */
  waMode: () => (process.env.WA_MODE ?? "simulated") as "simulated" | "baileys",
  /** Shared by the API and the gateway's control endpoint (simulated mode); the local runtime makes one. */
  gatewayToken: () => process.env.GATEWAY_TOKEN,
  /** Where the gateway's control endpoint listens (simulated mode, local only). */
  gatewayUrl: () => process.env.WA_GATEWAY_URL ?? "http://127.0.0.1:3001",
};
