import { OpenAiEnv } from "@wapos/core/assistant/env";
import { BlobEnv, S3EndpointEnv } from "@wapos/core/blob/env";
import { DbEnv } from "@wapos/core/db/env";
import { EinvoiceEnv } from "@wapos/core/einvoice/env";

import { loadProcessEnv, processEnvForChild, provideProcessEnv } from "@wapos/core/env/process";
import { LinkEnv } from "@wapos/core/link/env";
import { QUEUE_NAMES } from "@wapos/core/queue/contracts";
import { queueEnv } from "@wapos/core/queue/env";
import { AuthSecretEnv, SettingsKeyEnv } from "@wapos/core/util/keys";
import { SessionEnv, WaModeEnv } from "@wapos/core/whatsapp/env";
import { GatewayTuningEnv } from "@wapos/wa-gateway/env";
import * as z from "zod";
import { GatewayControlEnv } from "../config";
import { HttpEnv } from "../http/client-address";

const Port = z.coerce.number().int().min(0).max(65535);

/**
 * What `npm start` is told. Everything has a default: it runs with none set. The local AWS
 * stand-ins, queue URLs and keys it makes itself, then checks the whole (LocalHostedEnv).
 */
export const LocalEnv = z.object({
  PORT: Port.default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default(".data"),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  LOCAL_SQS_PORT: Port.default(0),
  LOCAL_S3_PORT: Port.default(0),
  WA_GATEWAY_PORT: Port.default(0),
  SKIP_WEB: z.enum(["0", "1"]).default("0"),
  AWS_REGION: z.string().min(1).default("us-east-1"),
  AWS_ENDPOINT_URL_SQS: z.url().optional(),
  ...S3EndpointEnv.shape,
  BUCKET_NAME: z.string().min(3).default("wa-pos-crm-local"),
  STORAGE_PUBLIC_URL: z.url().optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  ...WaModeEnv.shape,
  GATEWAY_TOKEN: z.string().min(16).optional(),
  ...DbEnv.omit({ DATA_DIR: true }).shape,
  ...AuthSecretEnv.partial().shape,
  ...SettingsKeyEnv.partial().shape,
  ...HttpEnv.shape,
  ...EinvoiceEnv.shape,
  ...OpenAiEnv.shape,
  ...SessionEnv.shape,
  ...GatewayTuningEnv.shape,
});
export type LocalEnv = z.output<typeof LocalEnv>;

/** What the API, the public API, the consumers and the gateway need locally, once filled in. */
export const LocalHostedEnv = z.object({
  ...DbEnv.shape,
  ...AuthSecretEnv.shape,
  ...SettingsKeyEnv.shape,
  ...LinkEnv.shape,
  ...BlobEnv.shape,
  ...queueEnv(QUEUE_NAMES).shape,
  ...WaModeEnv.shape,
  ...SessionEnv.shape,
  ...HttpEnv.shape,
  ...EinvoiceEnv.shape,
  ...OpenAiEnv.shape,
  ...GatewayControlEnv.required({ GATEWAY_TOKEN: true }).shape,
  ...GatewayTuningEnv.shape,
});

export const loadLocalEnv = () => loadProcessEnv("npm start", LocalEnv);

/** Adds what the runtime made (endpoints, queue URLs, keys) and checks the whole before anything is served. */
export function provideLocal(values: Record<string, string>) {
  provideProcessEnv(values);
}

export const checkLocalHosted = () => loadProcessEnv("npm start", LocalHostedEnv);

/** The real environment handed to the dashboard's build (a child process). */
export const envForChild = processEnvForChild;
