import * as z from "zod";

/** `npm start` and tests: the dashboard's own origin unless told otherwise. */
export const LinkEnv = z.object({
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:3000"),
});

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/**
 * A deployed process: where customers' phones reach the shop, given by the stage (infra). It
 * must be HTTPS and not a loopback address, or every customer link would lead nowhere.
 */
export const DeployedLinkEnv = z.object({
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https$/ })
    .refine((url) => !LOOPBACK.test(new URL(url).hostname), "must not be a loopback address in AWS"),
});
