import { loadProcessEnv } from "@wapos/core/env/process";
import { LambdaEnv } from "./lambda";

/** The wa-inbound consumer: customers' messages and delivery receipts. */
export const WaInboundEnv = LambdaEnv;

export const loadWaInboundEnv = () => loadProcessEnv("wa-inbound consumer", WaInboundEnv);
