import type { QueueName } from "@wapos/core/queue/contracts";
import type * as z from "zod";
import { POS_GROUPS } from "../api/groups";
import { AiEnv } from "../env/ai";
import { ApiEnv } from "../env/api";
import { EinvoiceConsumerEnv } from "../env/einvoice";
import { JobsEnv } from "../env/jobs";
import { PublicEnv } from "../env/public";
import { WaInboundEnv } from "../env/wa-inbound";

export type LambdaHandler = {
  /** The module, from the repository root, that exports `handler`. */
  entry: string;
  /** The process's environment: infra/ wires it, the module checks it at init. */
  env: z.ZodObject;
  /** HTTP API routes served, or the queue consumed. */
  trigger: { routes: string[] } | { queue: QueueName; batchSize: number };
  timeoutSeconds?: number;
  /** Packages left out of the bundle and npm-installed beside it (see infra/bundling.ts). */
  install?: string[];
  /** At most this many invocations at once (reserved concurrency). */
  concurrency?: number;
};

/** The paths the `pos` Lambda serves; API Gateway picks the most specific route, so these win over ANY /api/{proxy+}. */
const POS_ROUTES = POS_GROUPS.flatMap((group) => group.segments).flatMap((segment) => [
  `ANY /api/${segment}`,
  `ANY /api/${segment}/{proxy+}`,
]);

/**
 * Every Lambda of the app: infra/ deploys exactly these and `npm run bench` measures exactly
 * these, so the two cannot drift apart.
 */
export const HANDLERS = {
  /** The staff API's day-to-day routes: tickets, customers, settings, users, WhatsApp, health. */
  api: {
    entry: "packages/functions/src/lambda/api.ts",
    env: ApiEnv,
    trigger: { routes: ["ANY /api/{proxy+}"] },
  },
  /** Sign-in and passwords: the breach list and strength estimator load on the first check. */
  auth: {
    entry: "packages/functions/src/lambda/auth.ts",
    env: ApiEnv,
    trigger: { routes: ["ANY /api/auth/{proxy+}"] },
  },
  /** The counter's e-invoice routes, with the document builder, validator and signer. */
  "einvoice-api": {
    entry: "packages/functions/src/lambda/einvoice-api.ts",
    env: ApiEnv,
    trigger: { routes: ["ANY /api/einvoice/{proxy+}"] },
  },
  /** The counter: catalogue, stock, sales, payments (POS_ROUTES). */
  pos: {
    entry: "packages/functions/src/lambda/pos.ts",
    env: ApiEnv,
    trigger: { routes: POS_ROUTES },
    // The A4 invoice's PDF library reads its fonts at run time.
    install: ["pdfkit"],
  },
  public: {
    entry: "packages/functions/src/lambda/public.ts",
    env: PublicEnv,
    trigger: { routes: ["ANY /api/public/{proxy+}"] },
  },
  "wa-inbound": {
    entry: "packages/functions/src/lambda/wa-inbound.ts",
    env: WaInboundEnv,
    trigger: { queue: "wa-inbound", batchSize: 10 },
  },
  jobs: {
    entry: "packages/functions/src/lambda/jobs.ts",
    env: JobsEnv,
    trigger: { queue: "jobs", batchSize: 10 },
  },
  /**
   * Customers' questions for the assistant; one chat at a time by its claim (core/src/assistant/reply.ts).
   * A model's turn stops at twice OPENAI_TIMEOUT_MS (40 s by default), within 55 s.
   */
  ai: {
    entry: "packages/functions/src/lambda/ai.ts",
    env: AiEnv,
    trigger: { queue: "ai", batchSize: 1 },
    timeoutSeconds: 55,
  },
  /**
   * One invoice at a time, in one instance: LHDN's submit and poll limits are per client and
   * each instance has its own limiter. The job waits up to 30 s for the verdict and then
   * schedules another look, within 55 s.
   */
  einvoice: {
    entry: "packages/functions/src/lambda/einvoice.ts",
    env: EinvoiceConsumerEnv,
    trigger: { queue: "einvoice", batchSize: 1 },
    timeoutSeconds: 55,
    concurrency: 1,
  },
} as const satisfies Record<string, LambdaHandler>;

export type HandlerName = keyof typeof HANDLERS;

/** SST's handler string: the module path without its extension, then the export. */
export const sstHandler = (handler: LambdaHandler) => `${handler.entry.replace(/\.ts$/, "")}.handler`;
