import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Gateway, type GatewayOptions } from "./gateway";
import { createControlApp } from "./http";

export type StartedGateway = { gateway: Gateway; port: number; stop: () => Promise<void> };

/** Starts the gateway and its control endpoint on `host:port` (0 picks a free port). */
export async function startGateway(
  options: GatewayOptions & { port: number; host?: string; controlToken?: string },
): Promise<StartedGateway> {
  const gateway = new Gateway(options);
  await gateway.start();
  const app = createControlApp(gateway, { controlToken: options.controlToken });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? "127.0.0.1" }, () =>
      resolve(s),
    );
  });
  const port = (server.address() as AddressInfo).port;
  return {
    gateway,
    port,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.stop();
    },
  };
}
