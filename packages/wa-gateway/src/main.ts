import { log } from "@wapos/core/log";
import { loadGatewayEnv } from "./env";
import { LeaseRefusedError } from "./gateway";
import { gatewayOptions } from "./mode";
import { type StartedGateway, startGateway } from "./start";

/** A second task waits here while the first holds the session (a deploy overlap, a crashed task's lease). */
const LEASE_RETRY_MS = 5000;

// The container's entry point (one Fargate task). The local runtime starts the gateway in-process instead.
// A missing or invalid variable stops the task here, named, before it takes the session's lease.
const env = loadGatewayEnv();

async function startWhenLeased(): Promise<StartedGateway> {
  for (;;) {
    try {
      return await startGateway({
        ...gatewayOptions(env),
        port: env.PORT,
        host: env.HOST,
        controlToken: env.GATEWAY_TOKEN,
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
