import { log } from "@wapos/core/log";
import { LeaseRefusedError } from "./gateway";
import { gatewayOptionsFromEnv } from "./mode";
import { type StartedGateway, startGateway } from "./start";

/** A second task waits here while the first holds the session (a deploy overlap, a crashed task's lease). */
const LEASE_RETRY_MS = 5000;

// The container's entry point (one Fargate task). The local runtime starts the gateway in-process instead.
async function startWhenLeased(): Promise<StartedGateway> {
  for (;;) {
    try {
      return await startGateway({
        ...gatewayOptionsFromEnv(),
        port: Number(process.env.PORT ?? 3001),
        host: process.env.HOST ?? "0.0.0.0",
        controlToken: process.env.GATEWAY_TOKEN,
      });
    } catch (error) {
      if (!(error instanceof LeaseRefusedError)) throw error;
      log.warn("waiting for the WhatsApp session lease", { error: error.message });
      await new Promise((resolve) => setTimeout(resolve, LEASE_RETRY_MS));
    }
  }
}

const started = await startWhenLeased();
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
