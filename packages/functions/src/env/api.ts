import { OpenAiEnv } from "@wapos/core/assistant/env";
import { EinvoiceEnv } from "@wapos/core/einvoice/env";
import { loadProcessEnv } from "@wapos/core/env/process";
import * as z from "zod";
import { GatewayControlEnv } from "../config";
import { HttpEnv } from "../http/client-address";
import { LambdaEnv } from "./lambda";

/** The staff API. WA_MODE has no default here: "simulated" would mount the dev routes. */
export const ApiEnv = LambdaEnv.extend({
  ...HttpEnv.shape,
  ...EinvoiceEnv.shape,
  ...OpenAiEnv.shape,
  ...GatewayControlEnv.partial().shape,
  WA_MODE: z.enum(["simulated", "baileys"]),
});

export const loadApiEnv = () => loadProcessEnv("staff API", ApiEnv);
