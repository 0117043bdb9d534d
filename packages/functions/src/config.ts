/** Settings the entry points read from the environment; core reads its own in one module per resource. */
export const config = {
  /** "simulated" (the local default) or "baileys". */
  waMode: () => (process.env.WA_MODE ?? "simulated") as "simulated" | "baileys",
  /** Guards the dev endpoints until accounts exist; the local runtime makes one and prints it. */
  devToken: () => process.env.DEV_TOKEN,
  /** Where the gateway's control endpoint listens (simulated mode, local only). */
  gatewayUrl: () => process.env.WA_GATEWAY_URL ?? "http://127.0.0.1:3001",
};
