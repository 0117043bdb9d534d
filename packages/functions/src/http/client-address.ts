import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { Env } from "@wapos/core/env/index";
import type { Context } from "hono";
import proxyaddr from "proxy-addr";
import * as z from "zod";

/** The proxies in front of the HTTP functions (see `trusted`). */
export const HttpEnv = z.object({ TRUSTED_PROXIES: z.string().optional() });

/**
 * What each runtime hands the app as `c.env`: @hono/node-server gives the Node request
 * (`incoming`), hono/aws-lambda gives API Gateway's request context (HTTP API v2 or REST v1).
 */
type Bindings = {
  incoming?: { socket?: { remoteAddress?: string } };
  requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } };
};

/** The address the connection came from: the socket locally, API Gateway's view in AWS. */
function peerAddress(c: Context): string | undefined {
  const env = c.env as Bindings | undefined;
  return (
    env?.incoming?.socket?.remoteAddress ??
    env?.requestContext?.http?.sourceIp ??
    env?.requestContext?.identity?.sourceIp
  );
}

let compiled: { from: string; trust: (address: string, hop: number) => boolean } | undefined;

/**
 * TRUSTED_PROXIES: comma-separated addresses or CIDR ranges (or proxy-addr's names such as
 * `loopback`) of the proxies in front of us. Unset trusts none. A malformed entry throws
 * naming the variable; `createApp` calls this once so a typo stops the process at start.
 */
export function trusted(): (address: string, hop: number) => boolean {
  const from = Env.read(HttpEnv).TRUSTED_PROXIES?.trim() ?? "";
  if (compiled?.from !== from) {
    const list = from
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    try {
      compiled = { from, trust: proxyaddr.compile(list) };
    } catch (error) {
      throw new Error(
        `TRUSTED_PROXIES is not a list of addresses or CIDR ranges: ${(error as Error).message}`,
      );
    }
  }
  return compiled.trust;
}

const unmapped = (address: string) =>
  address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;

/**
 * The client's address, for per-address limits and consent evidence. It is the peer of the
 * connection (the socket locally, `requestContext.http.sourceIp` behind API Gateway), and
 * X-Forwarded-For is read only when that peer is a proxy listed in TRUSTED_PROXIES: then the
 * nearest entry not itself a trusted proxy. So a client cannot choose its own address by
 * sending the header. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) comes back as plain IPv4.
 * Undefined when the runtime gave no peer (an in-process `app.request` without env): limits
 * then share one "unknown" bucket rather than trusting a header.
 */
export function clientIp(c: Context): string | undefined {
  const peer = peerAddress(c);
  if (!peer || !isIP(peer)) return undefined;
  const forwarded = c.req.header("x-forwarded-for");
  const address = forwarded
    ? proxyaddr(
        {
          socket: { remoteAddress: peer },
          headers: { "x-forwarded-for": forwarded },
        } as unknown as IncomingMessage,
        trusted(),
      )
    : peer;
  return unmapped(isIP(address) ? address : peer);
}
