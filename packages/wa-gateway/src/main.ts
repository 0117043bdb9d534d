import { log } from "@wapos/core/log";
import { SimulatedTransport } from "./simulated";
import { startGateway } from "./start";
import type { Transport } from "./transport";

// The container's entry point (one Fargate task). The local runtime starts the gateway in-process instead.
function transportFromEnv(): Transport {
  const mode = process.env.WA_MODE ?? "simulated";
  if (mode === "simulated") return new SimulatedTransport();
  throw new Error(`WA_MODE=${mode} has no transport in this build yet (the Baileys transport comes next)`);
}

const started = await startGateway({
  transport: transportFromEnv(),
  port: Number(process.env.PORT ?? 3001),
  host: process.env.HOST ?? "0.0.0.0",
  controlToken: process.env.GATEWAY_TOKEN,
});
log.info("wa-gateway started", { port: started.port, mode: started.gateway.transport.mode });

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log.info("wa-gateway stopping", { signal });
    started.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("wa-gateway did not stop cleanly", error);
        process.exit(1);
      },
    );
  });
}
